import fs from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import type { Problem } from './problems';

export interface ExpandedInputs {
  /** Absolute paths, in argument order, each once. */
  files: string[];
  /** Arguments that name no file: an error each, so CI never passes on nothing. */
  problems: Problem[];
}

/** Forward-slash path relative to `cwd`, the way the user wrote it. */
export function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file) || file;
  return relative.split(path.sep).join('/');
}

/**
 * Turns the `validate` arguments into files. Globs are expanded by fast-glob
 * (so quoted globs work in any shell) and skip node_modules; plain paths must exist.
 */
export async function expandInputs(
  cwd: string,
  args: ReadonlyArray<string>,
): Promise<ExpandedInputs> {
  const files: string[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };
  const fail = (file: string, message: string) =>
    problems.push({ file, line: 1, column: 1, message, severity: 'error' });

  for (const arg of args) {
    if (fg.isDynamicPattern(arg)) {
      const matches = await fg(arg, {
        cwd,
        absolute: true,
        onlyFiles: true,
        ignore: ['**/node_modules/**'],
      });
      if (matches.length === 0) {
        fail(arg, 'no file matches this pattern');
      }
      matches.sort().forEach(m => add(path.normalize(m)));
      continue;
    }
    const file = path.resolve(cwd, arg);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat) {
      fail(arg, 'no such file');
    } else if (stat.isDirectory()) {
      fail(
        arg,
        `is a directory; pass its files or a quoted glob such as "${arg.replace(
          /\/$/,
          '',
        )}/**/*.yaml"`,
      );
    } else {
      add(file);
    }
  }
  return { files, problems };
}
