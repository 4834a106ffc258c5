import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { cardCompleteness } from '@ml-marketplace/plugin-ml-common';
import type {
  MlHealthCheck,
  MlHealthCheckContext,
} from '@ml-marketplace/plugin-ml-node';
import { CatalogSnapshot } from '../CatalogSnapshot';
import { CardCompletenessCheck } from './CardCompletenessCheck';
import { DeprecatedDependenciesCheck } from './DeprecatedDependenciesCheck';
import { LicenceCheck } from './LicenceCheck';
import { OwnerExistsCheck } from './OwnerExistsCheck';
import { RefsResolveCheck } from './RefsResolveCheck';
import { RestrictedDataCheck } from './RestrictedDataCheck';
import { StalenessCheck } from './StalenessCheck';
import { builtInHealthChecks } from './index';

const API_VERSION = 'ml-marketplace.io/v1alpha1';
const NOW = new Date('2025-06-01T12:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;

interface EntityOptions {
  namespace?: string;
  title?: string;
  description?: string;
  owner?: string;
  apiVersion?: string;
}

function entity(
  kind: string,
  name: string,
  spec: Record<string, unknown> = {},
  options: EntityOptions = {},
): Entity {
  const namespace = options.namespace ?? 'default';
  return {
    apiVersion: options.apiVersion ?? API_VERSION,
    kind,
    metadata: {
      name,
      namespace,
      ...(options.title && { title: options.title }),
      ...(options.description && { description: options.description }),
    },
    spec: spec as Entity['spec'],
    ...(options.owner && {
      relations: [{ type: 'ownedBy', targetRef: options.owner }],
    }),
  };
}

const model = (spec: Record<string, unknown> = {}, options?: EntityOptions) =>
  entity(
    'Model',
    'churn-model',
    { owner: 'team', lifecycle: 'production', ...spec },
    options,
  );
const feature = (spec: Record<string, unknown> = {}, options?: EntityOptions) =>
  entity(
    'Feature',
    'customer-activity',
    { owner: 'team', lifecycle: 'production', ...spec },
    options,
  );
const dataset = (
  name: string,
  spec: Record<string, unknown> = {},
  options?: EntityOptions,
) =>
  entity(
    'Dataset',
    name,
    { owner: 'team', lifecycle: 'production', type: 'table', ...spec },
    options,
  );
const group = (name: string, title?: string) =>
  entity(
    'Group',
    name,
    { type: 'team', children: [] },
    {
      apiVersion: 'backstage.io/v1alpha1',
      title,
    },
  );
const component = (name: string, spec: Record<string, unknown> = {}) =>
  entity(
    'Component',
    name,
    { type: 'service', owner: 'team', lifecycle: 'production', ...spec },
    { apiVersion: 'backstage.io/v1alpha1' },
  );

function context(
  others: Entity[] = [],
  lastUpdatedAt: Date = new Date(NOW.getTime() - DAY_MS),
): MlHealthCheckContext {
  const catalog = new CatalogSnapshot();
  for (const other of others) catalog.add(other);
  return {
    logger: mockServices.logger.mock(),
    signal: new AbortController().signal,
    now: NOW,
    catalog,
    lastUpdatedAt,
  };
}

/** A model card with every recommended field filled. */
const FULL_MODEL_SPEC = {
  task: 'binary-classification',
  framework: 'scikit-learn',
  license: 'apache-2.0',
  trainedOn: ['customers'],
  evaluation: [{ metric: 'auc', value: 0.9, threshold: 0.8 }],
  modelCard: {
    intendedUse: 'Predict churn',
    outOfScopeUses: ['credit scoring'],
    users: ['retention team'],
    limitations: 'EU only',
    tradeoffs: 'Recall over precision',
    ethicalConsiderations: ['bias by age'],
    trainingData: 'Two years of events',
    evaluationData: 'Last month',
    caveats: 'Retrain quarterly',
  },
};

describe('CardCompletenessCheck', () => {
  const check = new CardCompletenessCheck({ passScore: 80, minScore: 50 });

  it('has a stable id', () => {
    expect(check.id).toBe('card-completeness');
  });

  it('applies to the ML kinds in any case, deprecated or not, and not to others', () => {
    expect(check.appliesTo(model())).toBe(true);
    expect(check.appliesTo(feature())).toBe(true);
    expect(check.appliesTo(dataset('customers'))).toBe(true);
    expect(check.appliesTo(entity('model', 'm'))).toBe(true);
    expect(check.appliesTo(model({ lifecycle: 'deprecated' }))).toBe(true);
    expect(check.appliesTo(component('svc'))).toBe(false);
    expect(check.appliesTo(group('team'))).toBe(false);
  });

  it('passes a complete card without a fix hint', async () => {
    const full = model(FULL_MODEL_SPEC, { description: 'Predicts churn' });
    expect(cardCompleteness(full).score).toBe(100);
    const result = await check.run(full);
    expect(result).toEqual({
      status: 'pass',
      message: 'The card is 100% complete.',
    });
  });

  it('fails an empty card, listing every missing field and hinting the first three', async () => {
    const empty = model();
    const { missing } = cardCompleteness(empty);
    const result = await check.run(empty);
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      `The card is 0% complete; 80% passes and below 50% fails. Missing: ${missing
        .map(m => m.path)
        .join(', ')}.`,
    );
    expect(result.message).toContain('spec.modelCard.caveats');
    expect(result.fixHint).toBe(
      'Add metadata.description (One or two sentences on what the model predicts); ' +
        'spec.task (The ML task, e.g. binary-classification); ' +
        'spec.framework (The library it is built with).',
    );
    // Only the top three make the hint.
    expect(result.fixHint).not.toContain('spec.license');
  });

  it('uses the recommended fields of the entity kind', async () => {
    const result = await check.run(dataset('customers'));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('spec.location');
    expect(result.message).toContain('spec.schema.columns');
    expect(result.message).not.toContain('spec.modelCard');
    expect(result.fixHint).toContain(
      'metadata.description (What one row or file holds)',
    );
  });

  describe('thresholds', () => {
    // Dataset weights sum to 10: description 2 + classification 2 + location 1 is exactly 50%.
    const half = dataset(
      'customers',
      { classification: 'internal', location: 's3://bucket/customers' },
      { description: 'One row per customer' },
    );

    it('builds a fixture at exactly 50%', () => {
      expect(cardCompleteness(half).score).toBe(50);
    });

    it('passes at exactly the pass score', async () => {
      const result = await new CardCompletenessCheck({
        passScore: 50,
        minScore: 10,
      }).run(half);
      expect(result.status).toBe('pass');
      expect(result.message).toBe('The card is 50% complete.');
      expect(result.fixHint).toBeUndefined();
    });

    it('warns from the minimum score up to just below the pass score', async () => {
      const result = await new CardCompletenessCheck({
        passScore: 51,
        minScore: 50,
      }).run(half);
      expect(result.status).toBe('warn');
      expect(result.message).toBe(
        'The card is 50% complete; 51% passes. Missing: spec.schema.columns, spec.license, spec.freshness, spec.retention.',
      );
      expect(result.message).not.toContain('fails');
      expect(result.fixHint).toBe(
        'Add spec.schema.columns (Columns with types, descriptions and PII flags); ' +
          'spec.license (The licence or terms of use); ' +
          'spec.freshness (How often it is updated (ISO 8601 duration)).',
      );
    });

    it('fails just below the minimum score', async () => {
      const result = await new CardCompletenessCheck({
        passScore: 80,
        minScore: 51,
      }).run(half);
      expect(result.status).toBe('fail');
      expect(result.message).toContain(
        '50% complete; 80% passes and below 51% fails',
      );
    });

    it('treats blank strings and empty lists as missing', async () => {
      const blank = dataset(
        'customers',
        {
          classification: 'internal',
          location: '   ',
          schema: { columns: [] },
        },
        { description: 'One row per customer' },
      );
      const result = await check.run(blank);
      expect(result.message).toContain('The card is 40% complete');
      expect(result.message).toContain('spec.location');
      expect(result.message).toContain('spec.schema.columns');
    });
  });
});

