/*
 * Renders golden-path templates through the real scaffolder's dry-run API and
 * runs the rendered projects' own tests: shared by the tests in src/templates.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';
import type { PythonVenv } from './python';
import { tail } from './run';
import { waitFor } from './waitFor';

export const TEMPLATES_DIR = path.resolve(__dirname, '../../../../templates');

export interface DryRunFile {
  path: string;
  base64Content: string;
  executable?: boolean;
}

/** Every file under `dir`, dotfiles included, as the dry-run API takes them. */
function directoryContents(dir: string, prefix: string): DryRunFile[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    const rel = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) return directoryContents(full, rel);
    return [
      { path: rel, base64Content: fs.readFileSync(full).toString('base64') },
    ];
  });
}

export const seconds = (since: number) =>
  ((Date.now() - since) / 1000).toFixed(1);

/** A template from templates/NAME, ready to send to the dry-run API. */
export function loadTemplate(name: string) {
  const dir = path.join(TEMPLATES_DIR, name);
  return {
    template: parse(fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8')),
    skeleton: directoryContents(path.join(dir, 'skeleton'), 'skeleton'),
  };
}

export type LoadedTemplate = ReturnType<typeof loadTemplate>;

export function dryRun(
  server: Parameters<typeof request>[0],
  token: string,
  { template, skeleton }: LoadedTemplate,
  values: object,
) {
  return request(server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', `Bearer ${token}`)
    .send({ template, values, directoryContents: skeleton });
}

/**
 * Renders `loaded` with `values` through the dry-run API, checks that every
 * step that ran completed and none failed, and writes the files to `dir`.
 */
export async function renderTemplate(
  server: Parameters<typeof request>[0],
  token: string,
  loaded: LoadedTemplate,
  values: object,
  dir: string,
) {
  const res = await dryRun(server, token, loaded, values);
  expect({
    status: res.status,
    error: res.body.error?.stack ?? res.body.error?.message,
    errors: res.body.errors,
  }).toEqual({ status: 200 });
  const { log, steps } = res.body;
  for (const step of steps as { id: string }[]) {
    const statuses = log
      .filter((l: any) => l.body.stepId === step.id && l.body.status)
      .map((l: any) => l.body.status);
    expect(statuses).not.toContain('failed');
  }
  for (const file of res.body.directoryContents as DryRunFile[]) {
    const target = path.join(dir, file.path);
    expect(target.startsWith(`${dir}${path.sep}`)).toBe(true);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, Buffer.from(file.base64Content, 'base64'), {
      mode: file.executable ? 0o755 : 0o644,
    });
  }
  return res.body as {
    log: any[];
    steps: { id: string; name: string; action: string }[];
    directoryContents: DryRunFile[];
    output: Record<string, unknown>;
  };
}

/** The ids of the steps that completed in a dry run, in order. */
export function completedSteps(body: { log: any[] }): string[] {
  return body.log
    .filter((l: any) => l.body.status === 'completed' && l.body.stepId)
    .map((l: any) => l.body.stepId);
}

/** Every file of a rendered project is fully rendered: no `${{` left. */
export function expectFullyRendered(dir: string, files: DryRunFile[]) {
  for (const { path: file } of files) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    expect({ file, rendered: !text.includes('${{') }).toEqual({
      file,
      rendered: true,
    });
  }
}

/** The entities in a rendered project's catalog-info.yaml. */
export function catalogInfo(dir: string, file = 'catalog-info.yaml'): any[] {
  return parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map(
    d => d.toJS(),
  );
}

/** Runs pytest in a rendered project; fails with its output. */
export async function pytest(
  venv: PythonVenv,
  cwd: string,
  args: string[] = [],
  env: Record<string, string> = {},
) {
  try {
    const { stdout } = await venv.run(
      ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', ...args],
      { cwd, timeoutMs: 300_000, env },
    );
    expect(stdout).toMatch(/\d+ passed/);
    expect(stdout).not.toMatch(/\d+ (failed|skipped|error)/);
    return stdout;
  } catch (error: any) {
    throw new Error(
      `pytest failed in the rendered project ${cwd}:\n${tail(
        `${error.stdout ?? ''}\n${error.stderr ?? ''}`,
        150,
      )}`,
    );
  }
}

/** A work directory for rendered projects and their virtualenvs. */
export function templateWorkDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ml-template-'));
}

/** Removes a work directory, or keeps it (and says where) with ML_TEST_KEEP_DIR=1. */
export function removeWorkDir(dir: string | undefined) {
  if (!dir) return;
  if (process.env.ML_TEST_KEEP_DIR === '1') {
    console.log(`Kept the rendered projects in ${dir}`);
  } else {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until the catalog serves every model `name` (catalog:fetch reads them in dry runs). */
export async function waitForModels(
  server: Parameters<typeof request>[0],
  token: string,
  names: string[],
) {
  await Promise.all(
    names.map(name =>
      waitFor(`model:default/${name} in the catalog`, async () => {
        const res = await request(server)
          .get(`/api/catalog/entities/by-name/model/default/${name}`)
          .set('Authorization', `Bearer ${token}`);
        return res.status === 200 ? true : undefined;
      }),
    ),
  );
}
