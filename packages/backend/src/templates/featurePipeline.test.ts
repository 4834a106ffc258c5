/*
 * The Feast feature-pipeline template, proven end to end: the real portal
 * backend renders templates/ml-feature-pipeline through the scaffolder's
 * dry-run API, the Feature entity it writes is valid with its lineage, and the
 * rendered feature repository passes its own pytest suite (build, apply,
 * materialize, online and point-in-time historical retrieval) in a fresh
 * virtualenv.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  formatValidationIssues,
  validateMlEntity,
} from '@ml-marketplace/plugin-ml-common';
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
  name: 'card-spend-velocity',
  description: 'Card spend over the last 7 and 30 days, for fraud scoring.',
  owner: 'group:default/risk-ml',
  system: 'system:default/fraud-detection',
  dataset: 'dataset:default/transactions-cleaned',
  joinKey: 'card_id',
  timestampColumn: 'authorized_at',
  valueColumn: 'amount',
  ttlDays: 7,
  publishTo: 'local',
};

const featureList = (value: string) => [
  {
    name: 'event_count_7d',
    dtype: 'int64',
    description: 'Number of events in the last 7 days',
  },
  {
    name: 'event_count_30d',
    dtype: 'int64',
    description: 'Number of events in the last 30 days',
  },
  {
    name: `${value}_sum_7d`,
    dtype: 'float64',
    description: `Sum of ${value} in the last 7 days`,
  },
  {
    name: `${value}_sum_30d`,
    dtype: 'float64',
    description: `Sum of ${value} in the last 30 days`,
  },
];

/** `values` with the defaults the form fills in (the API itself applies none). */
function withFormDefaults(template: any, values: object) {
  const defaults: Record<string, unknown> = {};
  for (const page of template.spec.parameters) {
    for (const [key, field] of Object.entries<any>(page.properties ?? {})) {
      if (field.default !== undefined) defaults[key] = field.default;
    }
  }
  return { ...defaults, ...values };
}

