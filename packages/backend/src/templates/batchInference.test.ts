/*
 * The batch inference golden path, proven end to end: the real portal backend
 * renders templates/ml-batch-inference through the scaffolder's dry-run API
 * (reading the picked Model from the example catalog with catalog:fetch), the
 * Component and the output Dataset declare the lineage exactly, and the
 * rendered Python project then passes its own pytest suite in a fresh
 * virtualenv.
 */
import fs from 'node:fs';
import path from 'node:path';
import { componentEntityV1alpha1Validator } from '@backstage/catalog-model';
import {
  formatValidationIssues,
  validateMlEntity,
} from '@ml-marketplace/plugin-ml-common';
import request from 'supertest';
import { stringify } from 'yaml';
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
  waitForModels,
} from '../__testUtils__/templates';

jest.setTimeout(600_000);

const VALUES = {
  name: 'churn-scoring',
  description: 'Scores every customer’s churn risk each night for outreach.',
  owner: 'group:default/growth-ml',
  system: 'system:default/retention',
  model: 'model:default/churn-model',
  alias: 'champion',
  inputDataset: 'dataset:default/customers',
  idColumn: 'customer_id',
  schedule: '30 2 * * *',
  publishTo: 'local',
};

/**
 * A Model whose MLflow name differs from its entity name (the examples' names
 * match), so the test sees which one the template reads.
 */
const DECLARED_MODEL = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: {
    name: 'churn-risk-regressor',
    description: 'Predicts days until a customer cancels.',
  },
  spec: {
    owner: 'group:default/growth-ml',
    lifecycle: 'experimental',
    task: 'regression',
    framework: 'scikit-learn',
    registry: { mlflow: { name: 'growth.churn_risk_days' } },
  },
};

