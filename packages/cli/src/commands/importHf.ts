import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { validateMlEntity } from '@ml-marketplace/plugin-ml-common';
import { stringify } from 'yaml';
import type { CommandContext } from '../lib/commandContext';
import { nameFlag, ownerFlag } from '../lib/flags';
import { parseHfCard } from '../lib/hfCard';
import { modelFromHfCard } from '../lib/hfImport';
import { CliError } from '../lib/io';
import { metadataIssues } from '../lib/metadataRules';
import { writeOutput } from '../lib/outputFile';
import { DEFAULT_SCHEMA_PATH } from '../lib/skeletons';

interface ImportHfOptions {
  name?: string;
  owner?: string;
  output?: string;
  force?: boolean;
  schema: string;
}

export function addImportHfCommand(
  program: Command,
  ctx: CommandContext,
): void {
  program
    .command('import-hf')
    .summary('turn a Hugging Face model card into a Model entity')
    .description(
      'Turn a Hugging Face model card (README.md, with or without a YAML header) into a Model entity; ' +
        'what has no field is kept as annotations and listed on stderr',
    )
    .argument('<readme>', 'the model card, e.g. README.md')
    .option(
      '--name <name>',
      'metadata.name (default: from model_name, the # title, or the folder of a README.md)',
    )
    .option(
      '--owner <ref>',
      'owning group ref (default: a placeholder to replace)',
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--force', 'overwrite the output file if it exists')
    .option(
      '--schema <path>',
      'JSON Schema path or URL for the yaml-language-server line',
      DEFAULT_SCHEMA_PATH,
    )
    .addHelpText(
      'after',
      `
Example:
  $ ml-marketplace import-hf README.md --owner group:default/nlp --output catalog-info.yaml`,
    )
    .action(async (readme: string, options: ImportHfOptions) => {
      const name =
        options.name === undefined ? undefined : nameFlag(options.name);
      const owner =
        options.owner === undefined ? undefined : ownerFlag(options.owner);
      const absolute = path.resolve(ctx.cwd, readme);
      const source = await fs.readFile(absolute, 'utf8').catch(error => {
        throw new CliError(
          `${readme}: ${
            error.code === 'ENOENT'
              ? 'no such file'
              : `cannot be read (${error.code ?? error})`
          }`,
        );
      });
      // A cloned Hugging Face repository is a folder named after the model.
      const folder = /^readme\.md$/i.test(path.basename(absolute))
        ? path.basename(path.dirname(absolute)) || undefined
        : undefined;
      const { entity, notes, warnings } = modelFromHfCard(
        parseHfCard(readme, source),
        { file: readme, name, owner, folder },
      );

      const issues = [...validateMlEntity(entity), ...metadataIssues(entity)];
      if (issues.length > 0) {
        throw new Error(
          `built an invalid entity from ${readme}: ${issues
            .map(i => `${i.path} ${i.message}`)
            .join('; ')}`,
        );
      }
      const todo = owner
        ? 'review it, and list the catalog Datasets it was trained on in spec.trainedOn.'
        : 'review it, set spec.owner, and list the catalog Datasets it was trained on in spec.trainedOn.';
      const yaml = [
        `# yaml-language-server: $schema=${options.schema}`,
        `# Imported from ${path.basename(readme)} by ml-marketplace import-hf:`,
        `# ${todo}`,
        stringify(entity, { lineWidth: 0 }),
      ].join('\n');
      const written = await writeOutput(ctx, options.output ?? '-', yaml, {
        overwrite: !!options.force,
      });

      for (const warning of warnings) {
        ctx.stderr(`ml-marketplace import-hf: warning: ${warning}\n`);
      }
      const where = written ? ` into ${written}` : '';
      const review =
        notes.length > 0
          ? ` Review before committing:\n${notes
              .map(n => `  - ${n}\n`)
              .join('')}`
          : '\n';
      ctx.stderr(
        `Imported ${readme} as model:default/${entity.metadata.name}${where}.${review}`,
      );
    });
}
