import { nameCheckQuerySchema } from '@ml-marketplace/plugin-ml-common';
import type express from 'express';
import type { RouteContext } from '../router';

/** Golden-path forms: is a new asset's name free? */
export function addNameRoutes(
  router: express.Router,
  { caller, parse, names }: RouteContext,
) {
  router.get('/names/check', async (req, res) => {
    const credentials = await caller(req);
    res.json(
      await names.check(parse(nameCheckQuerySchema, req.query), credentials),
    );
  });
}
