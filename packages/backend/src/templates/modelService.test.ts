/*
 * The model-service golden path, proven end to end: the real portal backend
 * renders templates/ml-model-service through the scaffolder's dry-run API,
 * reading the picked Model from the example catalog, and the rendered FastAPI
 * project then passes its own pytest suite in a fresh virtualenv.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import {
  formatValidationIssues,
  validateMlEntity,
} from '@ml-marketplace/plugin-ml-common';
import { parse } from 'yaml';
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
  name: 'churn-scorer',
  description: 'Scores churn risk for the CRM: one customer or a batch.',
  owner: 'group:default/growth-ml',
  system: 'system:default/retention',
  // Declares spec.registry.mlflow.name in examples/ml/models.yaml.
  model: 'model:default/churn-model',
  alias: 'champion',
  replicas: 3,
  size: 'medium',
  publishTo: 'local',
};

/**
 * Validates every entity of a rendered catalog-info.yaml: ML kinds with the
 * marketplace's schema, Backstage kinds with @backstage/catalog-model (an
 * API's `$text` definition read from the project, as the catalog would).
 */
async function expectValidEntities(dir: string, documents: any[]) {
  for (const entity of documents) {
    if (entity.apiVersion.startsWith('ml-marketplace.io/')) {
      expect(
        formatValidationIssues('catalog-info.yaml', validateMlEntity(entity)),
      ).toBe(formatValidationIssues('catalog-info.yaml', []));
    } else if (entity.kind === 'Component') {
      expect(await componentEntityV1alpha1Validator.check(entity)).toBe(true);
    } else if (entity.kind === 'API') {
      const file = path.join(dir, entity.spec.definition.$text);
      const definition = fs.readFileSync(file, 'utf8');
      const resolved = { ...entity, spec: { ...entity.spec, definition } };
      expect(await apiEntityV1alpha1Validator.check(resolved)).toBe(true);
    } else {
      throw new Error(`Unexpected ${entity.kind} in catalog-info.yaml`);
    }
  }
}

function readYaml(dir: string, file: string) {
  return parse(fs.readFileSync(path.join(dir, file), 'utf8'));
}

