import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ANNOTATION_OPENLINEAGE_DATASET,
  compareSchemas,
  datasetSchemaQuerySchema,
  impactQuerySchema,
  isDatasetEntity,
  type DatasetSchemaResponse,
  lineageQuerySchema,
  mlOpenLineageWritePermission,
  OPENLINEAGE_EVENT_SHAPE,
  openLineageEventSchema,
} from '@ml-marketplace/plugin-ml-common';
import type express from 'express';
import type { RouteContext } from '../router';
import { requestedEntityRef } from '../services/entityRefs';
import { declaredColumns } from '../services/health/checks/DataContractCheck';

/** Lineage and impact reads, and OpenLineage events coming in. */
export function addLineageRoutes(
  router: express.Router,
  { caller, parse, permissions, lineage, openLineage, mlEntity }: RouteContext,
) {
  // A Dataset's observed schema against its declared columns (its data
  // contract), for those who may read the Dataset.
  router.get('/datasets/schema', async (req, res) => {
    const credentials = await caller(req);
    const ref = requestedEntityRef(
      parse(datasetSchemaQuerySchema, req.query).entityRef,
    );
    const entity = await mlEntity(ref, credentials);
    if (!isDatasetEntity(entity)) {
      throw new InputError(
        `${ref} is a ${entity.kind}; only Datasets have a schema to compare`,
      );
    }
    const identity =
      entity.metadata.annotations?.[ANNOTATION_OPENLINEAGE_DATASET];
    const observed = identity
      ? await openLineage.observedSchema(identity)
      : undefined;
    const declared = declaredColumns(entity);
    const answer: DatasetSchemaResponse = {
      entityRef: ref,
      ...(identity && { identity }),
      ...(observed && { observed }),
      ...(observed &&
        declared.length && {
          differences: compareSchemas(declared, observed.fields),
        }),
    };
    res.json(answer);
  });

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
