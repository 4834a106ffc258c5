/*
 * The golden-path template, proven end to end: the real portal backend renders
 * templates/ml-training-project through the scaffolder's dry-run API, and the
 * rendered Python project then passes its own pytest suite in a fresh
 * virtualenv (and, with the MLflow test server, registers a model in it).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  formatValidationIssues,
  validateMlEntity,
} from '@ml-marketplace/plugin-ml-common';
import { mlflowPython, startMlflowServer } from '../__testUtils__/mlflow';
import {
  describeWithPython,
  pythonVenv,
  type PythonVenv,
} from '../__testUtils__/python';
import { tail } from '../__testUtils__/run';
import { startPortal } from '../__testUtils__/startPortal';
import {
  catalogInfo,
  completedSteps,
  dryRun,
  expectFullyRendered,
  loadTemplate,
  pytest,
  renderTemplate,
  seconds,
  removeWorkDir,
  templateWorkDir,
} from '../__testUtils__/templates';

jest.setTimeout(600_000);

const VALUES = {
  name: 'churn-booster',
  description: 'Predicts which subscribers will cancel in the next 30 days.',
  owner: 'group:default/growth-ml',
  system: 'system:default/retention',
  dataset: 'dataset:default/churn-labels',
  features: ['feature:default/customer-activity'],
  task: 'binary-classification',
  intendedUse: 'Ranks subscribers for the retention team’s outreach.',
  limitations: ['Trained on subscribers of the last 12 months only'],
  // Needs an MLflow; CI always has one (ML_TEST_REQUIRE_MLFLOW=1).
  registerInMlflow: Boolean(mlflowPython()),
  publishTo: 'local',
};

describeWithPython('the ml-training-project template', () => {
  let server: Parameters<typeof renderTemplate>[0];
  let grace: string;
  let workDir: string;
  const loaded = loadTemplate('ml-training-project');

  let mlflow: Awaited<ReturnType<typeof startMlflowServer>> | undefined;
  let portal: Awaited<ReturnType<typeof startPortal>> | undefined;

  beforeAll(async () => {
    // ml:mlflow:register checks the name in a dry run: give it a registry.
    if (mlflowPython()) mlflow = await startMlflowServer();
    portal = await startPortal(
      { client: 'better-sqlite3', connection: ':memory:' },
      {
        registries: mlflow
          ? { mlflow: [{ id: 'main', baseUrl: mlflow.url, attempts: 2 }] }
          : {},
      },
    );
    server = portal.server;
    grace = await portal.signIn('user:default/grace');
    workDir = templateWorkDir();
  });

  afterAll(async () => {
    await portal?.backend.stop();
    await mlflow?.stop();
    removeWorkDir(workDir);
  });

  const render = (values: object, dir: string) =>
    renderTemplate(server, grace, loaded, values, dir);

  let project: string | undefined;
  let venv: PythonVenv | undefined;

  it('renders through the dry-run API into a valid project', async () => {
    const started = Date.now();
    const dir = path.join(workDir, 'churn-booster');
    const body = await render(VALUES, dir);
    console.log(`Dry run: ${seconds(started)} s`);
    // catalog:register cannot dry-run (it is skipped); the rest ran.
    expect(completedSteps(body)).toEqual([
      'fetch',
      'catalog',
      ...(VALUES.registerInMlflow ? ['mlflow'] : []),
      'publish-local',
    ]);
    expect(JSON.stringify(body.output)).toContain(
      'model:default/churn-booster',
    );

    const files = body.directoryContents.map(f => f.path).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yaml',
        '.gitignore',
        'Dockerfile',
        'README.md',
        'catalog-info.yaml',
        'docs/model-card.md',
        'requirements.txt',
        'src/churn_booster/__main__.py',
        'src/churn_booster/data.py',
        'src/churn_booster/evaluate.py',
        'src/churn_booster/features.py',
        'src/churn_booster/train.py',
        'tests/test_cli.py',
      ]),
    );
    expectFullyRendered(dir, body.directoryContents);

    const documents = catalogInfo(dir);
    expect(documents).toHaveLength(1);
    const [entity] = documents;
    const issues = validateMlEntity(entity);
    expect(formatValidationIssues('catalog-info.yaml', issues)).toBe(
      formatValidationIssues('catalog-info.yaml', []),
    );
    expect(entity).toMatchObject({
      kind: 'Model',
      metadata: { name: 'churn-booster', description: VALUES.description },
      spec: {
        owner: 'group:default/growth-ml',
        system: 'system:default/retention',
        lifecycle: 'experimental',
        task: 'binary-classification',
        framework: 'scikit-learn',
        trainedOn: ['dataset:default/churn-labels'],
        consumesFeatures: ['feature:default/customer-activity'],
        registry: { mlflow: { name: 'churn-booster' } },
        modelCard: {
          summary: VALUES.description,
          intendedUse: VALUES.intendedUse,
          limitations: VALUES.limitations,
        },
      },
    });
    expect(entity.spec.modelCard.evaluationData).toEqual(expect.any(String));
    const card = fs.readFileSync(path.join(dir, 'docs/model-card.md'), 'utf8');
    for (const heading of [
      'Intended use',
      'Limitations',
      'Ethical considerations',
      'Evaluation data',
      'Metrics',
    ]) {
      expect(card).toContain(`## ${heading}`);
    }
    expect(card).toContain(VALUES.intendedUse);
    expect(card).toContain(`- ${VALUES.limitations[0]}`);
    project = dir;
  });

  it('renders a project whose own tests pass in a fresh virtualenv', async () => {
    if (!project) throw new Error('the dry run did not render the project');
    venv = await pythonVenv(path.join(workDir, '.venv'));
    const pipSeconds = await venv.installRequirements(
      path.join(project, 'requirements.txt'),
      300_000,
    );
    console.log(`pip install -r requirements.txt: ${pipSeconds.toFixed(1)} s`);

    const started = Date.now();
    const stdout = await pytest(venv, project);
    console.log(`pytest: ${seconds(started)} s\n${tail(stdout, 2)}`);

    // With the MLflow test server (CI has it): the CLI registers the model.
    if (!mlflow) {
      console.warn('Skipped registering in MLflow: no MLflow virtualenv');
      return;
    }
    {
      await venv.run(
        [
          '-c',
          'from churn_booster.data import synthetic_frame; synthetic_frame("binary-classification").to_csv("data/churn-labels.csv", index=False)',
        ],
        { cwd: project, env: { PYTHONPATH: 'src' } },
      );
      // MLflow prints links to the run on stdout: read the summary from a file.
      await venv.run(
        [
          '-m',
          'churn_booster',
          '--register',
          '--fail-below-baseline',
          '--metrics-out',
          'metrics.json',
        ],
        {
          cwd: project,
          env: { PYTHONPATH: 'src', MLFLOW_TRACKING_URI: mlflow.url },
          timeoutMs: 120_000,
        },
      );
      const summary = JSON.parse(
        fs.readFileSync(path.join(project, 'metrics.json'), 'utf8'),
      );
      expect(summary).toMatchObject({
        data: 'data/churn-labels.csv',
        registered_version: '1',
        beats_baseline: true,
      });
      const res = await fetch(
        `${mlflow.url}/api/2.0/mlflow/registered-models/get?name=churn-booster`,
      );
      const { registered_model: model } = await res.json();
      expect(model.tags).toEqual(
        expect.arrayContaining([
          { key: 'owner', value: 'group:default/growth-ml' },
        ]),
      );
    }
  });

  it.each([
    ['multiclass-classification', 'macro F1'],
    ['regression', 'RMSE'],
    ['text-classification', 'macro F1'],
  ])(
    'renders a %s project from the required values only, which trains and logs',
    async (task, metric) => {
      if (!venv) throw new Error('no virtualenv from the test before');
      const dir = path.join(workDir, task);
      const { owner, dataset, registerInMlflow, publishTo } = VALUES;
      // churn-booster is registered in MLflow now, by the test before.
      const name = `${task}-model`;
      await render(
        { name, owner, dataset, task, registerInMlflow, publishTo },
        dir,
      );

      const [entity] = catalogInfo(dir);
      expect(validateMlEntity(entity)).toEqual([]);
      expect(entity.spec).toMatchObject({ task, trainedOn: [dataset] });
      expect(entity.spec.system).toBeUndefined();
      expect(entity.spec.consumesFeatures).toBeUndefined();
      expect(entity.spec.modelCard.intendedUse).toBeUndefined();
      const card = fs.readFileSync(
        path.join(dir, 'docs/model-card.md'),
        'utf8',
      );
      expect(card).toContain(metric);
      expect(card).toContain('_TODO: what the model is for');

      // The tests that depend on the rendered task; the others ran above.
      await pytest(venv, dir, [
        'tests/test_cli.py::test_trains_and_logs_end_to_end',
        'tests/test_train.py::test_the_configured_task_trains_and_predicts',
      ]);
    },
  );

  it.each(['Bad_Name', 'class', 'pandas', '9lives'])(
    'names the field when the name is %j',
    async name => {
      const res = await dryRun(server, grace, loaded, { ...VALUES, name });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          property: 'instance.name',
          message: expect.stringContaining('does not match pattern'),
        }),
      ]);
    },
  );

  it('refuses, before anything runs, a name another team uses in MLflow', async () => {
    if (!mlflow) {
      console.warn('Skipped the MLflow name check: no MLflow virtualenv');
      return;
    }
    // The CLI registered churn-booster above, tagged with its owner only.
    const res = await dryRun(server, grace, loaded, VALUES);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(
      'ml:mlflow:register: registered model "churn-booster" already exists in MLflow "main", owned by group:default/growth-ml; choose another name',
    );
  });

  it('names the field when the Model entity would be invalid', async () => {
    const res = await dryRun(server, grace, loaded, {
      ...VALUES,
      dataset: 'model:default/oops',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(res.body)).toContain('spec.trainedOn[0]');
  });
});