describeWithPython('the ml-model-service template', () => {
  let portal: Awaited<ReturnType<typeof startPortal>> | undefined;
  let server: Parameters<typeof renderTemplate>[0];
  let grace: string;
  let workDir: string;
  const loaded = loadTemplate('ml-model-service');

  beforeAll(async () => {
    portal = await startPortal({
      client: 'better-sqlite3',
      connection: ':memory:',
    });
    server = portal.server;
    grace = await portal.signIn('user:default/grace');
    // catalog:fetch reads the picked Models: wait until the catalog has them.
    await waitForModels(server, grace, ['churn-model', 'support-intent']);
    workDir = templateWorkDir();
  });

  afterAll(async () => {
    await portal?.backend.stop();
    removeWorkDir(workDir);
  });

  const render = (values: object, dir: string) =>
    renderTemplate(server, grace, loaded, values, dir);

  let project: string | undefined;
  let venv: PythonVenv | undefined;

  it('renders through the dry-run API into a valid project', async () => {
    const started = Date.now();
    const dir = path.join(workDir, 'churn-scorer');
    const body = await render(VALUES, dir);
    console.log(`Dry run: ${seconds(started)} s`);
    // catalog:register cannot dry-run (it is skipped); the rest ran.
    expect(completedSteps(body)).toEqual(['model', 'fetch', 'publish-local']);
    const output = JSON.stringify(body.output);
    expect(output).toContain('component:default/churn-scorer');
    expect(output).toContain('models:/churn-model@champion');

    const files = body.directoryContents.map(f => f.path).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        '.dockerignore',
        '.github/workflows/ci.yaml',
        '.gitignore',
        'Dockerfile',
        'README.md',
        'catalog-info.yaml',
        'deploy/k8s/deployment.yaml',
        'deploy/k8s/service.yaml',
        'openapi.yaml',
        'pyproject.toml',
        'requirements-serve.txt',
        'requirements.txt',
        'src/churn_scorer/__main__.py',
        'src/churn_scorer/app.py',
        'src/churn_scorer/config.py',
        'src/churn_scorer/loader.py',
        'src/churn_scorer/model.py',
        'src/churn_scorer/validation.py',
        'tests/conftest.py',
        'tests/test_deploy.py',
        'tests/test_health.py',
        'tests/test_predict.py',
      ]),
    );
    expectFullyRendered(dir, body.directoryContents);

    const documents = catalogInfo(dir);
    expect(documents.map(d => d.kind)).toEqual(['Component', 'API']);
    await expectValidEntities(dir, documents);
    const [component, api] = documents;
    expect(component.metadata).toMatchObject({
      name: 'churn-scorer',
      description: VALUES.description,
    });
    expect(component.spec).toEqual({
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/growth-ml',
      system: 'system:default/retention',
      providesApis: ['api:default/churn-scorer'],
      dependsOn: ['model:default/churn-model'],
    });
    expect(api).toMatchObject({
      metadata: { name: 'churn-scorer' },
      spec: {
        type: 'openapi',
        lifecycle: 'experimental',
        owner: 'group:default/growth-ml',
        system: 'system:default/retention',
        definition: { $text: './openapi.yaml' },
      },
    });
    const openapi = readYaml(dir, 'openapi.yaml');
    expect(openapi.info.title).toBe('churn-scorer');
    expect(Object.keys(openapi.paths).sort()).toEqual([
      '/health',
      '/predict',
      '/ready',
    ]);

    const deployment = readYaml(dir, 'deploy/k8s/deployment.yaml');
    expect(deployment.spec.replicas).toBe(3);
    const [container] = deployment.spec.template.spec.containers;
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'MODEL_URI', value: 'models:/churn-model@champion' },
      ]),
    );
    expect(container.resources).toEqual({
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { cpu: '2', memory: '1Gi' },
    });
    const config = fs.readFileSync(
      path.join(dir, 'src/churn_scorer/config.py'),
      'utf8',
    );
    expect(config).toContain('MODEL_REF = "model:default/churn-model"');
    expect(config).toContain('REGISTERED_MODEL = "churn-model"');
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

  it('serves the Model by its own name when it names no MLflow model, and leaves out what was not given', async () => {
    if (!venv) throw new Error('no virtualenv from the test before');
    const dir = path.join(workDir, 'intent-router');
    // support-intent declares no spec.registry in examples/ml/models.yaml.
    const { owner } = VALUES;
    const values = {
      name: 'intent-router',
      owner,
      model: 'model:default/support-intent',
      alias: 'staging',
      publishTo: 'local',
    };
    await render(values, dir);

    const documents = catalogInfo(dir);
    await expectValidEntities(dir, documents);
    const [component, api] = documents;
    expect(component.metadata.description).toBeUndefined();
    expect(component.spec).toEqual({
      type: 'service',
      lifecycle: 'experimental',
      owner,
      providesApis: ['api:default/intent-router'],
      dependsOn: ['model:default/support-intent'],
    });
    expect(api.spec.system).toBeUndefined();
    const text = fs.readFileSync(path.join(dir, 'catalog-info.yaml'), 'utf8');
    expect(text).not.toMatch(/system:|description: *$/m);

    const deployment = readYaml(dir, 'deploy/k8s/deployment.yaml');
    expect(deployment.spec.replicas).toBe(2);
    const [container] = deployment.spec.template.spec.containers;
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'MODEL_URI', value: 'models:/support-intent@staging' },
      ]),
    );
    expect(container.resources.requests).toEqual({
      cpu: '250m',
      memory: '512Mi',
    });

    // The tests that depend on the rendered values; the others ran above.
    await pytest(venv, dir, [
      'tests/test_health.py::test_before_and_after_the_model_loads',
      'tests/test_health.py::test_settings_default_to_the_registered_alias',
      'tests/test_deploy.py',
      'tests/test_api_definition.py',
    ]);
  });

  it.each([
    ['name', 'Bad_Name', 'does not match pattern'],
    ['name', 'lambda', 'does not match pattern'],
    ['name', 'fastapi', 'does not match pattern'],
    ['replicas', 11, 'must be less than or equal to 10'],
    ['model', 'dataset:default/churn-labels', 'does not match pattern'],
    ['size', 'huge', 'is not one of enum values'],
  ])(
    'names the field when the form value of %s is invalid',
    async (field, value, message) => {
      const res = await dryRun(server, grace, loaded, {
        ...VALUES,
        [field]: value,
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          property: `instance.${field}`,
          message: expect.stringContaining(message),
        }),
      ]);
    },
  );

  it('names the Model when it is not in the catalog', async () => {
    const res = await dryRun(server, grace, loaded, {
      ...VALUES,
      model: 'model:default/no-such-model',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(res.body)).toContain(
      'Entity model:default/no-such-model not found',
    );
  });
});
