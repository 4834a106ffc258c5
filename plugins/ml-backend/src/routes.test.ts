import fs from 'node:fs';
import path from 'node:path';
import { createRouter, type RouterOptions } from './router';

/**
 * Every route an express router registers, as `METHOD /path`, with the
 * routers it mounts at its root (express 4 keeps both in `stack`).
 */
function routesOf(stack: any[]): string[] {
  return stack.flatMap(layer => {
    if (layer.route) {
      return Object.keys(layer.route.methods)
        .filter(method => method !== '_all')
        .map(method => `${method.toUpperCase()} ${layer.route.path}`);
    }
    if (layer.handle?.stack) {
      // A sub-router under a prefix would need the prefix added here.
      expect(layer.regexp.fast_slash).toBe(true);
      return routesOf(layer.handle.stack);
    }
    return []; // middleware: body parsing, error handlers
  });
}

const README = fs.readFileSync(path.resolve(__dirname, '../README.md'), 'utf8');

/** The routes a README's Routes table lists, without the `/api/ml` prefix. */
function documentedRoutes(readme: string): string[] {
  const start = readme.indexOf('\n## Routes\n');
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme
    .slice(start, end === -1 ? undefined : end)
    .split('\n')
    .filter(line => /^\|\s*(GET|POST|PUT|PATCH|DELETE)\s*\|/.test(line))
    .map(line => {
      const [method, route] = line
        .split('|')
        .slice(1, 3)
        .map(cell => cell.trim().replace(/`/g, ''));
      return `${method} ${route.replace(/^\/api\/ml(?=\/)/, '')}`;
    });
}

describe('the README', () => {
  async function registeredRoutes() {
    // Services are only used when a request comes; local repositories mount
    // their sub-router, so its route is listed too.
    const router = await createRouter({
      localRepositories: {},
    } as unknown as RouterOptions);
    return routesOf(router.stack);
  }

  it('documents every route the router registers, and no other', async () => {
    const registered = await registeredRoutes();
    expect(registered).toEqual(
      expect.arrayContaining([
        'GET /marketplace',
        'GET /repositories/:name/blob/:ref/*',
      ]),
    );
    const documented = documentedRoutes(README);
    expect(registered.filter(r => !documented.includes(r))).toEqual([]);
    expect(documented.filter(d => !registered.includes(d))).toEqual([]);
  });

  it('would notice a route missing from the table', async () => {
    const without = README.replace(
      /^\| GET +\| `\/api\/ml\/marketplace` .*$/m,
      '',
    );
    expect(without).not.toBe(README);
    const documented = documentedRoutes(without);
    expect(
      (await registeredRoutes()).filter(r => !documented.includes(r)),
    ).toEqual(['GET /marketplace']);
  });
});
