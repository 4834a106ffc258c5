/*
 * The training golden path as a user runs it, minus the browser: a real
 * scaffolder task in the real portal backend creates the project, creates its
 * registered model in a real MLflow, publishes it as a git repository on the
 * portal machine (ml:publish:local) and registers it; the catalog then reads
 * catalog-info.yaml back over HTTP and shows the Model with its lineage.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  describeWithMlflow,
  startMlflowServer,
  type MlflowServer,
} from '../__testUtils__/mlflow';
import { startPortal } from '../__testUtils__/startPortal';
import { seconds } from '../__testUtils__/templates';
import { waitFor } from '../__testUtils__/waitFor';

jest.setTimeout(300_000);

const VALUES = {
  name: 'churn-golden',
  description: 'Predicts churn, created by the golden path.',
  owner: 'group:default/growth-ml',
  dataset: 'dataset:default/churn-labels',
  task: 'binary-classification',
  registerInMlflow: true,
  publishTo: 'local',
};

describeWithMlflow('the training golden path, run as a task', () => {
  let server: Parameters<typeof request>[0];
  let grace: string;
  let mlflow: MlflowServer;
  let repos: string;

  beforeAll(async () => {
    repos = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-golden-repos-'));
    mlflow = await startMlflowServer();
    const portal = await startPortal(
      { client: 'better-sqlite3', connection: ':memory:' },
      {
        localRepositories: repos,
        registries: {
          mlflow: [{ id: 'main', baseUrl: mlflow.url, attempts: 2 }],
        },
      },
    );
    server = portal.server;
    grace = await portal.signIn('user:default/grace');
  });

  afterAll(async () => {
    await mlflow?.stop();
    if (repos) fs.rmSync(repos, { recursive: true, force: true });
  });

  /** Starts a task like the "Create" button does and waits for it to end. */
  async function runTask(values: object) {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', `Bearer ${grace}`)
      .send({ templateRef: 'template:default/ml-training-project', values });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const task = await waitFor(
      `task ${id}`,
      async () => {
        const res = await request(server)
          .get(`/api/scaffolder/v2/tasks/${id}`)
          .set('Authorization', `Bearer ${grace}`);
        return ['completed', 'failed'].includes(res.body.status)
          ? res.body
          : undefined;
      },
      120_000,
    );
    const events = await request(server)
      .get(`/api/scaffolder/v2/tasks/${id}/events`)
      .set('Authorization', `Bearer ${grace}`);
    return { task, events: events.body as any[] };
  }

  it('creates, publishes and registers a project whose Model shows up with its lineage', async () => {
    const started = Date.now();
    const { task, events } = await runTask(VALUES);
    const log = events
      .map(e => e.body?.message)
      .filter(Boolean)
      .join('\n');
    expect({ status: task.status, log }).toEqual({
      status: 'completed',
      log: expect.any(String),
    });
    const taskSeconds = seconds(started);

    const model = await waitFor(
      'the new Model in the catalog',
      async () => {
        const res = await request(server)
          .get('/api/catalog/entities/by-name/model/default/churn-golden')
          .set('Authorization', `Bearer ${grace}`);
        return res.status === 200 && res.body.relations?.length
          ? res.body
          : undefined;
      },
      90_000,
    );
    console.log(
      `Create → task done ${taskSeconds} s → Model in the catalog ${seconds(
        started,
      )} s`,
    );
    expect(model.relations).toEqual(
      expect.arrayContaining([
        { type: 'trainedOn', targetRef: 'dataset:default/churn-labels' },
        { type: 'ownedBy', targetRef: 'group:default/growth-ml' },
      ]),
    );
    const base = model.metadata.annotations['backstage.io/managed-by-location'];
    expect(base).toMatch(
      /^url:http:\/\/localhost:\d+\/api\/ml\/repositories\/churn-golden\/blob\/main\/catalog-info\.yaml$/,
    );

    // The lineage index (every second in tests) links the dataset to it.
    const lineage = await waitFor('lineage', async () => {
      const res = await request(server)
        .get('/api/ml/lineage')
        .query({ entityRef: 'model:default/churn-golden', depth: 1 })
        .set('Authorization', `Bearer ${grace}`);
      const refs = (res.body.nodes ?? []).map((n: any) => n.ref);
      return refs.includes('dataset:default/churn-labels') ? refs : undefined;
    });
    expect(lineage).toContain('model:default/churn-golden');

    // The repository is a real git repository its owner can clone.
    const clone = path.join(repos, 'clone');
    execFileSync('git', [
      'clone',
      '-q',
      path.join(repos, 'churn-golden.git'),
      clone,
    ]);
    expect(fs.readdirSync(path.join(clone, 'src'))).toEqual(['churn_golden']);
    expect(
      fs.readFileSync(path.join(clone, 'catalog-info.yaml'), 'utf8'),
    ).toContain('name: churn-golden');

    // And MLflow has the registered model, tied to its owner and entity.
    const res = await fetch(
      `${mlflow.url}/api/2.0/mlflow/registered-models/get?name=churn-golden`,
    );
    const { registered_model: registered } = await res.json();
    expect(registered.tags).toEqual(
      expect.arrayContaining([
        { key: 'owner', value: 'group:default/growth-ml' },
        {
          key: 'ml-marketplace.io/entity-ref',
          value: 'model:default/churn-golden',
        },
      ]),
    );
  });

  it('fails a second project of the same name at publishing, and changes nothing', async () => {
    const before = execFileSync('git', ['rev-parse', 'main'], {
      cwd: path.join(repos, 'churn-golden.git'),
    }).toString();
    const { task, events } = await runTask({
      ...VALUES,
      description: 'A second try',
    });
    expect(task.status).toBe('failed');
    const errors = events
      .filter(e => e.body?.error || e.body?.status === 'failed')
      .map(e => JSON.stringify(e.body))
      .join('\n');
    expect(errors).toContain('Repository \\"churn-golden\\" already exists');
    expect(
      execFileSync('git', ['rev-parse', 'main'], {
        cwd: path.join(repos, 'churn-golden.git'),
      }).toString(),
    ).toBe(before);
  });
});
