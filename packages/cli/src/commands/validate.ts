import { Option, type Command } from 'commander';
import type { CommandContext } from '../lib/commandContext';
import { countOf } from '../lib/problems';
import {
  REPORT_FORMATS,
  formatReport,
  type ReportFormat,
} from '../lib/reportFormats';
import { validateCatalog } from '../lib/validateCatalog';

export function addValidateCommand(
  program: Command,
  ctx: CommandContext,
): void {
  program
    .command('validate')
    .summary('check catalog files with line numbers, the way the catalog will')
    .description(
      'Check catalog files the way the catalog will, with line numbers: YAML syntax, ML entity schemas, ' +
        'refs to entities not in the given files, duplicates and derivedFrom cycles',
    )
    .argument(
      '<files...>',
      'YAML files or quoted globs such as "**/catalog-info.yaml" (node_modules is skipped)',
    )
    .addOption(
      new Option(
        '--format <format>',
        'text for people, json for tools, github for workflow annotations',
      )
        .choices(REPORT_FORMATS)
        .default('text'),
    )
    .option(
      '--strict',
      'treat warnings (refs to entities outside the given files) as errors',
    )
    .addHelpText(
      'after',
      `
Exit code 1 when there is any error (with --strict, any warning), 0 otherwise.

Examples:
  $ ml-marketplace validate catalog-info.yaml
  $ ml-marketplace validate "**/catalog-info.yaml" --strict
  $ ml-marketplace validate "catalog/**/*.yaml" --format github`,
    )
    .action(
      async (
        files: string[],
        options: { format: ReportFormat; strict?: boolean },
      ) => {
        const report = await validateCatalog(ctx.cwd, files, {
          strict: options.strict,
        });
        ctx.stdout(formatReport(report, options.format));
        if (countOf(report.problems, 'error') > 0) ctx.setExitCode(1);
      },
    );
}