describe('OwnerExistsCheck', () => {
  const check = new OwnerExistsCheck();

  it('has a stable id and applies to ML kinds only', () => {
    expect(check.id).toBe('owner-exists');
    expect(check.appliesTo(model())).toBe(true);
    expect(check.appliesTo(dataset('customers'))).toBe(true);
    expect(check.appliesTo(feature({ lifecycle: 'deprecated' }))).toBe(true);
    expect(check.appliesTo(component('svc'))).toBe(false);
  });

  it('fails when the entity has no ownedBy relation', async () => {
    const result = await check.run(model(), context([group('team')]));
    expect(result.status).toBe('fail');
    expect(result.message).toBe('The entity names no owner.');
    expect(result.fixHint).toContain('Set spec.owner');
  });

  it('ignores relations other than ownedBy', async () => {
    const m: Entity = {
      ...model(),
      relations: [{ type: 'partOf', targetRef: 'group:default/team' }],
    };
    const result = await check.run(m, context([group('team')]));
    expect(result.status).toBe('fail');
    expect(result.message).toBe('The entity names no owner.');
  });

  it('fails naming the owner when it is not in the catalog', async () => {
    const result = await check.run(
      model({}, { owner: 'group:default/ghosts' }),
      context([group('team')]),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'The owner group:default/ghosts is not in the catalog.',
    );
    expect(result.fixHint).toContain('Point spec.owner at an existing Group');
    expect(result.fixHint).toContain('register the team');
  });

  it('does not mistake an entity of another kind with the same name for the owner', async () => {
    const result = await check.run(
      model({}, { owner: 'group:default/team' }),
      context([
        entity('User', 'team', {}, { apiVersion: 'backstage.io/v1alpha1' }),
      ]),
    );
    expect(result.status).toBe('fail');
  });

  it('passes with the owner title when the owner exists', async () => {
    const result = await check.run(
      model({}, { owner: 'group:default/team' }),
      context([group('team', 'ML Platform')]),
    );
    expect(result).toEqual({
      status: 'pass',
      message: 'Owned by ML Platform.',
    });
  });

  it('passes with the ref when the owner has no title, and accepts a User', async () => {
    const result = await check.run(
      model({}, { owner: 'user:default/alice' }),
      context([
        entity('User', 'alice', {}, { apiVersion: 'backstage.io/v1alpha1' }),
      ]),
    );
    expect(result).toEqual({
      status: 'pass',
      message: 'Owned by user:default/alice.',
    });
  });

  it('matches the owner ref in any case', async () => {
    const result = await check.run(
      model({}, { owner: 'Group:Default/Team' }),
      context([group('team')]),
    );
    expect(result.status).toBe('pass');
  });
});

