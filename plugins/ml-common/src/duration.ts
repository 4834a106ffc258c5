/** The parts of an ISO 8601 duration, for code that reads one. */
export interface DurationParts {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const UNITS = [
  'years',
  'months',
  'weeks',
  'days',
  'hours',
  'minutes',
  'seconds',
] as const;

/** `P1DT6H` -> { days: 1, hours: 6, … }; undefined for anything else. */
export function parseIsoDuration(iso: string): DurationParts | undefined {
  const match =
    /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      iso,
    );
  if (!match) return undefined;
  const parts = {} as DurationParts;
  UNITS.forEach((unit, i) => {
    parts[unit] = Number(match[i + 1] ?? 0);
  });
  return parts;
}

const MS: Record<keyof DurationParts, number> = {
  years: 365 * 24 * 3600e3,
  months: 30 * 24 * 3600e3,
  weeks: 7 * 24 * 3600e3,
  days: 24 * 3600e3,
  hours: 3600e3,
  minutes: 60e3,
  seconds: 1e3,
};

/** Milliseconds of an ISO 8601 duration (months as 30 days), or undefined when it is none or zero. */
export function isoDurationMs(iso: string): number | undefined {
  const parts = parseIsoDuration(iso);
  if (!parts) return undefined;
  const ms = UNITS.reduce((sum, unit) => sum + parts[unit] * MS[unit], 0);
  return ms > 0 ? ms : undefined;
}

/** "P1D" -> "1 day", "PT15M" -> "15 minutes", "P1DT6H" -> "1 day 6 hours"; other text as written. */
export function isoDurationInWords(iso: string): string {
  const parts = parseIsoDuration(iso);
  if (!parts) return iso;
  const words = UNITS.filter(unit => parts[unit] > 0).map(
    unit => `${parts[unit]} ${parts[unit] === 1 ? unit.slice(0, -1) : unit}`,
  );
  return words.length ? words.join(' ') : iso;
}
