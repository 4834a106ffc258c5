import fs from 'node:fs/promises';
import path from 'node:path';
import { CliError, type CliIo } from './io';

/**
 * Writes generated content to `target` (relative to cwd), or to stdout for `-`.
 * Refuses to replace an existing file unless `overwrite`: a hand-edited
 * catalog-info.yaml is worth more than a fresh skeleton. Resolves to the file
 * written, or undefined for stdout.
 */
export async function writeOutput(
  io: CliIo,
  target: string,
  content: string,
  options: { overwrite: boolean },
): Promise<string | undefined> {
  if (target === '-') {
    io.stdout(content);
    return undefined;
  }
  const file = path.resolve(io.cwd, target);
  const existing = await fs.stat(file).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new CliError(
      `--output ${target} is a directory; name a file such as ${path.join(
        target,
        'catalog-info.yaml',
      )}`,
    );
  }
  if (existing && !options.overwrite) {
    throw new CliError(
      `${target} already exists; pass --force to overwrite it, or --output to write another file`,
    );
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
  return target;
}
