import path from 'node:path';
import type { Command } from 'commander';
import { ML_KINDS, validateMlEntity } from '@ml-marketplace/plugin-ml-common';
import { parse } from 'yaml';
import type { CommandContext } from '../lib/commandContext';
import { kindFlag, nameFlag, ownerFlag } from '../lib/flags';
import { metadataIssues } from '../lib/metadataRules';
import { writeOutput } from '../lib/outputFile';
import { DEFAULT_SCHEMA_PATH, skeleton } from '../lib/skeletons';

interface InitOptions {
  kind: string;
  name: string;
  owner: string;
  output: string;
  force?: boolean;
  schema: string;
}

export function addInitCommand(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .summary('write a commented catalog-info.yaml skeleton')
    .description(
      'Write a commented catalog-info.yaml skeleton for a Model, Feature or Dataset that validates as written',
    )
    .requiredOption('--kind <kind>', ML_KINDS.slice().reverse().join(', '))
    .requiredOption('--name <name>', 'metadata.name, e.g. churn-model')
    .requiredOption(
      '--owner <ref>',
      'owning group (or user) ref, e.g. group:default/ml-platform',
    )
    .option(
      '-o, --output <file>',
      'file to write; - for stdout',
      'catalog-info.yaml',
    )
    .option('--force', 'overwrite the output file if it exists')
    .option(
      '--schema <path>',
      'JSON Schema path or URL for the yaml-language-server line',
      DEFAULT_SCHEMA_PATH,
    )
    .addHelpText(
      'after',
      `
Examples:
  $ ml-marketplace init --kind Model --name churn-model --owner group:default/growth-ml
  $ ml-marketplace init --kind Dataset --name customers --owner data-engineering --output -`,
    )
    .action(async (options: InitOptions) => {
      const kind = kindFlag(options.kind);
      const input = {
        kind,
        name: nameFlag(options.name),
        owner: ownerFlag(options.owner),
        schemaPath: options.schema,
        fileName:
          options.output === '-' ? undefined : path.basename(options.output),
      };
      const text = skeleton(input);

      // The skeleton must pass the catalog's checks; anything else is a bug here, not the user's.
      const entity = parse(text);
      const issues = [...validateMlEntity(entity), ...metadataIssues(entity)];
      if (issues.length > 0) {
        throw new Error(
          `generated an invalid skeleton: ${issues
            .map(i => `${i.path} ${i.message}`)
            .join('; ')}`,
        );
      }

      const written = await writeOutput(ctx, options.output, text, {
        overwrite: !!options.force,
      });
      if (written) {
        ctx.stdout(
          `Wrote ${written} (${kind} ${input.name}). Fill in the TODO and the fields that apply, then run\n` +
            `  npx ml-marketplace validate ${written}\n`,
        );
      }
    });
}
