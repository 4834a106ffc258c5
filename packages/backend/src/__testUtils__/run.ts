import { spawn } from 'node:child_process';

/** Child processes for integration tests (MLflow, Python virtualenvs). */

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Written to the command's standard input, which is then closed. */
  input?: string;
  /** Kills the command (SIGKILL) after this long; no limit by default. */
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** A failed command, with everything it printed. */
export interface RunError extends Error, RunResult {}

/** The last `lines` lines of `text`. */
export function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Runs a command to its end; rejects with its stderr tail on failure. */
export function run(
  label: string,
  command: string,
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.stdout.on('data', chunk => stdout.push(chunk));
    child.stderr.on('data', chunk => stderr.push(chunk));
    child.on('error', error => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const out = Buffer.concat(stdout).toString('utf8');
      const err = Buffer.concat(stderr).toString('utf8');
      if (code === 0) {
        resolve({ stdout: out, stderr: err });
        return;
      }
      let status = signal ? `signal ${signal}` : `exit status ${code}`;
      if (timedOut) status = `timed out after ${options.timeoutMs} ms`;
      const error = new Error(`${label} failed (${status}):\n${tail(err)}`);
      reject(Object.assign(error, { stdout: out, stderr: err }));
    });
    child.stdin.on('error', () => {}); // the child may exit before reading
    child.stdin.end(options.input ?? '');
  });
}
