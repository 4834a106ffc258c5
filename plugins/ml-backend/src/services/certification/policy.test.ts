import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DEFAULT_LEVELS, readCertificationPolicy } from './policy';

const read = (certification: unknown) =>
  readCertificationPolicy(new ConfigReader({ ml: { certification } } as any));

/** The error a policy raises, for asserting on its message. */
function errorOf(certification: unknown): Error {
  try {
    read(certification);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected readCertificationPolicy to throw');
}

describe('readCertificationPolicy', () => {
  describe('defaults', () => {
    it('uses the default levels and validity without any config', () => {
      const policy = readCertificationPolicy(new ConfigReader({}));
      expect(policy).toEqual({
        levels: DEFAULT_LEVELS,
        validityDays: 90,
        approvalValidityDays: 365,
        reviewers: [],
      });
    });

    it('uses the defaults when ml is configured without certification', () => {
      const policy = readCertificationPolicy(
        new ConfigReader({ ml: { healthChecks: {} } }),
      );
      expect(policy.levels.map(l => l.id)).toEqual([
        'bronze',
        'silver',
        'gold',
      ]);
      expect(policy.validityDays).toBe(90);
      expect(policy.approvalValidityDays).toBe(365);
    });

    it('defines bronze, silver and gold as the example policy', () => {
      expect(DEFAULT_LEVELS).toEqual([
        {
          id: 'bronze',
          title: 'Bronze',
          requires: { owner: true, minCardCompleteness: 50 },
        },
        {
          id: 'silver',
          title: 'Silver',
          requires: {
            checks: 'no-failures',
            evaluation: true,
            notDeprecated: true,
          },
        },
        {
          id: 'gold',
          title: 'Gold',
          requires: { metricThresholds: true, approval: true },
        },
      ]);
    });

    it('keeps the default levels when only the validity is configured', () => {
      const policy = read({ validityDays: 30, approvalValidityDays: 180 });
      expect(policy.levels).toEqual(DEFAULT_LEVELS);
      expect(policy.validityDays).toBe(30);
      expect(policy.approvalValidityDays).toBe(180);
    });
  });

  describe('custom levels', () => {
    it('reads the levels in order, defaulting titles from the ids', () => {
      const policy = read({
        levels: [
          { id: 'listed', requires: { owner: true } },
          {
            id: 'top-tier',
            title: 'Top tier',
            requires: {
              checks: 'pass',
              minCardCompleteness: 90,
              approval: true,
            },
          },
          { id: 'platinum-plus', requires: { metricThresholds: true } },
        ],
      });
      expect(policy.levels).toEqual([
        { id: 'listed', title: 'Listed', requires: { owner: true } },
        {
          id: 'top-tier',
          title: 'Top tier',
          // A deprecated asset holds the lowest level at most, unless the
          // policy names notDeprecated itself.
          requires: {
            checks: 'pass',
            minCardCompleteness: 90,
            approval: true,
            notDeprecated: true,
          },
        },
        {
          id: 'platinum-plus',
          title: 'Platinum-plus',
          requires: { metricThresholds: true },
        },
      ]);
      expect(policy.validityDays).toBe(90);
      expect(policy.approvalValidityDays).toBe(365);
    });

    it('accepts a level without requirements and the boundary scores', () => {
      const policy = read({
        levels: [
          { id: 'a', requires: {} },
          { id: 'b', requires: { minCardCompleteness: 0 } },
          { id: 'c', requires: { minCardCompleteness: 100 } },
        ],
      });
      expect(policy.levels.map(l => l.title)).toEqual(['A', 'B', 'C']);
      expect(policy.levels[1].requires.minCardCompleteness).toBe(0);
    });
  });

  describe('deprecation and reviewers', () => {
    it('leaves notDeprecated alone when the policy names it anywhere', () => {
      const policy = read({
        levels: [
          { id: 'listed', requires: { owner: true } },
          { id: 'trusted', requires: { approval: true } },
          { id: 'exemplar', requires: { notDeprecated: false } },
        ],
      });
      expect(policy.levels.map(l => l.requires.notDeprecated)).toEqual([
        undefined,
        undefined,
        false,
      ]);
    });

    it('reads reviewers as lower-case refs in the default namespace', () => {
      expect(
        read({ reviewers: ['group:ML-Platform', 'user:default/ada'] })
          .reviewers,
      ).toEqual(['group:default/ml-platform', 'user:default/ada']);
    });

    it('names a reviewer that is not a group or user ref', () => {
      expect(errorOf({ reviewers: ['ml-platform'] }).message).toContain(
        'ml.certification.reviewers[0]: must be a group or user ref like "group:default/ml-platform"',
      );
    });
  });

  describe('errors', () => {
    it('throws an InputError worded for a person', () => {
      expect(() => read({ validityDays: -1 })).toThrow(InputError);
      const error = errorOf({ validityDays: -1 });
      expect(error.message).toContain('ml.certification.validityDays');
      expect(error.message).not.toMatch(/Invalid input|Too small|received/);
    });

    it('names an unknown requirement key and its path', () => {
      const error = errorOf({
        levels: [{ id: 'bronze', requires: { owner: true, colour: 'gold' } }],
      });
      expect(error.message).toContain('Invalid certification policy');
      expect(error.message).toContain('ml.certification.levels[0].requires');
      expect(error.message).toContain('colour');
    });

    it('names the path of a bad checks value', () => {
      const error = errorOf({
        levels: [
          { id: 'bronze', requires: { owner: true } },
          { id: 'silver', requires: { checks: 'all' } },
        ],
      });
      expect(error.message).toContain(
        'ml.certification.levels[1].requires.checks: must be pass or no-failures',
      );
    });

    it('names the path of a bad checks value on the first level', () => {
      const error = errorOf({
        levels: [{ id: 'bronze', requires: { checks: true } }],
      });
      expect(error.message).toContain(
        'ml.certification.levels[0].requires.checks',
      );
    });

    it('names a duplicate level id and where the levels are', () => {
      const error = errorOf({
        levels: [
          { id: 'silver', requires: { owner: true } },
          { id: 'gold', requires: { approval: true } },
          { id: 'silver', requires: { evaluation: true } },
        ],
      });
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain('"silver"');
      expect(error.message).toContain('appears twice');
      expect(error.message).toContain('ml.certification.levels');
    });

    it('names the path of a negative or zero validity', () => {
      expect(errorOf({ validityDays: -5 }).message).toContain(
        'ml.certification.validityDays',
      );
      expect(errorOf({ validityDays: 0 }).message).toContain(
        'ml.certification.validityDays',
      );
      expect(errorOf({ approvalValidityDays: 1.5 }).message).toContain(
        'ml.certification.approvalValidityDays',
      );
    });

    it('names the path of a bad level id', () => {
      const error = errorOf({
        levels: [{ id: 'Gold', requires: { approval: true } }],
      });
      expect(error.message).toContain(
        'ml.certification.levels[0].id: must be a lower-case id like "silver"',
      );
    });

    it('names the path of an out-of-range card score', () => {
      const error = errorOf({
        levels: [{ id: 'bronze', requires: { minCardCompleteness: 150 } }],
      });
      expect(error.message).toContain(
        'ml.certification.levels[0].requires.minCardCompleteness',
      );
    });

    it('names the levels path when the list is empty', () => {
      expect(errorOf({ levels: [] }).message).toContain(
        'ml.certification.levels',
      );
    });

    it('names every mistake at once', () => {
      const error = errorOf({
        validityDays: -1,
        levels: [{ id: 'bronze', requires: { checks: 'all' } }],
      });
      expect(error.message).toContain('ml.certification.validityDays');
      expect(error.message).toContain(
        'ml.certification.levels[0].requires.checks',
      );
      expect(error.message).toContain('; ');
    });

    it('names ml.certification itself for an unknown top-level key, without a stray dot', () => {
      const error = errorOf({ levelz: [] });
      expect(error.message).toContain('ml.certification: ');
      expect(error.message).toContain('levelz');
      expect(error.message).not.toContain('ml.certification.:');
    });

    it('names ml.certification itself when it is not an object', () => {
      const error = errorOf('gold');
      expect(error.message).toMatch(/ml\.certification: /);
      expect(error.message).not.toContain('ml.certification.:');
    });
  });
});
