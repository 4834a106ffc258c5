import type { Entity } from '@backstage/catalog-model';
import { cardCompleteness } from '@ml-marketplace/plugin-ml-common';
import {
  evaluateCertification,
  nextCertificate,
  type ApprovalRecord,
  type CertificateState,
  type CertificationInputs,
  type CheckOutcome,
  type Evaluation,
} from './evaluate';
import { DEFAULT_LEVELS, type CertificationPolicy } from './policy';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = new Date('2025-06-01T12:00:00.000Z');
const NOW_ISO = NOW.toISOString();
const inDays = (days: number) =>
  new Date(NOW.getTime() + days * DAY_MS).toISOString();

const policy: CertificationPolicy = {
  levels: DEFAULT_LEVELS,
  validityDays: 90,
  approvalValidityDays: 365,
  reviewers: [],
};

/** Every recommended model field except the evaluation, which tests vary. */
const MODEL_CARD_SPEC = {
  task: 'binary-classification',
  framework: 'scikit-learn',
  license: 'apache-2.0',
  trainedOn: ['customers'],
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

const GOOD_EVALUATION = [
  { metric: 'auc', value: 0.91, threshold: 0.85 },
  { metric: 'latency_ms', value: 80, threshold: 100, higherIsBetter: false },
];

function model(spec: Record<string, unknown> = {}): Entity {
  return {
    apiVersion: 'ml-marketplace.io/v1alpha1',
    kind: 'Model',
    metadata: {
      name: 'churn-model',
      namespace: 'default',
      description: 'Predicts churn',
    },
    spec: {
      owner: 'group:default/team',
      lifecycle: 'production',
      ...MODEL_CARD_SPEC,
      evaluation: GOOD_EVALUATION,
      ...spec,
    },
  };
}

/** Dataset weights sum to 10, so the score moves in steps of 10. */
function dataset(
  fields: Record<string, unknown>,
  description?: string,
): Entity {
  return {
    apiVersion: 'ml-marketplace.io/v1alpha1',
    kind: 'Dataset',
    metadata: {
      name: 'customers',
      namespace: 'default',
      ...(description && { description }),
    },
    spec: {
      owner: 'group:default/team',
      lifecycle: 'production',
      type: 'table',
      ...fields,
    },
  };
}

const outcome = (
  checkId: string,
  status: CheckOutcome['status'],
  message = `${checkId} ${status}`,
): CheckOutcome => ({ checkId, status, message });

const ALL_PASS: CheckOutcome[] = [
  outcome('owner-exists', 'pass', 'Owned by ML Platform.'),
  outcome('licence', 'pass'),
  outcome('refs-resolve', 'pass'),
];

const approval = (expiresAt = inDays(300)): ApprovalRecord => ({
  by: 'user:default/alice',
  at: '2025-05-01T09:00:00.000Z',
  reason: 'Reviewed the card and the fairness report',
  expiresAt,
});

function inputs(
  overrides: Partial<CertificationInputs> = {},
): CertificationInputs {
  return {
    entity: model(),
    results: ALL_PASS,
    approval: approval(),
    revoked: false,
    now: NOW,
    ...overrides,
  };
}

const evidenceFor = (
  evaluation: Evaluation,
  level: string,
  requirement: string,
) => {
  const found = evaluation.evidence.find(
    e => e.level === level && e.requirement === requirement,
  );
  if (!found) throw new Error(`no evidence for ${level}.${requirement}`);
  return found;
};

describe('evaluateCertification', () => {
  it('certifies nothing before the first check run', () => {
    const result = evaluateCertification(policy, inputs({ results: [] }));
    expect(result.level).toBeNull();
    expect(evidenceFor(result, 'bronze', 'owner')).toEqual({
      level: 'bronze',
      requirement: 'owner',
      met: false,
      detail: 'The owner has not been checked yet',
    });
    expect(evidenceFor(result, 'silver', 'checks')).toMatchObject({
      met: false,
      detail: 'Not checked yet',
    });
  });

  it('lists every requirement of every level, lowest first, even when nothing holds', () => {
    const result = evaluateCertification(policy, inputs({ results: [] }));
    expect(result.evidence.map(e => [e.level, e.requirement])).toEqual([
      ['bronze', 'owner'],
      ['bronze', 'minCardCompleteness'],
      ['silver', 'checks'],
      ['silver', 'evaluation'],
      ['silver', 'notDeprecated'],
      ['gold', 'metricThresholds'],
      ['gold', 'approval'],
    ]);
  });

  it('holds a deprecated asset at bronze, saying why and naming its successor', () => {
    const result = evaluateCertification(
      policy,
      inputs({
        entity: model({
          lifecycle: 'deprecated',
          deprecation: {
            reason: 'Superseded by churn-model-v2',
            replacedBy: 'model:default/churn-model-v2',
            sunsetDate: '2027-03-31',
          },
        }),
      }),
    );
    // Everything else holds, the approval included.
    expect(result.level).toBe('bronze');
    expect(evidenceFor(result, 'silver', 'notDeprecated')).toEqual({
      level: 'silver',
      requirement: 'notDeprecated',
      met: false,
      detail:
        'Deprecated, so it cannot be certified above the lowest level. Superseded by churn-model-v2. Sunset 2027-03-31. Use model:default/churn-model-v2 instead.',
    });
  });

  it('reaches gold when every requirement holds', () => {
    const result = evaluateCertification(policy, inputs());
    expect(result.level).toBe('gold');
    expect(result.evidence.every(e => e.met)).toBe(true);
    expect(result.evidence).toHaveLength(7);
    expect(evidenceFor(result, 'bronze', 'owner').detail).toBe(
      'Owned by ML Platform.',
    );
    expect(evidenceFor(result, 'bronze', 'minCardCompleteness').detail).toBe(
      'Card 100% complete (50% required)',
    );
    expect(evidenceFor(result, 'silver', 'checks').detail).toBe(
      'No check fails (0 warnings)',
    );
    expect(evidenceFor(result, 'silver', 'evaluation').detail).toBe(
      '2 evaluation results',
    );
    expect(evidenceFor(result, 'gold', 'metricThresholds').detail).toBe(
      'All 2 thresholds met',
    );
    expect(evidenceFor(result, 'gold', 'approval').detail).toBe(
      'Approved by user:default/alice on 2025-05-01: Reviewed the card and the fairness report',
    );
  });

  describe('bronze', () => {
    it('needs the owner-exists check to pass', () => {
      for (const status of ['warn', 'fail'] as const) {
        const result = evaluateCertification(
          policy,
          inputs({
            results: [
              outcome(
                'owner-exists',
                status,
                'The owner group:default/ghosts is not in the catalog.',
              ),
            ],
          }),
        );
        expect(result.level).toBeNull();
        expect(evidenceFor(result, 'bronze', 'owner')).toMatchObject({
          met: false,
          detail: 'The owner group:default/ghosts is not in the catalog.',
        });
      }
    });

    it('is not met when the owner check did not run, whatever else passed', () => {
      const result = evaluateCertification(
        policy,
        inputs({ results: [outcome('licence', 'pass')] }),
      );
      expect(result.level).toBeNull();
      expect(evidenceFor(result, 'bronze', 'owner').met).toBe(false);
    });

    it('is met at exactly the minimum card completeness', () => {
      const half = dataset(
        { classification: 'internal', location: 's3://bucket/customers' },
        'One row per customer',
      );
      expect(cardCompleteness(half).score).toBe(50);
      const result = evaluateCertification(
        policy,
        inputs({ entity: half, approval: undefined }),
      );
      expect(
        evidenceFor(result, 'bronze', 'minCardCompleteness'),
      ).toMatchObject({
        met: true,
        detail: 'Card 50% complete (50% required)',
      });
      expect(result.level).toBe('silver');
    });

    it('is not met below the minimum card completeness, and nothing above holds', () => {
      const under = dataset(
        { classification: 'internal' },
        'One row per customer',
      );
      expect(cardCompleteness(under).score).toBe(40);
      const result = evaluateCertification(policy, inputs({ entity: under }));
      expect(
        evidenceFor(result, 'bronze', 'minCardCompleteness'),
      ).toMatchObject({
        met: false,
        detail: 'Card 40% complete (50% required)',
      });
      // Silver and gold requirements hold on their own, but levels are cumulative.
      expect(
        result.evidence.filter(e => e.level !== 'bronze').every(e => e.met),
      ).toBe(true);
      expect(result.level).toBeNull();
    });

    it('stops at bronze when a check fails', () => {
      const result = evaluateCertification(
        policy,
        inputs({
          results: [
            ...ALL_PASS,
            outcome('licence', 'fail', 'The licence "gpl-3.0" is not allowed.'),
          ],
        }),
      );
      expect(result.level).toBe('bronze');
      expect(evidenceFor(result, 'silver', 'checks')).toMatchObject({
        met: false,
        detail: 'Failing: licence (The licence "gpl-3.0" is not allowed.)',
      });
    });
  });

  describe('silver', () => {
    it('does not let advice (a missing licence) block it, nor a failing warning-level check', () => {
      const result = evaluateCertification(
        policy,
        inputs({
          results: [
            ...ALL_PASS,
            {
              ...outcome('licence', 'fail', 'No licence.'),
              severity: 'advice',
            },
            {
              ...outcome('owner-exists-2', 'fail', 'Gone.'),
              severity: 'warning',
            },
          ],
        }),
      );
      expect(evidenceFor(result, 'silver', 'checks')).toMatchObject({
        met: true,
        detail: 'No check fails (1 warning)',
      });
    });

    it('allows warnings and counts them', () => {
      const result = evaluateCertification(
        policy,
        inputs({
          results: [
            ...ALL_PASS,
            outcome('staleness', 'warn'),
            outcome('card-completeness', 'warn'),
          ],
        }),
      );
      expect(result.level).toBe('gold');
      expect(evidenceFor(result, 'silver', 'checks')).toMatchObject({
        met: true,
        detail: 'No check fails (2 warnings)',
      });
    });

    it('needs evaluation results on a model', () => {
      const result = evaluateCertification(
        policy,
        inputs({ entity: model({ evaluation: undefined }) }),
      );
      expect(result.level).toBe('bronze');
      expect(evidenceFor(result, 'silver', 'evaluation')).toMatchObject({
        met: false,
        detail: 'No evaluation results in spec.evaluation',
      });
    });

    it('treats an empty evaluation list as none', () => {
      const result = evaluateCertification(
        policy,
        inputs({ entity: model({ evaluation: [] }) }),
      );
      expect(evidenceFor(result, 'silver', 'evaluation').met).toBe(false);
      expect(result.level).toBe('bronze');
    });

    it('does not ask datasets for evaluation results', () => {
      const full = dataset(
        {
          classification: 'internal',
          location: 's3://bucket/customers',
          schema: { columns: [{ name: 'id', type: 'string' }] },
        },
        'One row per customer',
      );
      const result = evaluateCertification(
        policy,
        inputs({ entity: full, approval: undefined }),
      );
      expect(result.level).toBe('silver');
      expect(evidenceFor(result, 'silver', 'evaluation')).toMatchObject({
        met: true,
        detail: 'Not applicable to Datasets',
      });
      expect(evidenceFor(result, 'gold', 'metricThresholds')).toMatchObject({
        met: true,
        detail: 'Not applicable to Datasets',
      });
      expect(evidenceFor(result, 'gold', 'approval').met).toBe(false);
    });

    it('treats the kind case-insensitively', () => {
      const lower = { ...model({ evaluation: undefined }), kind: 'model' };
      const result = evaluateCertification(policy, inputs({ entity: lower }));
      expect(evidenceFor(result, 'silver', 'evaluation').met).toBe(false);
    });
  });

  describe('gold', () => {
    it('is missed when a threshold is missed, naming the metric and values', () => {
      const result = evaluateCertification(
        policy,
        inputs({
          entity: model({
            evaluation: [
              { metric: 'auc', value: 0.8, threshold: 0.85 },
              {
                metric: 'auc',
                value: 0.9,
                threshold: 0.85,
                slice: 'country=FR',
              },
              {
                metric: 'recall',
                value: 0.6,
                threshold: 0.7,
                slice: 'country=DE',
              },
            ],
          }),
        }),
      );
      expect(result.level).toBe('silver');
      expect(evidenceFor(result, 'gold', 'metricThresholds')).toMatchObject({
        met: false,
        detail:
          'Below threshold: auc 0.8 vs 0.85, recall [country=DE] 0.6 vs 0.7',
      });
    });

    it('meets a threshold at exactly its value', () => {
      const result = evaluateCertification(
        policy,
        inputs({
          entity: model({
            evaluation: [
              { metric: 'auc', value: 0.85, threshold: 0.85 },
              {
                metric: 'latency',
                value: 100,
                threshold: 100,
                higherIsBetter: false,
              },
            ],
          }),
        }),
      );
      expect(evidenceFor(result, 'gold', 'metricThresholds').met).toBe(true);
      expect(result.level).toBe('gold');
    });

    it('inverts the comparison when higherIsBetter is false', () => {
      const over = evaluateCertification(
        policy,
        inputs({
          entity: model({
            evaluation: [
              {
                metric: 'latency',
                value: 120,
                threshold: 100,
                higherIsBetter: false,
              },
            ],
          }),
        }),
      );
      expect(over.level).toBe('silver');
      expect(evidenceFor(over, 'gold', 'metricThresholds').detail).toBe(
        'Below threshold: latency 120 vs 100',
      );

      const under = evaluateCertification(
        policy,
        inputs({
          entity: model({
            evaluation: [
              {
                metric: 'latency',
                value: 20,
                threshold: 100,
                higherIsBetter: false,
              },
            ],
          }),
        }),
      );
      expect(under.level).toBe('gold');

      // higherIsBetter true behaves like the default.
      const explicit = evaluateCertification(
        policy,
        inputs({
          entity: model({
            evaluation: [
              {
                metric: 'auc',
                value: 0.5,
                threshold: 0.8,
                higherIsBetter: true,
              },
            ],
          }),
        }),
      );
      expect(evidenceFor(explicit, 'gold', 'metricThresholds').met).toBe(false);
    });

    it('needs at least one threshold and ignores results without one', () => {
      const none = evaluateCertification(
        policy,
        inputs({
          entity: model({ evaluation: [{ metric: 'auc', value: 0.1 }] }),
        }),
      );
      expect(none.level).toBe('silver');
      expect(evidenceFor(none, 'gold', 'metricThresholds')).toMatchObject({
        met: false,
        detail: 'No evaluation result declares a threshold',
      });

      const some = evaluateCertification(
        policy,
        inputs({
          entity: model({
            evaluation: [
              { metric: 'auc', value: 0.1 },
              { metric: 'f1', value: 0.9, threshold: 0.8 },
            ],
          }),
        }),
      );
      expect(evidenceFor(some, 'gold', 'metricThresholds').detail).toBe(
        'All 1 thresholds met',
      );
      expect(some.level).toBe('gold');
    });

    it('needs an approval', () => {
      const result = evaluateCertification(
        policy,
        inputs({ approval: undefined }),
      );
      expect(result.level).toBe('silver');
      expect(evidenceFor(result, 'gold', 'approval')).toMatchObject({
        met: false,
        detail: 'Not approved by a reviewer',
      });
    });

    it('does not count an expired approval, naming the approver and the date', () => {
      const result = evaluateCertification(
        policy,
        inputs({ approval: approval('2025-05-31T23:00:00.000Z') }),
      );
      expect(result.level).toBe('silver');
      expect(evidenceFor(result, 'gold', 'approval')).toMatchObject({
        met: false,
        detail: 'The approval by user:default/alice expired on 2025-05-31',
      });
    });

    it('treats an approval expiring right now as expired', () => {
      const atNow = evaluateCertification(
        policy,
        inputs({ approval: approval(NOW_ISO) }),
      );
      expect(evidenceFor(atNow, 'gold', 'approval').met).toBe(false);
      expect(atNow.level).toBe('silver');

      const justAfter = evaluateCertification(
        policy,
        inputs({
          approval: approval(new Date(NOW.getTime() + 1).toISOString()),
        }),
      );
      expect(evidenceFor(justAfter, 'gold', 'approval').met).toBe(true);
      expect(justAfter.level).toBe('gold');
    });
  });

  describe('revocation', () => {
    it('holds the asset uncertified but still judges every requirement', () => {
      const result = evaluateCertification(policy, inputs({ revoked: true }));
      expect(result.level).toBeNull();
      expect(result.evidence).toHaveLength(7);
      expect(result.evidence.every(e => e.met)).toBe(true);
    });
  });

  describe('custom policies', () => {
    it("requires every check to pass with checks: 'pass'", () => {
      const strict: CertificationPolicy = {
        ...policy,
        levels: [
          { id: 'strict', title: 'Strict', requires: { checks: 'pass' } },
        ],
      };
      const warned = evaluateCertification(
        strict,
        inputs({
          results: [...ALL_PASS, outcome('staleness', 'warn', 'Stale.')],
        }),
      );
      expect(warned.level).toBeNull();
      expect(warned.evidence).toEqual([
        {
          level: 'strict',
          requirement: 'checks',
          met: false,
          detail: 'Not passing: staleness (Stale.)',
        },
      ]);

      const passing = evaluateCertification(strict, inputs());
      expect(passing.level).toBe('strict');
      expect(passing.evidence[0].detail).toBe('All 3 checks pass');
    });

    it('skips requirements set to false and levels without requirements always hold', () => {
      const lenient: CertificationPolicy = {
        ...policy,
        levels: [
          { id: 'listed', title: 'Listed', requires: {} },
          {
            id: 'owned',
            title: 'Owned',
            requires: { owner: true, approval: false },
          },
        ],
      };
      const result = evaluateCertification(
        lenient,
        inputs({ approval: undefined }),
      );
      expect(result.level).toBe('owned');
      expect(result.evidence.map(e => e.requirement)).toEqual(['owner']);

      const noOwner = evaluateCertification(lenient, inputs({ results: [] }));
      expect(noOwner.level).toBe('listed');
    });

    it('reports an unknown requirement as not met', () => {
      const odd: CertificationPolicy = {
        ...policy,
        levels: [
          { id: 'odd', title: 'Odd', requires: { colour: true } as any },
        ],
      };
      const result = evaluateCertification(odd, inputs());
      expect(result.level).toBeNull();
      expect(result.evidence[0]).toMatchObject({
        met: false,
        detail: 'Unknown requirement colour',
      });
    });
  });
});

describe('nextCertificate', () => {
  const evaluation = (
    level: string | null,
    evidence: Evaluation['evidence'] = [],
  ) => ({
    level,
    evidence,
  });
  const state = (
    level: string | null,
    issuedAt: string | null,
    expiresAt: string | null,
  ): CertificateState => ({ level, issuedAt, expiresAt, evidence: [] });

  it('certifies a first certificate, valid for validityDays', () => {
    const evaluated = evaluateCertification(
      policy,
      inputs({ approval: undefined }),
    );
    expect(evaluated.level).toBe('silver');
    const { state: next, audit } = nextCertificate(
      policy,
      undefined,
      evaluated,
      undefined,
      NOW,
    );
    expect(next).toEqual({
      level: 'silver',
      issuedAt: NOW_ISO,
      expiresAt: '2025-08-30T12:00:00.000Z',
      evidence: evaluated.evidence,
    });
    expect(audit).toEqual({
      action: 'certified',
      from: null,
      to: 'silver',
      reason: 'Every requirement up to Silver holds',
    });
  });

  it('certifies from a stored uncertified state', () => {
    const { audit, state: next } = nextCertificate(
      policy,
      state(null, null, null),
      evaluation('bronze'),
      undefined,
      NOW,
    );
    expect(audit?.action).toBe('certified');
    expect(audit?.from).toBeNull();
    expect(next.level).toBe('bronze');
    expect(next.expiresAt).toBe(inDays(90));
  });

  it('certifies an upgrade with fresh dates', () => {
    const { state: next, audit } = nextCertificate(
      policy,
      state('silver', '2025-05-01T00:00:00.000Z', inDays(60)),
      evaluation('gold'),
      approval(inDays(300)),
      NOW,
    );
    expect(audit).toMatchObject({
      action: 'certified',
      from: 'silver',
      to: 'gold',
      reason: 'Every requirement up to Gold holds',
    });
    expect(next.issuedAt).toBe(NOW_ISO);
    expect(next.expiresAt).toBe(inDays(90));
  });

  it('caps the expiry at the approval expiry for levels that need approval', () => {
    const approvalExpiry = inDays(30);
    const { state: next } = nextCertificate(
      policy,
      undefined,
      evaluation('gold'),
      approval(approvalExpiry),
      NOW,
    );
    expect(next.expiresAt).toBe(approvalExpiry);
  });

  it('does not cap the expiry of levels that need no approval', () => {
    const { state: next } = nextCertificate(
      policy,
      undefined,
      evaluation('silver'),
      approval(inDays(30)),
      NOW,
    );
    expect(next.expiresAt).toBe(inDays(90));
  });

  it('caps the expiry when the approval is required below the level reached', () => {
    const approvalFirst: CertificationPolicy = {
      ...policy,
      levels: [
        { id: 'approved', title: 'Approved', requires: { approval: true } },
        { id: 'owned', title: 'Owned', requires: { owner: true } },
      ],
    };
    const { state: next } = nextCertificate(
      approvalFirst,
      undefined,
      evaluation('owned'),
      approval(inDays(10)),
      NOW,
    );
    expect(next.expiresAt).toBe(inDays(10));
  });

  it('keeps the dates and writes no audit while the same level is still valid', () => {
    const current = state('silver', '2025-05-01T00:00:00.000Z', inDays(1));
    const evaluated = evaluation('silver', [
      { level: 'bronze', requirement: 'owner', met: true, detail: 'Owned.' },
    ]);
    const result = nextCertificate(policy, current, evaluated, undefined, NOW);
    expect(result.audit).toBeUndefined();
    expect(result.state).toEqual({
      level: 'silver',
      issuedAt: '2025-05-01T00:00:00.000Z',
      expiresAt: inDays(1),
      evidence: evaluated.evidence,
    });
  });

  it('renews the same level once it lapsed', () => {
    const current = state(
      'silver',
      '2025-03-01T00:00:00.000Z',
      '2025-05-30T00:00:00.000Z',
    );
    const { state: next, audit } = nextCertificate(
      policy,
      current,
      evaluation('silver'),
      undefined,
      NOW,
    );
    expect(next.issuedAt).toBe(NOW_ISO);
    expect(next.expiresAt).toBe(inDays(90));
    expect(audit).toEqual({
      action: 'renewed',
      from: 'silver',
      to: 'silver',
      reason:
        'The certificate lapsed on 2025-05-30 and its evidence still holds',
    });
  });

  it('renews a certificate expiring exactly now', () => {
    const { audit } = nextCertificate(
      policy,
      state('bronze', '2025-03-03T12:00:00.000Z', NOW_ISO),
      evaluation('bronze'),
      undefined,
      NOW,
    );
    expect(audit?.action).toBe('renewed');
  });

  it('renews a certificate without an expiry', () => {
    const { audit, state: next } = nextCertificate(
      policy,
      state('bronze', null, null),
      evaluation('bronze'),
      undefined,
      NOW,
    );
    expect(audit?.action).toBe('renewed');
    expect(audit?.reason).toContain('an unknown date');
    expect(next.expiresAt).toBe(inDays(90));
  });

  it('caps a renewed gold certificate at the approval expiry', () => {
    const { state: next, audit } = nextCertificate(
      policy,
      state('gold', '2025-03-01T00:00:00.000Z', '2025-05-30T00:00:00.000Z'),
      evaluation('gold'),
      approval(inDays(45)),
      NOW,
    );
    expect(audit?.action).toBe('renewed');
    expect(next.expiresAt).toBe(inDays(45));
  });

  it('downgrades and names the broken requirement', () => {
    const expired = approval('2025-05-31T00:00:00.000Z');
    const evaluated = evaluateCertification(
      policy,
      inputs({ approval: expired }),
    );
    expect(evaluated.level).toBe('silver');
    const { state: next, audit } = nextCertificate(
      policy,
      state('gold', '2025-04-01T00:00:00.000Z', inDays(10)),
      evaluated,
      expired,
      NOW,
    );
    expect(audit).toEqual({
      action: 'downgraded',
      from: 'gold',
      to: 'silver',
      reason:
        'approval: The approval by user:default/alice expired on 2025-05-31',
    });
    expect(next.level).toBe('silver');
    expect(next.issuedAt).toBe(NOW_ISO);
    expect(next.expiresAt).toBe(inDays(90));
    expect(next.evidence).toBe(evaluated.evidence);
  });

  it('names every broken requirement of the levels lost, and no met one', () => {
    const evaluated = evaluateCertification(
      policy,
      inputs({
        entity: model({ evaluation: undefined }),
        approval: undefined,
      }),
    );
    expect(evaluated.level).toBe('bronze');
    const { audit } = nextCertificate(
      policy,
      state('gold', '2025-04-01T00:00:00.000Z', inDays(10)),
      evaluated,
      undefined,
      NOW,
    );
    expect(audit?.action).toBe('downgraded');
    expect(audit?.to).toBe('bronze');
    expect(audit?.reason).toBe(
      'evaluation: No evaluation results in spec.evaluation; ' +
        'metricThresholds: No evaluation result declares a threshold; ' +
        'approval: Not approved by a reviewer',
    );
    expect(audit?.reason).not.toContain('owner');
  });

  it('only names requirements of levels that were held', () => {
    const evaluated = evaluateCertification(
      policy,
      inputs({
        results: [
          outcome(
            'owner-exists',
            'fail',
            'The owner group:default/ghosts is not in the catalog.',
          ),
        ],
        approval: undefined,
      }),
    );
    expect(evaluated.level).toBeNull();
    const { state: next, audit } = nextCertificate(
      policy,
      state('bronze', '2025-04-01T00:00:00.000Z', inDays(10)),
      evaluated,
      undefined,
      NOW,
    );
    expect(next).toEqual({
      level: null,
      issuedAt: null,
      expiresAt: null,
      evidence: evaluated.evidence,
    });
    expect(audit).toEqual({
      action: 'downgraded',
      from: 'bronze',
      to: null,
      reason: 'owner: The owner group:default/ghosts is not in the catalog.',
    });
  });

  it('says a reviewer revoked it when no requirement broke', () => {
    const evaluated = evaluateCertification(policy, inputs({ revoked: true }));
    const { audit } = nextCertificate(
      policy,
      state('gold', '2025-04-01T00:00:00.000Z', inDays(10)),
      evaluated,
      approval(),
      NOW,
    );
    expect(audit).toEqual({
      action: 'downgraded',
      from: 'gold',
      to: null,
      reason: 'Revoked by a reviewer',
    });
  });

  it('writes no audit when an uncertified asset stays uncertified', () => {
    const evaluated = evaluateCertification(policy, inputs({ results: [] }));
    for (const current of [undefined, state(null, null, null)]) {
      const result = nextCertificate(
        policy,
        current,
        evaluated,
        undefined,
        NOW,
      );
      expect(result.audit).toBeUndefined();
      expect(result.state).toEqual({
        level: null,
        issuedAt: null,
        expiresAt: null,
        evidence: evaluated.evidence,
      });
    }
  });
});
