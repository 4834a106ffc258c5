import type { KpiSnapshot } from '@ml-marketplace/plugin-ml-common';

/** The first and last day seeded as demo data, when there are such days. */
export function demoSpan(days: KpiSnapshot[]) {
  const demo = days.filter(d => d.demo);
  return demo.length
    ? { from: demo[0].day, to: demo[demo.length - 1].day }
    : undefined;
}
