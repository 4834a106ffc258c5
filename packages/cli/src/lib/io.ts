/**
 * Where a command reads its working directory and writes its output. Commands
 * never touch `process` directly so that tests can run them in-process.
 */
export interface CliIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: CliIo = {
  cwd: process.cwd(),
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
};

/**
 * A failure the user can fix: printed as one line on stderr, exit code 1, no
 * stack trace. The message names the file or flag and says what to do.
 */
export class CliError extends Error {
  readonly name = 'CliError';
}
