import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { run, tail, type RunResult } from './run';

/**
 * Python for integration tests: finding a Python that can make virtualenvs,
 * and making them. Tests that need one use
 * `describeWithPython`, which skips them when there is none (and fails
 * instead when ML_TEST_REQUIRE_PYTHON=1).
 */

/** Environment for Python children: no telemetry, unbuffered output, no user site. */
export function pythonEnv(
  python: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.dirname(python)}${path.delimiter}${process.env.PATH ?? ''}`,
    MLFLOW_DISABLE_TELEMETRY: 'true',
    DO_NOT_TRACK: 'true',
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    ...extra,
  };
  // A test's project must not log to, or register in, a developer's MLflow.
  delete env.MLFLOW_TRACKING_URI;
  delete env.VIRTUAL_ENV;
  delete env.PYTHONPATH;
  return env;
}

let found: { python?: string; why?: string } | undefined;

/**
 * A Python 3 that can create virtualenvs with pip: ML_TEST_PYTHON when set,
 * else `python3` on the PATH. Returns the reason there is none otherwise.
 */
export function findPython(): { python?: string; why?: string } {
  if (found) return found;
  const candidate = process.env.ML_TEST_PYTHON || 'python3';
  const probe = spawnSync(
    candidate,
    [
      '-c',
      'import sys, venv, ensurepip; print(sys.executable); print("%d.%d" % sys.version_info[:2])',
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  if (probe.error || probe.status !== 0) {
    const reason = probe.error
      ? String(probe.error.message)
      : tail(probe.stderr, 3);
    found = {
      why: `${candidate} cannot create virtualenvs with pip (${reason})`,
    };
  } else {
    const [executable, version] = probe.stdout.trim().split('\n');
    const [major, minor] = version.split('.').map(Number);
    found =
      major === 3 && minor >= 10
        ? { python: executable }
        : { why: `${candidate} is Python ${version}; 3.10 or newer is needed` };
  }
  return found;
}

function chooseDescribe(): jest.Describe {
  const { python, why } = findPython();
  if (python) {
    return describe;
  }
  if (process.env.ML_TEST_REQUIRE_PYTHON === '1') {
    throw new Error(
      `Python tests cannot run: ${why}; ML_TEST_REQUIRE_PYTHON=1 forbids skipping them`,
    );
  }
  console.warn(`Python tests skipped: ${why} (set ML_TEST_PYTHON)`);
  return describe.skip;
}

/**
 * `describe` for tests that need a Python able to make virtualenvs:
 * `describe.skip` (with one warning) when there is none, an error instead
 * when ML_TEST_REQUIRE_PYTHON=1.
 */
export const describeWithPython: jest.Describe = chooseDescribe();

export interface PythonVenv {
  /** The virtualenv's directory. */
  dir: string;
  /** Its python executable. */
  python: string;
  /** `pip install -q -r <file>`; resolves with the seconds it took. */
  installRequirements(file: string, timeoutMs?: number): Promise<number>;
  /** Runs the virtualenv's python with `args` (rejects on a non-zero exit). */
  run(
    args: string[],
    options?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
  ): Promise<RunResult>;
}

/** Creates a virtualenv in `dir` with the Python of `findPython()`. */
export async function pythonVenv(dir: string): Promise<PythonVenv> {
  const { python: base, why } = findPython();
  if (!base) throw new Error(`No Python for a virtualenv: ${why}`);
  await run('python -m venv', base, ['-m', 'venv', dir], {
    env: pythonEnv(base),
    timeoutMs: 120_000,
  });
  const python = path.join(dir, 'bin', 'python');
  if (!fs.existsSync(python)) {
    throw new Error(`python -m venv made no ${python}`);
  }
  const env = pythonEnv(python);
  return {
    dir,
    python,
    async installRequirements(file, timeoutMs = 300_000) {
      const started = Date.now();
      await run(
        `pip install -r ${path.basename(file)}`,
        python,
        ['-m', 'pip', 'install', '-q', '-r', file],
        { env, cwd: path.dirname(file), timeoutMs },
      );
      return (Date.now() - started) / 1000;
    },
    run(args, options = {}) {
      return run(`python ${args.join(' ')}`, python, args, {
        cwd: options.cwd,
        env: { ...env, ...options.env },
        timeoutMs: options.timeoutMs,
      });
    },
  };
}
