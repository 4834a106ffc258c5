/*
 * Summaries of timing samples and their printed form, the same in every
 * benchmark so that figures of two benches compare.
 */

/** The nearest-rank percentile: the smallest sample with p% of them at or below it. */
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}
const med = v => percentile(v, 50);
const p95 = v => percentile(v, 95);

/** Milliseconds as printed: one decimal. */
const ms = v => `${v.toFixed(1)} ms`;

/**
 * A printer of table lines: each column padded to its width (the last one
 * not), two spaces in, trailing blanks dropped.
 */
const columns =
  widths =>
  (...cells) =>
    `  ${cells
      .map((s, i) => (i < widths.length ? String(s).padEnd(widths[i]) : s))
      .join(' ')}`.trimEnd();

module.exports = { percentile, med, p95, ms, columns };