describeWithPython('the ml-feature-pipeline template', () => {
  let portal: Awaited<ReturnType<typeof startPortal>> | undefined;
  let server: Parameters<typeof renderTemplate>[0];
  let grace: string;
  let workDir: string;
  const loaded = loadTemplate('ml-feature-pipeline');

  beforeAll(async () => {
    portal = await startPortal({
      client: 'better-sqlite3',
      connection: ':memory:',
    });
    server = portal.server;
    grace = await portal.signIn('user:default/grace');
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

  it('renders through the dry-run API into a valid feature repository', async () => {
    const started = Date.now();
    const dir = path.join(workDir, 'card-spend-velocity');
    const body = await render(VALUES, dir);
    console.log(`Dry run: ${seconds(started)} s`);
    // catalog:register cannot dry-run (it is skipped); the rest ran.
    expect(completedSteps(body)).toEqual([
      'fetch',
      'catalog-dataset',
      'catalog-feature',
      'publish-local',
    ]);
    expect(JSON.stringify(body.output)).toContain(
      'feature:default/card-spend-velocity',
    );

    const files = body.directoryContents.map(f => f.path).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yaml',
        '.gitignore',
        'README.md',
        'catalog-info.yaml',
        'data/README.md',
        'feature_repo/feature_store.yaml',
        'feature_repo/features.py',
        'pyproject.toml',
        'requirements.txt',
        'src/card_spend_velocity/__main__.py',
        'src/card_spend_velocity/config.py',
        'src/card_spend_velocity/definitions.py',
        'src/card_spend_velocity/store.py',
        'src/card_spend_velocity/transformations.py',
        'tests/test_definitions.py',
        'tests/test_feature_store.py',
        'tests/test_transformations.py',
      ]),
    );
    expectFullyRendered(dir, body.directoryContents);

    const documents = catalogInfo(dir);
    expect(documents).toHaveLength(1);
    const [entity] = documents;
    expect(
      formatValidationIssues('catalog-info.yaml', validateMlEntity(entity)),
    ).toBe(formatValidationIssues('catalog-info.yaml', []));
    expect(entity).toMatchObject({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Feature',
      metadata: {
        name: 'card-spend-velocity',
        description: VALUES.description,
        tags: ['python', 'feast'],
      },
      spec: {
        owner: 'group:default/risk-ml',
        system: 'system:default/fraud-detection',
        lifecycle: 'experimental',
        sources: ['dataset:default/transactions-cleaned'],
        entities: ['card_id'],
        store: 'both',
        ttl: 'P7D',
        // As strict as transactions-cleaned, its source.
        classification: 'confidential',
      },
    });
    expect(entity.spec.features).toEqual(featureList('amount'));
    expect(entity.spec.transformation).toContain(
      'src/card_spend_velocity/transformations.py',
    );

    const storeYaml = fs.readFileSync(
      path.join(dir, 'feature_repo/feature_store.yaml'),
      'utf8',
    );
    expect(storeYaml).toMatch(/^project: card_spend_velocity$/m);
    const config = fs.readFileSync(
      path.join(dir, 'src/card_spend_velocity/config.py'),
      'utf8',
    );
    for (const line of [
      'JOIN_KEY = "card_id"',
      'TIMESTAMP_COLUMN = "authorized_at"',
      'VALUE_COLUMN = "amount"',
      'TTL = timedelta(days=7)',
      'DATASET_REF = "dataset:default/transactions-cleaned"',
    ]) {
      expect(config).toContain(line);
    }
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

  it('renders the form defaults, which pass too', async () => {
    if (!venv) throw new Error('no virtualenv from the test before');
    const dir = path.join(workDir, 'defaults');
    const values = withFormDefaults(loaded.template, {
      name: 'customer-spend',
      owner: 'group:default/growth-ml',
      dataset: 'dataset:default/sessions-cleaned',
    });
    expect(values).toMatchObject({
      joinKey: 'customer_id',
      timestampColumn: 'event_timestamp',
      valueColumn: 'amount',
      ttlDays: 30,
    });
    await render(values, dir);

    const [entity] = catalogInfo(dir);
    expect(validateMlEntity(entity)).toEqual([]);
    expect(entity.spec).toMatchObject({
      sources: ['dataset:default/sessions-cleaned'],
      entities: ['customer_id'],
      ttl: 'P30D',
      classification: 'internal',
      features: featureList('amount'),
    });
    expect(entity.spec.system).toBeUndefined();
    expect(entity.metadata.description).toBeUndefined();

    const started = Date.now();
    await pytest(venv, dir);
    console.log(`pytest (defaults): ${seconds(started)} s`);
  });

  it('writes no classification when the dataset is not in the catalog', async () => {
    const dir = path.join(workDir, 'unknown-dataset');
    await render(
      { ...VALUES, dataset: 'dataset:default/not-registered-yet' },
      dir,
    );
    const [entity] = catalogInfo(dir);
    expect(validateMlEntity(entity)).toEqual([]);
    expect(entity.spec.sources).toEqual(['dataset:default/not-registered-yet']);
    expect(entity.spec).not.toHaveProperty('classification');
  });

  it.each([
    ['name', { name: 'Bad_Name' }, 'does not match pattern'],
    // A Python keyword, or a library it imports, would break `import <package>`.
    ['name', { name: 'import' }, 'does not match pattern'],
    ['name', { name: 'feast' }, 'does not match pattern'],
    ['joinKey', { joinKey: 'card-id' }, 'does not match pattern'],
    ['ttlDays', { ttlDays: 0 }, 'must be greater than or equal to 1'],
  ])(
    'names the field when the form value of %s is invalid',
    async (field, bad, message) => {
      const res = await dryRun(server, grace, loaded, { ...VALUES, ...bad });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          property: `instance.${field}`,
          message: expect.stringContaining(message),
        }),
      ]);
    },
  );

  it('names the field when the Feature entity would be invalid', async () => {
    const res = await dryRun(server, grace, loaded, {
      ...VALUES,
      dataset: 'feature:default/customer-activity',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(res.body)).toContain('spec.sources[0]');
  });
});