describeWithPython('the ml-batch-inference template', () => {
  let portal: Awaited<ReturnType<typeof startPortal>> | undefined;
  let server: Parameters<typeof renderTemplate>[0];
  let grace: string;
  let workDir: string;
  const loaded = loadTemplate('ml-batch-inference');

  beforeAll(async () => {
    portal = await startPortal(
      { client: 'better-sqlite3', connection: ':memory:' },
      { allowFileLocations: true },
    );
    server = portal.server;
    grace = await portal.signIn('user:default/grace');
    workDir = templateWorkDir();

    const issues = validateMlEntity(DECLARED_MODEL);
    if (issues.length > 0) {
      throw new Error(formatValidationIssues('DECLARED_MODEL', issues));
    }
    const declared = path.join(workDir, 'declared-model.yaml');
    fs.writeFileSync(declared, stringify(DECLARED_MODEL));
    const created = await request(server)
      .post('/api/catalog/locations')
      .set('Authorization', `Bearer ${grace}`)
      .send({ type: 'file', target: declared });
    if (created.status !== 201) {
      throw new Error(
        `Registering ${declared}: ${created.status} ${created.text}`,
      );
    }
    // catalog:fetch reads these during the dry runs.
    await waitForModels(server, grace, [
      'churn-model',
      'merchant-risk-model',
      DECLARED_MODEL.metadata.name,
    ]);
  });

  afterAll(async () => {
    await portal?.backend.stop();
    removeWorkDir(workDir);
  });

  const render = (values: object, dir: string) =>
    renderTemplate(server, grace, loaded, values, dir);
  const read = (dir: string, file: string) =>
    fs.readFileSync(path.join(dir, file), 'utf8');

  let project: string | undefined;
  let venv: PythonVenv | undefined;

  it('renders through the dry-run API into a valid project', async () => {
    const started = Date.now();
    const dir = path.join(workDir, 'churn-scoring');
    const body = await render(VALUES, dir);
    console.log(`Dry run: ${seconds(started)} s`);
    // catalog:register cannot dry-run (it is skipped); the rest ran.
    expect(completedSteps(body)).toEqual([
      'model',
      'fetch',
      'catalog-output',
      'publish-local',
    ]);
    expect(JSON.stringify(body.output)).toContain(
      'dataset:default/churn-scoring-scores',
    );

    const files = body.directoryContents.map(f => f.path).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yaml',
        '.gitignore',
        'Dockerfile',
        'README.md',
        'catalog-info.yaml',
        'deploy/cronjob.yaml',
        'requirements.txt',
        'src/churn_scoring/__main__.py',
        'src/churn_scoring/config.py',
        'src/churn_scoring/model.py',
        'src/churn_scoring/score.py',
        'tests/conftest.py',
        'tests/test_cli.py',
        'tests/test_model.py',
        'tests/test_score.py',
      ]),
    );
    expectFullyRendered(dir, body.directoryContents);

    const [component, dataset, ...rest] = catalogInfo(dir);
    expect(rest).toEqual([]);
    expect(await componentEntityV1alpha1Validator.check(component)).toBe(true);
    expect(component).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'churn-scoring',
        description: VALUES.description,
        tags: ['python', 'mlflow', 'batch-inference'],
        annotations: { 'backstage.io/kubernetes-id': 'churn-scoring' },
      },
      spec: {
        type: 'batch-job',
        lifecycle: 'experimental',
        owner: 'group:default/growth-ml',
        system: 'system:default/retention',
        dependsOn: ['model:default/churn-model', 'dataset:default/customers'],
      },
    });

    expect(formatValidationIssues('Dataset', validateMlEntity(dataset))).toBe(
      formatValidationIssues('Dataset', []),
    );
    expect(dataset).toMatchObject({
      kind: 'Dataset',
      metadata: { name: 'churn-scoring-scores' },
      spec: {
        owner: 'group:default/growth-ml',
        system: 'system:default/retention',
        lifecycle: 'experimental',
        type: 'files',
        location:
          'pvc://churn-scoring-data/output/churn-scoring-scores.parquet',
        freshness: 'P1D',
      },
    });
    expect(dataset.spec.derivedFrom).toEqual(['dataset:default/customers']);
    expect(dataset.spec.dependsOn).toEqual([
      'component:default/churn-scoring',
      'model:default/churn-model',
    ]);
    expect(dataset.spec.schema.columns).toEqual([
      expect.objectContaining({ name: 'customer_id', type: 'string' }),
      expect.objectContaining({ name: 'prediction', type: 'string' }),
      expect.objectContaining({ name: 'model_version', type: 'string' }),
      expect.objectContaining({ name: 'scored_at', type: 'timestamp' }),
    ]);

    const config = read(dir, 'src/churn_scoring/config.py');
    expect(config).toContain('REGISTERED_MODEL = "churn-model"\n');
    expect(config).toContain('MODEL_ALIAS = "champion"\n');
    expect(config).toContain('ID_COLUMNS = ("customer_id",)\n');
    const cronjob = read(dir, 'deploy/cronjob.yaml');
    expect(cronjob).toContain('schedule: "30 2 * * *"\n');
    expect(cronjob).toContain('claimName: churn-scoring-data\n');
    expect(read(dir, 'Dockerfile')).toMatch(/^USER 10001:10001$/m);
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
    expect(stdout).toMatch(/\d+ passed/);
  });

  it('reads the MLflow name from spec.registry, and renders the optional values away', async () => {
    if (!venv) throw new Error('no virtualenv from the test before');
    const dir = path.join(workDir, 'declared');
    const { owner, inputDataset } = VALUES;
    await render(
      {
        name: 'churn-days',
        owner,
        model: 'model:default/churn-risk-regressor',
        alias: 'shadow',
        inputDataset,
        idColumn: 'customer_id',
        outputDataset: 'churn-days-predicted',
        schedule: '@hourly',
        publishTo: 'local',
      },
      dir,
    );
    const [component, dataset] = catalogInfo(dir);
    expect(await componentEntityV1alpha1Validator.check(component)).toBe(true);
    expect(component.metadata.description).toBeUndefined();
    expect(component.spec.system).toBeUndefined();
    const [componentYaml] = read(dir, 'catalog-info.yaml').split('\n---\n');
    expect(componentYaml).not.toMatch(/system:|description:/);
    expect(validateMlEntity(dataset)).toEqual([]);
    expect(dataset.metadata.name).toBe('churn-days-predicted');
    expect(dataset.spec.dependsOn).toEqual([
      'component:default/churn-days',
      'model:default/churn-risk-regressor',
    ]);
    // A regression model's predictions are numbers.
    expect(dataset.spec.schema.columns[1]).toMatchObject({
      name: 'prediction',
      type: 'double',
    });
    const config = read(dir, 'src/churn_days/config.py');
    expect(config).toContain('REGISTERED_MODEL = "growth.churn_risk_days"\n');
    expect(config).toContain('MODEL_TASK = "regression"\n');

    // The tests that depend on these values; the others ran above.
    await pytest(venv, dir, [
      'tests/test_deploy.py',
      'tests/test_config.py',
      'tests/test_cli.py::test_scores_end_to_end_through_the_cli',
    ]);
  });

  it('falls back to the entity name for a Model without spec.registry', async () => {
    const dir = path.join(workDir, 'unregistered');
    await render(
      { ...VALUES, model: 'model:default/merchant-risk-model' },
      dir,
    );
    const config = read(dir, 'src/churn_scoring/config.py');
    expect(config).toContain('REGISTERED_MODEL = "merchant-risk-model"\n');
    expect(config).toContain('MODEL_TASK = "binary-classification"\n');
    const [component, dataset] = catalogInfo(dir);
    expect(component.spec.dependsOn).toEqual([
      'model:default/merchant-risk-model',
      'dataset:default/customers',
    ]);
    expect(dataset.spec.dependsOn).toEqual([
      'component:default/churn-scoring',
      'model:default/merchant-risk-model',
    ]);
  });

  it('refuses a name that would break `import <package>`', async () => {
    for (const name of ['yield', 'pandas']) {
      const res = await dryRun(server, grace, loaded, { ...VALUES, name });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          property: 'instance.name',
          message: expect.stringContaining('does not match pattern'),
        }),
      ]);
    }
  });

  it('names the fields when form values are invalid', async () => {
    const res = await dryRun(server, grace, loaded, {
      ...VALUES,
      alias: 'latest',
      schedule: 'every night',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          property: 'instance.alias',
          message: expect.stringContaining('does not match pattern'),
        }),
        expect.objectContaining({
          property: 'instance.schedule',
          message: expect.stringContaining('does not match pattern'),
        }),
      ]),
    );
  });

  it('names the field when the output Dataset would be invalid', async () => {
    // A Dataset picked as the model would become a dependsOn of the output.
    const res = await dryRun(server, grace, loaded, {
      ...VALUES,
      model: 'dataset:default/churn-labels',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(res.body)).toContain('spec.dependsOn[1]');
  });
});
