import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { LocalRepositories } from '@ml-marketplace/plugin-ml-node';
import { createPublishLocalAction } from './publishLocal';
import { actionContext } from '../__testUtils__/actionContext';

const BASE = 'http://localhost:7007/api/ml';

describe('ml:publish:local', () => {
  const tmp = createMockDirectory();
  let workspace: string;
  let repos: LocalRepositories;
  const discovery = {
    getBaseUrl: async () => BASE,
    getExternalBaseUrl: async () => BASE,
  };

  beforeEach(() => {
    tmp.clear();
    workspace = tmp.resolve('workspace');
    fs.mkdirSync(path.join(workspace, 'src'), { recursive: true });
    fs.writeFileSync(
      path.join(workspace, 'catalog-info.yaml'),
      'kind: Model\n',
    );
    fs.writeFileSync(path.join(workspace, 'src', 'train.py'), 'print(1)\n');
    repos = new LocalRepositories(tmp.resolve('repos'));
  });

  const action = () =>
    createPublishLocalAction({ repositories: repos, discovery });

  it('publishes the workspace and outputs URLs the catalog can read', async () => {
    const ctx = actionContext({
      input: { repoName: 'churn-model' },
      workspacePath: workspace,
      user: {
        entity: {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'grace' },
          spec: { profile: { displayName: 'Grace', email: 'grace@acme.test' } },
        },
        ref: 'user:default/grace',
      },
    });
    await action().handler(ctx);

    const contents = `${BASE}/repositories/churn-model/blob/main`;
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      tmp.resolve('repos/churn-model.git'),
    );
    expect(ctx.output).toHaveBeenCalledWith('repoContentsUrl', contents);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      `${contents}/catalog-info.yaml`,
    );
    const commit = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'commitHash',
    )[1];
    const read = await repos.readFile('churn-model', commit, 'src/train.py');
    expect(read.content.toString()).toBe('print(1)\n');
    const log = execFileSync('git', ['log', '--format=%an <%ae>'], {
      cwd: tmp.resolve('repos/churn-model.git'),
    }).toString();
    expect(log).toBe('Grace <grace@acme.test>\n');
  });

  it('publishes a sub-directory with its own catalog file', async () => {
    fs.mkdirSync(path.join(workspace, 'service/deploy'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'service/deploy/catalog.yaml'), 'x');
    const ctx = actionContext({
      input: {
        repoName: 'svc',
        sourcePath: 'service',
        catalogInfoPath: '/deploy/catalog.yaml',
      },
      workspacePath: workspace,
    });
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      `${BASE}/repositories/svc/blob/main/deploy/catalog.yaml`,
    );
    await expect(
      repos.readFile('svc', 'main', 'catalog-info.yaml'),
    ).rejects.toThrow('has no file');
  });

  it('writes nothing in a dry run, and says when the name is taken', async () => {
    const dry = actionContext({
      input: { repoName: 'churn-model' },
      workspacePath: workspace,
      isDryRun: true,
    });
    await action().handler(dry);
    expect(dry.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      `${BASE}/repositories/churn-model/blob/main/catalog-info.yaml`,
    );
    expect(fs.existsSync(tmp.resolve('repos'))).toBe(false);

    await repos.publish('churn-model', workspace, {
      message: 'm',
      author: { name: 'a', email: 'a@b.c' },
    });
    await expect(
      action().handler(
        actionContext({
          input: { repoName: 'churn-model' },
          workspacePath: workspace,
          isDryRun: true,
        }),
      ),
    ).rejects.toThrow(
      `Repository "churn-model" already exists in ${tmp.resolve(
        'repos',
      )}; choose another name or delete ${tmp.resolve(
        'repos/churn-model.git',
      )}`,
    );
  });

  it('takes the commit of an earlier attempt when the task is retried', async () => {
    const checkpoints = new Map<string, unknown>();
    const first = actionContext({
      input: { repoName: 'churn-model' },
      workspacePath: workspace,
      checkpoints,
    });
    await action().handler(first);
    const retry = actionContext({
      input: { repoName: 'churn-model' },
      workspacePath: workspace,
      checkpoints,
    });
    await action().handler(retry);
    const commitOf = (ctx: typeof first) =>
      (ctx.output as jest.Mock).mock.calls.find(([n]) => n === 'commitHash')[1];
    expect(commitOf(retry)).toBe(commitOf(first));

    // A different task (no checkpoint) must not take over the repository.
    await expect(
      action().handler(
        actionContext({
          input: { repoName: 'churn-model' },
          workspacePath: workspace,
        }),
      ),
    ).rejects.toThrow(/Repository "churn-model" already exists/);
  });

  it.each([
    [{ repoName: '../etc' }, 'is not allowed; use letters, digits'],
    [
      { repoName: 'a', sourcePath: '../' },
      'sourcePath must stay inside the workspace',
    ],
    [
      { repoName: 'a', sourcePath: '/etc' },
      'sourcePath must be relative to the workspace',
    ],
    [
      { repoName: 'a', catalogInfoPath: '../../catalog-info.yaml' },
      'catalogInfoPath must stay inside the workspace',
    ],
    [
      { repoName: '${{ secrets.token }}' },
      'input.repoName must not contain a template expression',
    ],
  ])('rejects %j', async (input, message) => {
    await expect(
      action().handler(actionContext({ input, workspacePath: workspace })),
    ).rejects.toThrow(message);
    expect(fs.existsSync(tmp.resolve('repos'))).toBe(false);
  });

  it('rejects a sourcePath through a symlink out of the workspace', async () => {
    fs.mkdirSync(tmp.resolve('elsewhere'));
    fs.symlinkSync(tmp.resolve('elsewhere'), path.join(workspace, 'out'));
    await expect(
      action().handler(
        actionContext({
          input: { repoName: 'a', sourcePath: 'out' },
          workspacePath: workspace,
        }),
      ),
    ).rejects.toThrow(
      'sourcePath goes through a symlink that leaves the workspace, got "out"',
    );
  });

  it('explains how to configure it when no directory is set', async () => {
    const unconfigured = createPublishLocalAction({ discovery });
    await expect(
      unconfigured.handler(
        actionContext({ input: { repoName: 'a' }, workspacePath: workspace }),
      ),
    ).rejects.toThrow(
      'local publishing is not configured; set ml.localRepositories.directory in app-config, or publish with publish:github or publish:gitlab',
    );
  });
});
