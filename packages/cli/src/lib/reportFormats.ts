import {
  countOf,
  summaryLine,
  type Problem,
  type ValidationReport,
} from './problems';

export const REPORT_FORMATS = ['text', 'json', 'github'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * `models.yaml:12:5  model:default/churn-model  spec.lifecycle  must be one of …`,
 * one line per problem (warnings say so), then the summary line. Columns are
 * separated by two spaces; `-` stands for a missing entity or field.
 */
export function formatText(report: ValidationReport): string {
  const lines = report.problems.map(
    p =>
      `${p.file}:${p.line}:${p.column}  ${p.entityRef ?? '-'}  ${
        p.field ?? '-'
      }  ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`,
  );
  return `${[...lines, summaryLine(report)].join('\n')}\n`;
}

export function formatJson(report: ValidationReport): string {
  const json = {
    files: report.files,
    entities: report.entities,
    errors: countOf(report.problems, 'error'),
    warnings: countOf(report.problems, 'warning'),
    problems: report.problems.map(p => ({
      file: p.file,
      line: p.line,
      column: p.column,
      entityRef: p.entityRef ?? null,
      field: p.field ?? null,
      message: p.message,
      severity: p.severity,
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

// Workflow commands: data escapes %, CR and LF; property values also ':' and ','.
// https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
export const escapeData = (s: string) =>
  s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (s: string) =>
  escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error file=F,line=L,col=C,title=ENTITY FIELD::MESSAGE`, which GitHub shows on the diff. */
export function githubAnnotation(p: Problem): string {
  const title = [p.entityRef, p.field].filter(Boolean).join(' ');
  const properties = [
    `file=${escapeProperty(p.file)}`,
    `line=${p.line}`,
    `col=${p.column}`,
    ...(title ? [`title=${escapeProperty(title)}`] : []),
  ];
  return `::${p.severity} ${properties.join(',')}::${escapeData(p.message)}`;
}

/** One annotation per problem, then the summary as a plain log line. */
export function formatGithub(report: ValidationReport): string {
  return `${[
    ...report.problems.map(githubAnnotation),
    summaryLine(report),
  ].join('\n')}\n`;
}

export function formatReport(
  report: ValidationReport,
  format: ReportFormat,
): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'github':
      return formatGithub(report);
    default:
      return formatText(report);
  }
}