describe('RefsResolveCheck', () => {
  const check = new RefsResolveCheck();

  it('has a stable id and applies to ML kinds only', () => {
    expect(check.id).toBe('refs-resolve');
    expect(check.appliesTo(model())).toBe(true);
    expect(check.appliesTo(feature())).toBe(true);
    expect(check.appliesTo(dataset('customers'))).toBe(true);
    expect(check.appliesTo(model({ lifecycle: 'deprecated' }))).toBe(true);
    expect(check.appliesTo(component('svc'))).toBe(false);
  });

  it('passes when the spec refers to nothing but the owner, even a missing owner', async () => {
    const result = await check.run(
      model({ owner: 'ghosts' }, { owner: 'group:default/ghosts' }),
      context(),
    );
    expect(result).toEqual({
      status: 'pass',
      message: 'The spec refers to no other entity.',
    });
  });

  it('resolves short refs through the default kind of each field', async () => {
    const result = await check.run(
      model({
        system: 'recommendations',
        trainedOn: ['customers', 'events'],
        consumesFeatures: ['customer-activity'],
        providesApis: ['churn-api'],
        dependsOn: ['component:feature-store'],
      }),
      context([
        entity('System', 'recommendations'),
        dataset('customers'),
        dataset('events'),
        feature(),
        entity('API', 'churn-api'),
        component('feature-store'),
      ]),
    );
    expect(result).toEqual({
      status: 'pass',
      message: 'All 6 references resolve.',
    });
  });

  it('fails naming each missing ref with its field', async () => {
    const result = await check.run(
      model({
        trainedOn: ['customers', 'ghost-data'],
        consumesFeatures: ['ghost-feature'],
      }),
      context([dataset('customers')]),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'Not in the catalog: dataset:default/ghost-data (spec.trainedOn[1]), feature:default/ghost-feature (spec.consumesFeatures[0]).',
    );
    expect(result.message).not.toContain('dataset:default/customers');
    expect(result.fixHint).toContain('Correct the refs');
    expect(result.fixHint).toContain('register the missing entities');
  });

  it('does not accept an entity of the wrong kind with the same name', async () => {
    const result = await check.run(
      model({ trainedOn: ['customers'] }),
      context([feature({}, {}), entity('Feature', 'customers')]),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toContain('dataset:default/customers');
  });

  it("resolves short refs in the entity's own namespace", async () => {
    const m = model({ trainedOn: ['customers'] }, { namespace: 'risk' });
    const missing = await check.run(m, context([dataset('customers')]));
    expect(missing.status).toBe('fail');
    expect(missing.message).toContain(
      'dataset:risk/customers (spec.trainedOn[0])',
    );

    const found = await check.run(
      m,
      context([dataset('customers', {}, { namespace: 'risk' })]),
    );
    expect(found.status).toBe('pass');
  });

  it('matches refs in any case', async () => {
    const result = await check.run(
      model({ trainedOn: ['Dataset:Default/Customers'] }),
      context([dataset('customers')]),
    );
    expect(result.status).toBe('pass');
    const upper = await check.run(
      model({ trainedOn: ['customers'] }),
      context([dataset('Customers')]),
    );
    expect(upper.status).toBe('pass');
  });

  it('checks the successor of a deprecated model', async () => {
    const result = await check.run(
      model({
        lifecycle: 'deprecated',
        deprecation: { reason: 'superseded', replacedBy: 'churn-model-v2' },
      }),
      context(),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toContain(
      'model:default/churn-model-v2 (spec.deprecation.replacedBy)',
    );
  });

  it('checks feature sources and dataset derivedFrom', async () => {
    const f = await check.run(feature({ sources: ['events'] }), context());
    expect(f.status).toBe('fail');
    expect(f.message).toContain('dataset:default/events (spec.sources[0])');

    const d = await check.run(
      dataset('customers', { derivedFrom: ['raw-events'] }),
      context([dataset('raw-events')]),
    );
    expect(d).toEqual({ status: 'pass', message: 'All 1 references resolve.' });
  });

  it('skips refs it cannot parse (a dependsOn without kind)', async () => {
    const result = await check.run(
      model({ dependsOn: ['feature-store'] }),
      context(),
    );
    expect(result.status).toBe('pass');
    expect(result.message).toBe('The spec refers to no other entity.');
  });
});

describe('LicenceCheck', () => {
  it('has a stable id and applies to ML kinds only', () => {
    const check = new LicenceCheck([]);
    expect(check.id).toBe('licence');
    expect(check.appliesTo(model())).toBe(true);
    expect(check.appliesTo(dataset('customers'))).toBe(true);
    expect(check.appliesTo(feature({ lifecycle: 'deprecated' }))).toBe(true);
    expect(check.appliesTo(component('svc', { license: 'mit' }))).toBe(false);
  });

  describe('without an allow-list', () => {
    const check = new LicenceCheck([]);

    it('fails a missing licence with an example in the hint', async () => {
      const result = await check.run(model());
      expect(result.status).toBe('fail');
      expect(result.message).toContain('No licence is declared');
      expect(result.fixHint).toBe(
        'Set spec.license, e.g. apache-2.0 or proprietary.',
      );
    });

    it('fails a blank or non-string licence', async () => {
      expect((await check.run(model({ license: '   ' }))).status).toBe('fail');
      expect((await check.run(model({ license: 42 }))).status).toBe('fail');
    });

    it('passes any declared licence', async () => {
      const result = await check.run(model({ license: 'gpl-3.0' }));
      expect(result).toEqual({
        status: 'pass',
        message: 'Licensed gpl-3.0; no allow-list is configured.',
      });
    });
  });

  describe('with an allow-list', () => {
    const check = new LicenceCheck(['Apache-2.0', 'mit', 'proprietary']);

    it('lists the allowed licences when none is declared', async () => {
      const result = await check.run(dataset('customers'));
      expect(result.status).toBe('fail');
      expect(result.fixHint).toBe(
        'Set spec.license to one of: Apache-2.0, mit, proprietary.',
      );
    });

    it('passes a licence on the list in any case', async () => {
      expect(await check.run(model({ license: 'apache-2.0' }))).toEqual({
        status: 'pass',
        message: 'Licensed apache-2.0.',
      });
      expect((await check.run(model({ license: 'MIT' }))).status).toBe('pass');
      expect((await check.run(model({ license: 'Proprietary' }))).status).toBe(
        'pass',
      );
    });

    it('fails a licence not on the list, naming it and the list', async () => {
      const result = await check.run(model({ license: 'GPL-3.0' }));
      expect(result.status).toBe('fail');
      expect(result.message).toBe(
        `The licence "GPL-3.0" is not on the company's allow-list.`,
      );
      expect(result.fixHint).toBe(
        'Use one of: Apache-2.0, mit, proprietary, or ask the platform team to review "GPL-3.0" for ml.healthChecks.licence.allowed.',
      );
    });

    it('does not match on a prefix', async () => {
      const result = await check.run(model({ license: 'apache-2.0-or-later' }));
      expect(result.status).toBe('fail');
    });
  });
});

describe('StalenessCheck', () => {
  const check = new StalenessCheck({ warnAfterDays: 90, failAfterDays: 180 });
  const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

  it('has a stable id', () => {
    expect(check.id).toBe('staleness');
  });

  it('applies to models and features that are not deprecated', () => {
    expect(check.appliesTo(model())).toBe(true);
    expect(check.appliesTo(model({ lifecycle: 'experimental' }))).toBe(true);
    expect(check.appliesTo(feature())).toBe(true);
    expect(check.appliesTo(entity('model', 'm', {}))).toBe(true);
    expect(check.appliesTo(entity('FEATURE', 'f', {}))).toBe(true);
    expect(check.appliesTo(model({ lifecycle: 'deprecated' }))).toBe(false);
    expect(check.appliesTo(feature({ lifecycle: 'deprecated' }))).toBe(false);
    expect(check.appliesTo(dataset('customers'))).toBe(false);
    expect(check.appliesTo(component('svc'))).toBe(false);
  });

  it('passes a recent update, naming the date and the window', async () => {
    const result = await check.run(model(), context([], daysAgo(3)));
    expect(result).toEqual({
      status: 'pass',
      message: 'Last updated 2025-05-29, within 90 days.',
    });
  });

  it('passes just under the warning threshold', async () => {
    const almost = new Date(daysAgo(90).getTime() + 1);
    const result = await check.run(model(), context([], almost));
    expect(result.status).toBe('pass');
    expect(result.fixHint).toBeUndefined();
  });

  it('warns at exactly the warning threshold, saying when it will fail', async () => {
    const result = await check.run(model(), context([], daysAgo(90)));
    expect(result.status).toBe('warn');
    expect(result.message).toBe(
      'No new version or evaluation since 2025-03-03: 90 days or more; after 180 the check fails.',
    );
    expect(result.fixHint).toContain('spec.evaluation');
    expect(result.fixHint).toContain('lifecycle: deprecated');
  });

  it('warns just under the failure threshold', async () => {
    const result = await check.run(
      model(),
      context([], new Date(daysAgo(180).getTime() + 1)),
    );
    expect(result.status).toBe('warn');
    expect(result.message).toContain('90 days or more');
  });

  it('fails at exactly the failure threshold', async () => {
    const result = await check.run(feature(), context([], daysAgo(180)));
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'No new version or evaluation since 2024-12-03: 180 days or more.',
    );
    expect(result.fixHint).toContain('Retrain or re-evaluate');
  });

  it('fails long after the failure threshold', async () => {
    const result = await check.run(model(), context([], daysAgo(400)));
    expect(result.status).toBe('fail');
    expect(result.message).toContain('since 2024-04-27');
  });

  it('words its message by date, so it does not change from one day to the next', async () => {
    const since = daysAgo(100);
    const today = await check.run(model(), context([], since));
    const tomorrow = await check.run(model(), {
      ...context([], since),
      now: new Date(NOW.getTime() + DAY_MS),
    });
    expect(tomorrow).toEqual(today);
    expect(today.status).toBe('warn');
    // The age in days (100) is not in the message; the date is.
    expect(today.message).not.toMatch(/\b10[01]\b/);
    expect(today.message).toContain('since 2025-02-21');
  });

  it('uses the context clock, not the wall clock', async () => {
    const context2030 = {
      ...context(),
      now: new Date('2030-01-01T00:00:00Z'),
      lastUpdatedAt: new Date('2029-12-01T00:00:00Z'),
    };
    const result = await check.run(model(), context2030);
    expect(result).toEqual({
      status: 'pass',
      message: 'Last updated 2029-12-01, within 90 days.',
    });
    const stale = await check.run(model(), {
      ...context2030,
      lastUpdatedAt: new Date('2029-07-01T00:00:00Z'),
    });
    expect(stale.status).toBe('fail');
  });

  it('treats a future update as fresh', async () => {
    const result = await check.run(
      model(),
      context([], new Date(NOW.getTime() + 5 * DAY_MS)),
    );
    expect(result.status).toBe('pass');
  });

  it('honours configured thresholds', async () => {
    const strict = new StalenessCheck({ warnAfterDays: 7, failAfterDays: 14 });
    expect((await strict.run(model(), context([], daysAgo(6)))).status).toBe(
      'pass',
    );
    expect((await strict.run(model(), context([], daysAgo(7)))).status).toBe(
      'warn',
    );
    const warned = await strict.run(model(), context([], daysAgo(13)));
    expect(warned.message).toContain(
      '7 days or more; after 14 the check fails',
    );
    const failed = await strict.run(model(), context([], daysAgo(14)));
    expect(failed.status).toBe('fail');
    expect(failed.message).toContain('14 days or more.');
  });
});

describe('DeprecatedDependenciesCheck', () => {
  const check = new DeprecatedDependenciesCheck();
  const oldData = dataset('old-customers', { lifecycle: 'deprecated' });

  it('has a stable id', () => {
    expect(check.id).toBe('deprecated-dependencies');
  });

  it('applies to ML entities that are not deprecated themselves', () => {
    expect(check.appliesTo(model())).toBe(true);
    expect(check.appliesTo(feature({ lifecycle: 'experimental' }))).toBe(true);
    expect(check.appliesTo(dataset('customers'))).toBe(true);
    expect(check.appliesTo(model({ lifecycle: 'deprecated' }))).toBe(false);
    expect(check.appliesTo(dataset('x', { lifecycle: 'deprecated' }))).toBe(
      false,
    );
    expect(check.appliesTo(component('svc'))).toBe(false);
  });

  it('passes when no input is deprecated', async () => {
    const result = await check.run(
      model({ trainedOn: ['customers'] }),
      context([dataset('customers'), oldData]),
    );
    expect(result).toEqual({
      status: 'pass',
      message: 'No input is deprecated.',
    });
  });

  it('fails a production model trained on a deprecated dataset, naming it', async () => {
    const result = await check.run(
      model({ trainedOn: ['customers', 'old-customers'] }),
      context([dataset('customers'), oldData]),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'Deprecated inputs: dataset:default/old-customers (spec.trainedOn[1]).',
    );
    expect(result.fixHint).toContain('successors');
    expect(result.fixHint).toContain('retrain');
  });

  it('only warns an experimental asset', async () => {
    const result = await check.run(
      model({ lifecycle: 'experimental', trainedOn: ['old-customers'] }),
      context([oldData]),
    );
    expect(result.status).toBe('warn');
    expect(result.message).toContain('dataset:default/old-customers');
  });

  it('looks at features, dependencies, feature sources and dataset parents', async () => {
    const others = [
      oldData,
      feature({ lifecycle: 'deprecated' }),
      component('feature-store', { lifecycle: 'deprecated' }),
    ];
    const m = await check.run(
      model({
        consumesFeatures: ['customer-activity'],
        dependsOn: ['component:default/feature-store'],
      }),
      context(others),
    );
    expect(m.status).toBe('fail');
    expect(m.message).toBe(
      'Deprecated inputs: feature:default/customer-activity (spec.consumesFeatures[0]), component:default/feature-store (spec.dependsOn[0]).',
    );

    const f = await check.run(
      entity('Feature', 'f2', {
        owner: 'team',
        lifecycle: 'production',
        sources: ['old-customers'],
      }),
      context(others),
    );
    expect(f.status).toBe('fail');
    expect(f.message).toContain('(spec.sources[0])');

    const d = await check.run(
      dataset('customers', { derivedFrom: ['old-customers'] }),
      context(others),
    );
    expect(d.status).toBe('fail');
    expect(d.message).toContain(
      'dataset:default/old-customers (spec.derivedFrom[0])',
    );
  });

  it('ignores refs that are not inputs: system, APIs, successor, owner', async () => {
    const result = await check.run(
      model(
        {
          owner: 'old-team',
          system: 'legacy',
          providesApis: ['old-api'],
          deprecation: { reason: 'x', replacedBy: 'old-model' },
        },
        { owner: 'group:default/old-team' },
      ),
      context([
        entity('System', 'legacy', { lifecycle: 'deprecated' }),
        entity('API', 'old-api', { lifecycle: 'deprecated' }),
        entity('Model', 'old-model', { lifecycle: 'deprecated' }),
        entity('Group', 'old-team', { lifecycle: 'deprecated' }),
      ]),
    );
    expect(result.status).toBe('pass');
  });

  it('ignores inputs missing from the catalog', async () => {
    const result = await check.run(model({ trainedOn: ['ghost'] }), context());
    expect(result.status).toBe('pass');
  });

  it('matches refs in any case', async () => {
    const result = await check.run(
      model({ trainedOn: ['Dataset:Default/Old-Customers'] }),
      context([oldData]),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toContain('dataset:default/old-customers');
  });
});

describe('RestrictedDataCheck', () => {
  const check = new RestrictedDataCheck();
  const data = (name: string, classification?: string) =>
    dataset(name, classification ? { classification } : {});

  it('has a stable id and applies to ML kinds only', () => {
    expect(check.id).toBe('restricted-data');
    expect(check.appliesTo(model())).toBe(true);
    expect(check.appliesTo(feature())).toBe(true);
    expect(check.appliesTo(dataset('customers'))).toBe(true);
    expect(check.appliesTo(component('svc'))).toBe(false);
  });

  it('passes when classified as strictly as its inputs', async () => {
    const result = await check.run(
      model({ classification: 'restricted', trainedOn: ['pii', 'events'] }),
      context([data('pii', 'restricted'), data('events', 'internal')]),
    );
    expect(result).toEqual({
      status: 'pass',
      message: 'Classified restricted, as strict as its inputs.',
    });
  });

  it('passes when inputs are less strict or of equal rank', async () => {
    const result = await check.run(
      model({ classification: 'confidential', trainedOn: ['a', 'b'] }),
      context([data('a', 'confidential'), data('b', 'public')]),
    );
    expect(result.status).toBe('pass');
  });

  it('passes an unclassified asset whose inputs are unclassified', async () => {
    const result = await check.run(
      model({ trainedOn: ['a'] }),
      context([data('a')]),
    );
    expect(result).toEqual({
      status: 'pass',
      message: 'No input is classified.',
    });
  });

  it('fails an asset less strict than restricted data, naming the input', async () => {
    const result = await check.run(
      model({ classification: 'confidential', trainedOn: ['pii'] }),
      context([data('pii', 'restricted')]),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'Classified confidential but reads stricter data: dataset:default/pii (restricted, spec.trainedOn[0]).',
    );
    expect(result.fixHint).toBe(
      'Set spec.classification: restricted, or stop reading dataset:default/pii (spec.trainedOn[0]).',
    );
  });

  it('warns when the stricter inputs are below restricted', async () => {
    const result = await check.run(
      model({ classification: 'internal', trainedOn: ['crm'] }),
      context([data('crm', 'confidential')]),
    );
    expect(result.status).toBe('warn');
    expect(result.message).toBe(
      'Classified internal but reads stricter data: dataset:default/crm (confidential, spec.trainedOn[0]).',
    );
    expect(result.fixHint).toBe(
      'Set spec.classification: confidential, or stop reading dataset:default/crm (spec.trainedOn[0]).',
    );
  });

  it('lists every stricter input and hints the strictest', async () => {
    const result = await check.run(
      model({
        classification: 'public',
        trainedOn: ['crm', 'pii', 'web'],
      }),
      context([
        data('crm', 'confidential'),
        data('pii', 'restricted'),
        data('web', 'public'),
      ]),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'Classified public but reads stricter data: dataset:default/crm (confidential, spec.trainedOn[0]), dataset:default/pii (restricted, spec.trainedOn[1]).',
    );
    expect(result.message).not.toContain('dataset:default/web');
    expect(result.fixHint).toContain('Set spec.classification: restricted');
    expect(result.fixHint).toContain('dataset:default/pii');
  });

  it('reports an unclassified asset reading classified data', async () => {
    const result = await check.run(
      model({ trainedOn: ['pii'] }),
      context([data('pii', 'restricted')]),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'Not classified but reads stricter data: dataset:default/pii (restricted, spec.trainedOn[0]).',
    );
  });

  it('follows features, feature sources and dataset parents', async () => {
    const restrictedFeature = feature({ classification: 'restricted' });
    const m = await check.run(
      model({
        classification: 'internal',
        consumesFeatures: ['customer-activity'],
      }),
      context([restrictedFeature]),
    );
    expect(m.status).toBe('fail');
    expect(m.message).toContain(
      'feature:default/customer-activity (restricted, spec.consumesFeatures[0])',
    );

    const f = await check.run(
      feature({ classification: 'internal', sources: ['pii'] }),
      context([data('pii', 'restricted')]),
    );
    expect(f.status).toBe('fail');
    expect(f.message).toContain('(restricted, spec.sources[0])');

    const d = await check.run(
      dataset('summary', { classification: 'public', derivedFrom: ['crm'] }),
      context([data('crm', 'confidential')]),
    );
    expect(d.status).toBe('warn');
    expect(d.message).toContain('(confidential, spec.derivedFrom[0])');
  });

  it('ignores runtime dependencies and missing inputs', async () => {
    const result = await check.run(
      model({
        classification: 'public',
        dependsOn: ['dataset:default/pii'],
        trainedOn: ['ghost'],
      }),
      context([data('pii', 'restricted')]),
    );
    expect(result.status).toBe('pass');
  });

  it('matches input refs in any case', async () => {
    const result = await check.run(
      model({ classification: 'internal', trainedOn: ['PII'] }),
      context([data('pii', 'restricted')]),
    );
    expect(result.status).toBe('fail');
    expect(result.message).toContain('dataset:default/pii');
  });
});

describe('builtInHealthChecks', () => {
  const byId = (checks: MlHealthCheck[], id: string) => {
    const found = checks.find(c => c.id === id);
    if (!found) throw new Error(`no check ${id}`);
    return found;
  };

  it('returns every built-in check with a unique id and a title', () => {
    const checks = builtInHealthChecks(new ConfigReader({}));
    const ids = checks.map(c => c.id);
    expect(ids).toEqual([
      'card-completeness',
      'owner-exists',
      'refs-resolve',
      'licence',
      'staleness',
      'deprecated-dependencies',
      'restricted-data',
      'serving-endpoint',
    ]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of checks) {
      expect(check.title).toEqual(expect.any(String));
      expect(check.title.length).toBeGreaterThan(0);
    }
  });

  it('uses the default thresholds when nothing is configured', async () => {
    const checks = builtInHealthChecks(
      new ConfigReader({ ml: { other: true } }),
    );

    const card = await byId(checks, 'card-completeness').run(
      model(),
      context(),
    );
    expect(card.message).toContain('80% passes and below 50% fails');

    const staleness = byId(checks, 'staleness');
    const days = (n: number) => new Date(NOW.getTime() - n * DAY_MS);
    expect((await staleness.run(model(), context([], days(89)))).status).toBe(
      'pass',
    );
    const warned = await staleness.run(model(), context([], days(90)));
    expect(warned.status).toBe('warn');
    expect(warned.message).toContain(
      '90 days or more; after 180 the check fails',
    );
    expect((await staleness.run(model(), context([], days(179)))).status).toBe(
      'warn',
    );
    const failed = await staleness.run(model(), context([], days(180)));
    expect(failed.status).toBe('fail');
    expect(failed.message).toContain('180 days or more.');

    const licence = byId(checks, 'licence');
    expect(
      (await licence.run(model({ license: 'anything-goes' }), context()))
        .status,
    ).toBe('pass');
    expect((await licence.run(model(), context())).fixHint).toContain(
      'e.g. apache-2.0',
    );
  });

  it('reads the configured values', async () => {
    const checks = builtInHealthChecks(
      new ConfigReader({
        ml: {
          healthChecks: {
            cardCompleteness: { passScore: 100, minScore: 0 },
            licence: { allowed: ['Apache-2.0', 'MIT'] },
            staleness: { warnAfterDays: 7, failAfterDays: 30 },
            servingEndpoint: { allowedHosts: ['127.0.0.1'], timeoutMs: 100 },
          },
        },
      }),
    );
    expect(checks.map(c => c.id)).toHaveLength(8);

    const card = byId(checks, 'card-completeness');
    const empty = await card.run(model(), context());
    expect(empty.status).toBe('warn');
    expect(empty.message).toContain('100% passes');

    const licence = byId(checks, 'licence');
    expect(
      (await licence.run(model({ license: 'mit' }), context())).status,
    ).toBe('pass');
    const gpl = await licence.run(model({ license: 'gpl-3.0' }), context());
    expect(gpl.status).toBe('fail');
    expect(gpl.fixHint).toContain('Use one of: Apache-2.0, MIT');

    const staleness = byId(checks, 'staleness');
    const days = (n: number) => new Date(NOW.getTime() - n * DAY_MS);
    expect((await staleness.run(model(), context([], days(6)))).status).toBe(
      'pass',
    );
    expect((await staleness.run(model(), context([], days(7)))).status).toBe(
      'warn',
    );
    const failed = await staleness.run(model(), context([], days(30)));
    expect(failed.status).toBe('fail');
    expect(failed.message).toContain('30 days or more.');
    expect(
      (await staleness.run(model(), context([], days(7)))).message,
    ).toContain('7 days or more; after 30 the check fails');
  });

  it('defaults what a partial configuration leaves out', async () => {
    const checks = builtInHealthChecks(
      new ConfigReader({
        ml: { healthChecks: { staleness: { warnAfterDays: 10 } } },
      }),
    );
    const staleness = byId(checks, 'staleness');
    const days = (n: number) => new Date(NOW.getTime() - n * DAY_MS);
    expect((await staleness.run(model(), context([], days(10)))).status).toBe(
      'warn',
    );
    expect((await staleness.run(model(), context([], days(179)))).status).toBe(
      'warn',
    );
    expect((await staleness.run(model(), context([], days(180)))).status).toBe(
      'fail',
    );
    const card = await byId(checks, 'card-completeness').run(
      model(),
      context(),
    );
    expect(card.message).toContain('80% passes and below 50% fails');
  });

  it('returns fresh instances on every call', () => {
    const a = builtInHealthChecks(new ConfigReader({}));
    const b = builtInHealthChecks(new ConfigReader({}));
    expect(a[0]).not.toBe(b[0]);
    expect(a[0]).toBeInstanceOf(CardCompletenessCheck);
    expect(a[6]).toBeInstanceOf(RestrictedDataCheck);
  });
});
