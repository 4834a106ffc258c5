import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './__testUtils__/runCli';

// These run the real executable the way a user or CI does; the command tests
// run in-process and cover behaviour, these cover the bin, stdio and exit codes.
jest.setTimeout(60_000);

const cli = (...args: string[]) => {
  const result = spawnSync(
    'node',
    ['packages/cli/bin/ml-marketplace', ...args],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

const CATALOG = 'packages/cli/src/__fixtures__/catalog';
const HF = 'packages/cli/src/__fixtures__/hf';

describe('bin/ml-marketplace', () => {
  it('exits 0 on a valid file, printing the summary on stdout', () => {
    expect(cli('validate', `${CATALOG}/valid-multi-doc.yaml`)).toEqual({
      code: 0,
      stdout: '0 errors, 0 warnings in 1 file (10 entities)\n',
      stderr: '',
    });
  });

  it('exits 1 on errors, with paths relative to the working directory', () => {
    const result = cli('validate', `${CATALOG}/derivation-cycle.yaml`);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${CATALOG}/derivation-cycle.yaml:38:17  dataset:default/snapshots  spec.derivedFrom[0]  makes a derivedFrom cycle`,
    );
    expect(result.stderr).toBe('');
  });

  it('exits 0 on warnings alone and 1 on the same warnings with --strict', () => {
    expect(cli('validate', `${CATALOG}/dangling-refs.yaml`).code).toBe(0);
    expect(
      cli('validate', '--strict', `${CATALOG}/dangling-refs.yaml`).code,
    ).toBe(1);
  });

  it('validates the repository examples clean through a quoted glob', () => {
    const result = cli('validate', 'examples/**/*.yaml');
    expect(result.stdout).toMatch(
      /^0 errors, 0 warnings in \d+ files \(\d+ entities\)\n$/,
    );
    expect(result.code).toBe(0);
  });

  it('prints its own version with --version and -V', () => {
    const { version } = require('../package.json');
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ['--version', '-V']) {
      expect(cli(flag)).toEqual({
        code: 0,
        stdout: `${version}\n`,
        stderr: '',
      });
    }
  });

  it('exits 1 with the help on an unknown command', () => {
    const result = cli('lint');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("error: unknown command 'lint'");
    expect(result.stderr).toContain(
      'Usage: ml-marketplace [options] [command]',
    );
  });

  it('prints help for every command and exits 0', () => {
    for (const command of ['validate', 'schema', 'init', 'import-hf']) {
      const result = cli(command, '--help');
      expect({ command, code: result.code }).toEqual({ command, code: 0 });
      expect(result.stdout).toContain(`Usage: ml-marketplace ${command}`);
    }
  });

  it('exits 1 with a one-line error and no stack trace on a card that is a git symlink', () => {
    const result = cli('import-hf', `${HF}/symlink-as-text.md`);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^ml-marketplace import-hf: .*symlink-as-text.md holds only the path "..\/common\/README.md"/,
    );
  });

  it('prints the imported entity on stdout and the review notes on stderr', () => {
    const result = cli('import-hf', `${HF}/distilbert-imdb.md`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('kind: Model');
    expect(result.stderr).toContain(
      'spec.owner is the placeholder group:default/CHANGE-ME',
    );
  });

  it('prints an init skeleton with --output -', () => {
    const result = cli(
      'init',
      '--kind',
      'Dataset',
      '--name',
      'customers',
      '--owner',
      'group:default/data',
      '--output',
      '-',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'kind: Dataset\nmetadata:\n  name: customers\n',
    );
  });
});
