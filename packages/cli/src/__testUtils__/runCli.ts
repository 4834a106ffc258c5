import path from 'node:path';
import { run } from '../cli';

export const FIXTURES = path.resolve(__dirname, '../__fixtures__');
export const CATALOG_FIXTURES = path.join(FIXTURES, 'catalog');
export const HF_FIXTURES = path.join(FIXTURES, 'hf');
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ml-marketplace …args` in-process in `cwd`, capturing its output. */
export async function runCli(
  args: string[],
  cwd = CATALOG_FIXTURES,
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    cwd,
    stdout: text => (stdout += text),
    stderr: text => (stderr += text),
  });
  return { code, stdout, stderr };
}

/** The output's lines without the trailing empty one. */
export const linesOf = (text: string) => text.replace(/\n$/, '').split('\n');
