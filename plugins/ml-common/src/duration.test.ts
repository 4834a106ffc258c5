import {
  isoDurationInWords,
  isoDurationMs,
  parseIsoDuration,
} from './duration';

describe('ISO 8601 durations', () => {
  it('reads them in milliseconds', () => {
    expect(isoDurationMs('P1D')).toBe(24 * 3600e3);
    expect(isoDurationMs('PT15M')).toBe(15 * 60e3);
    expect(isoDurationMs('P1DT6H')).toBe(30 * 3600e3);
    expect(isoDurationMs('daily')).toBeUndefined();
    expect(isoDurationMs('PT')).toBeUndefined();
    expect(isoDurationMs('P0D')).toBeUndefined();
    // Decimal seconds, as the entity schema allows them.
    expect(isoDurationMs('PT1.5S')).toBe(1500);
  });

  it('reads them in words', () => {
    expect(isoDurationInWords('P1D')).toBe('1 day');
    expect(isoDurationInWords('PT15M')).toBe('15 minutes');
    expect(isoDurationInWords('P730D')).toBe('730 days');
    expect(isoDurationInWords('P1DT6H')).toBe('1 day 6 hours');
    expect(isoDurationInWords('weekly')).toBe('weekly');
    expect(parseIsoDuration('P')).toBeUndefined();
  });
});
