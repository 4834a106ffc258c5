import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { LocalRepositories } from './LocalRepositories';

const author = { name: 'Scaffolder', email: 'scaffolder@example.com' };

describe('LocalRepositories', () => {
  let tmp: string;
  let source: string;
  let repos: LocalRepositories;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-local-repos-'));
    source = path.join(tmp, 'workspace');
    fs.mkdirSync(path.join(source, 'src', 'pkg'), { recursive: true });
    fs.mkdirSync(path.join(source, '.venv', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(source, 'catalog-info.yaml'), 'kind: Model\n');
    fs.writeFileSync(path.join(source, 'src', 'pkg', 'train.py'), 'x = 1\n');
    fs.writeFileSync(path.join(source, '.gitignore'), '.venv/\n*.db\n');
    fs.writeFileSync(path.join(source, '.venv', 'bin', 'python'), '');
    fs.writeFileSync(path.join(source, 'mlflow.db'), 'not for git');
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'outside');
    fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(source, 'link'));
    repos = new LocalRepositories(path.join(tmp, 'repos'));
  });

  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('commits the workspace, minus what .gitignore names, into a bare repository git can clone', async () => {
    const published = await repos.publish('churn', source, {
      message: 'Create churn',
      author,
    });
    expect(published).toEqual({
      gitDir: path.join(tmp, 'repos', 'churn.git'),
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
      branch: 'main',
    });
    const clone = path.join(tmp, 'clone');
    execFileSync('git', ['clone', '-q', published.gitDir, clone]);
    const tracked = execFileSync('git', ['ls-files'], { cwd: clone })
      .toString()
      .trim()
      .split('\n');
    expect(tracked).toEqual([
      '.gitignore',
      'catalog-info.yaml',
      'link',
      'src/pkg/train.py',
    ]);
    // The symlink is committed as a link: its target's content never is.
    expect(fs.readlinkSync(path.join(clone, 'link'))).toBe(
      path.join(tmp, 'secret.txt'),
    );
    expect(
      execFileSync('git', ['log', '--format=%an %s'], {
        cwd: clone,
      }).toString(),
    ).toBe('Scaffolder Create churn\n');
    // Bare, so the new owner can push to it.
    expect(
      execFileSync('git', ['config', 'core.bare'], { cwd: published.gitDir })
        .toString()
        .trim(),
    ).toBe('true');
  });

  it('serves committed files by branch or commit, and says what is missing', async () => {
    const { commit } = await repos.publish('churn', source, {
      message: 'm',
      author,
    });
    const byBranch = await repos.readFile('churn', 'main', 'catalog-info.yaml');
    expect(byBranch.content.toString()).toBe('kind: Model\n');
    expect(byBranch.oid).toMatch(/^[0-9a-f]{40}$/);
    const byCommit = await repos.readFile('churn', commit, 'src/pkg/train.py');
    expect(byCommit.content.toString()).toBe('x = 1\n');

    // Files changed after publishing are not served: only git objects are read.
    fs.writeFileSync(path.join(source, 'catalog-info.yaml'), 'changed');
    expect(
      (await repos.readFile('churn', 'main', 'catalog-info.yaml')).content,
    ).toEqual(Buffer.from('kind: Model\n'));

    await expect(repos.readFile('churn', 'main', 'mlflow.db')).rejects.toThrow(
      'Repository "churn" has no file "mlflow.db" at main',
    );
    await expect(repos.readFile('churn', 'dev', 'README.md')).rejects.toThrow(
      'Repository "churn" has no ref "dev"',
    );
    await expect(repos.readFile('other', 'main', 'x')).rejects.toThrow(
      'No repository "other"',
    );
  });

  it('refuses to publish over an existing repository and leaves it as it was', async () => {
    const first = await repos.publish('churn', source, {
      message: 'm',
      author,
    });
    await expect(
      repos.publish('churn', source, { message: 'again', author }),
    ).rejects.toThrow(
      /Repository "churn" already exists in .*; choose another name or delete .*churn\.git/,
    );
    expect(
      (await repos.readFile('churn', first.commit, 'catalog-info.yaml')).oid,
    ).toBeDefined();
    expect(fs.readdirSync(path.join(tmp, 'repos'))).toEqual(['churn.git']);
  });

  it.each(['../escape', 'a/b', '.hidden', '', 'x'.repeat(101), '..'])(
    'refuses the repository name %j',
    async name => {
      await expect(
        repos.publish(name, source, { message: 'm', author }),
      ).rejects.toThrow('is not allowed; use letters, digits');
      expect(fs.existsSync(path.join(tmp, 'repos'))).toBe(false);
    },
  );

  it('is configured by ml.localRepositories.directory, relative to the working directory', () => {
    expect(LocalRepositories.fromConfig(new ConfigReader({}))).toBeUndefined();
    const configured = LocalRepositories.fromConfig(
      new ConfigReader({ ml: { localRepositories: { directory: 'repos' } } }),
      { cwd: '/srv/backstage' },
    );
    expect(configured?.directory).toBe('/srv/backstage/repos');
  });
});
