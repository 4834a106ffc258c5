import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { addImportHfCommand } from './commands/importHf';
import { addInitCommand } from './commands/init';
import { addSchemaCommand } from './commands/schema';
import { addValidateCommand } from './commands/validate';
import type { CommandContext } from './lib/commandContext';
import { CliError, processIo, type CliIo } from './lib/io';

/**
 * Runs `ml-marketplace` with `argv` (without node and the script) and resolves
 * to the exit code. Every failure ends as a message on stderr, never a stack trace.
 */
export async function run(
  argv: ReadonlyArray<string>,
  io: CliIo = processIo,
): Promise<number> {
  let exitCode = 0;
  const ctx: CommandContext = { ...io, setExitCode: code => (exitCode = code) };
  let current = '';

  const program = new Command('ml-marketplace')
    .description(
      'Owner tooling for ML marketplace entities (Model, Feature, Dataset) in Backstage catalog files',
    )
    .version(ownVersion(), '-V, --version', 'print the version and exit')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: text => io.stdout(text),
      writeErr: text => io.stderr(text),
    })
    .hook('preAction', (_program, command) => {
      current = command.name();
    });
  addValidateCommand(program, ctx);
  addSchemaCommand(program, ctx);
  addInitCommand(program, ctx);
  addImportHfCommand(program, ctx);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`ml-marketplace${current && ` ${current}`}: ${message}\n`);
    if (
      !(error instanceof CliError) &&
      process.env.ML_MARKETPLACE_DEBUG &&
      error instanceof Error
    ) {
      io.stderr(`${error.stack}\n`);
    }
    return 1;
  }
}

/** The version in this package's package.json, from the sources or the build. */
function ownVersion(): string {
  // Walking up from this file finds the package root from src/ and from dist/
  // alike, which is all the lint rule's concern is about.
  // eslint-disable-next-line no-restricted-syntax
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pkg.name === '@ml-marketplace/cli') return pkg.version;
    } catch {
      // no package.json here: look one folder up
    }
  }
  return 'unknown';
}
