import { ConfigReader } from '@backstage/config';
import { readSeverities } from './severityConfig';

const CHECKS = ['licence', 'staleness', 'refs-resolve'];
const read = (severity: unknown) =>
  readSeverities(
    new ConfigReader({ ml: { healthChecks: { severity } } } as any),
    CHECKS,
  );

describe('ml.healthChecks.severity', () => {
  it('reads severities by check id', () => {
    expect(read({ licence: 'warning', staleness: 'advice' })).toEqual({
      licence: 'warning',
      staleness: 'advice',
    });
    expect(readSeverities(new ConfigReader({}), CHECKS)).toEqual({});
  });

  it('names the check and the allowed values when a severity is wrong', () => {
    expect(() => read({ licence: 'low' })).toThrow(
      'ml.healthChecks.severity.licence must be error, warning or advice, not "low"',
    );
    expect(() => read(['licence'])).toThrow(
      'ml.healthChecks.severity must map check ids to error, warning or advice',
    );
  });

  it('names an unknown check and lists the real ones', () => {
    expect(() => read({ license: 'advice' })).toThrow(
      'ml.healthChecks.severity names "license", which is not a health check here; the checks are: licence, refs-resolve, staleness',
    );
  });
});
