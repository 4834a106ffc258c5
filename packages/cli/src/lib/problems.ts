export type Severity = 'error' | 'warning';

/** One finding of `validate`, located in a file. */
export interface Problem {
  /** Path relative to the working directory, with forward slashes. */
  file: string;
  line: number;
  column: number;
  /** `model:default/churn-model`; absent when the problem is not about one entity. */
  entityRef?: string;
  /** `spec.trainedOn[1]`; absent when the problem is not about one field. */
  field?: string;
  message: string;
  severity: Severity;
}

export interface ValidationReport {
  files: number;
  entities: number;
  problems: Problem[];
}

export const countOf = (problems: ReadonlyArray<Problem>, severity: Severity) =>
  problems.filter(p => p.severity === severity).length;

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

/** `2 errors, 1 warning in 3 files (12 entities)` */
export function summaryLine(report: ValidationReport): string {
  const errors = plural(countOf(report.problems, 'error'), 'error');
  const warnings = plural(countOf(report.problems, 'warning'), 'warning');
  const files = plural(report.files, 'file');
  return `${errors}, ${warnings} in ${files} (${plural(
    report.entities,
    'entity',
    'entities',
  )})`;
}
