import path from 'node:path';
import { isChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

/**
 * Values reach an action after templating; a leftover `${{` means a form
 * value tried to smuggle in an expression.
 */
export function rejectTemplateExpressions(
  where: string,
  value: unknown,
  at = 'input',
): void {
  if (typeof value === 'string') {
    if (value.includes('${{')) {
      throw new InputError(
        `${where}: ${at} must not contain a template expression, got ${JSON.stringify(
          value,
        )}`,
      );
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => rejectTemplateExpressions(where, v, `${at}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      rejectTemplateExpressions(where, v, `${at}.${k}`);
    }
  }
}

/**
 * Resolves `relative` inside the workspace. Refuses absolute paths, `..` that
 * climbs out, and a path through a symlink that points out of the workspace,
 * naming the input `field` and what to write instead.
 */
export function workspaceChild(
  where: string,
  field: string,
  workspacePath: string,
  relative: string,
): string {
  const refuse = (why: string) =>
    new InputError(
      `${where}: ${field} ${why}, got ${JSON.stringify(
        relative,
      )}; give a path relative to the workspace, like "catalog-info.yaml" or "service"`,
    );
  if (path.isAbsolute(relative)) {
    throw refuse('must be relative to the workspace');
  }
  const target = path.resolve(workspacePath, relative);
  const climb = path.relative(workspacePath, target);
  if (climb.startsWith('..')) throw refuse('must stay inside the workspace');
  // isChildPath compares real paths: this catches symlinks that lead out.
  if (!isChildPath(workspacePath, target)) {
    throw refuse('goes through a symlink that leaves the workspace');
  }
  return target;
}
