import type { Command } from 'commander';
import { mlEntitiesJsonSchema } from '@ml-marketplace/plugin-ml-common';
import type { CommandContext } from '../lib/commandContext';
import { writeOutput } from '../lib/outputFile';

/** The schema exactly as plugin-ml-common commits it, so both files diff clean. */
export const schemaText = () =>
  `${JSON.stringify(mlEntitiesJsonSchema(), null, 2)}\n`;

export function addSchemaCommand(program: Command, ctx: CommandContext): void {
  program
    .command('schema')
    .summary('print the JSON Schema for editors')
    .description(
      'Print the JSON Schema of Model, Feature and Dataset entities, for editors and other validators',
    )
    .option(
      '-o, --output <file>',
      'write it to this file (replacing it) instead of stdout',
    )
    .addHelpText(
      'after',
      `
Point the YAML language server at the file with a first line such as
  # yaml-language-server: $schema=./ml-entities.schema.json

Example:
  $ ml-marketplace schema --output ml-entities.schema.json`,
    )
    .action(async (options: { output?: string }) => {
      const written = await writeOutput(
        ctx,
        options.output ?? '-',
        schemaText(),
        { overwrite: true },
      );
      if (written) ctx.stdout(`Wrote ${written}\n`);
    });
}
