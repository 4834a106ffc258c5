import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  impactQuerySchema,
  lineageQuerySchema,
  mlOpenLineageWritePermission,
  OPENLINEAGE_EVENT_SHAPE,
  openLineageEventSchema,
} from '@ml-marketplace/plugin-ml-common';
import type express from 'express';
import type { RouteContext } from '../router';

/** Lineage and impact reads, and OpenLineage events coming in. */
export function addLineageRoutes(
  router: express.Router,
  { caller, parse, permissions, lineage, openLineage }: RouteContext,
) {
  router.get('/lineage', async (req, res) => {
    const credentials = await caller(req);
    const query = parse(lineageQuerySchema, req.query);
    res.json(await lineage.lineage(query, credentials));
  });

  router.get('/impact', async (req, res) => {
    const credentials = await caller(req);
    const { entityRef } = parse(impactQuerySchema, req.query);
    res.json(await lineage.impact(entityRef, credentials));
  });

  router.post('/openlineage', async (req, res) => {
    const credentials = await caller(req);
    const [decision] = await permissions.authorize(
      [{ permission: mlOpenLineageWritePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to send OpenLineage events: the ${mlOpenLineageWritePermission.name} permission was denied`,
      );
    }
    res.json(await openLineage.ingest(parse(openLineageEventSchema, req.body)));
  });
  // Broken JSON fails in express.json(), before the route: say what to send.
  router.use(
    '/openlineage',
    (
      error: any,
      _req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) =>
      next(
        error?.type === 'entity.parse.failed'
          ? new InputError(
              `The body is not valid JSON (${error.message}). ${OPENLINEAGE_EVENT_SHAPE}.`,
            )
          : error,
      ),
  );
}
