import type { LocalRepositories } from '@ml-marketplace/plugin-ml-node';
import express from 'express';
import Router from 'express-promise-router';

/** Served as text so a browser shows it and the catalog reads it. */
const TEXT =
  /\.(ya?ml|json|md|txt|py|toml|cfg|ini|sh|ts|js|csv)$|(^|\/)(Dockerfile|\.gitignore|\.dockerignore)$/i;

/**
 * Raw files of the repositories `ml:publish:local` created, like a git host's
 * raw URLs: GET /repositories/NAME/blob/REF/PATH. The catalog reads
 * catalog-info.yaml (and `$text` references next to it) from here through its
 * URL reader, which sends no token, so the route is unauthenticated; it only
 * ever reads committed git objects of that directory.
 */
export function repositoriesRouter(repos: LocalRepositories): express.Router {
  const router = Router();
  router.get('/repositories/:name/blob/:ref/*', async (req, res) => {
    const filepath = (req.params as unknown as Record<string, string>)[0];
    const { content, oid } = await repos.readFile(
      req.params.name,
      req.params.ref,
      filepath,
    );
    const etag = `"${oid}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.type(TEXT.test(filepath) ? 'text/plain' : 'application/octet-stream');
    res.send(content);
  });
  return router;
}
