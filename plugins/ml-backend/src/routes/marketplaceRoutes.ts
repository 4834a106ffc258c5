import {
  assetKpisQuerySchema,
  kpiHistoryQuerySchema,
  marketplaceQuerySchema,
  relatedQuerySchema,
} from '@ml-marketplace/plugin-ml-common';
import type express from 'express';
import type { RouteContext } from '../router';
import { requestedEntityRef } from '../services/entityRefs';

/** Searching the marketplace, and its KPIs overall and per asset. */
export function addMarketplaceRoutes(
  router: express.Router,
  { caller, parse, mlEntity, marketplace, kpis, attention }: RouteContext,
) {
  router.get('/marketplace', async (req, res) => {
    const credentials = await caller(req);
    const query = parse(marketplaceQuerySchema, req.query);
    res.json(await marketplace.search(query, credentials));
  });

  router.get('/marketplace/related', async (req, res) => {
    const credentials = await caller(req);
    const ref = requestedEntityRef(
      parse(relatedQuerySchema, req.query).entityRef,
    );
    res.json(await marketplace.related(ref, credentials));
  });

  // The ML home page: what needs the caller's teams' attention.
  router.get('/attention', async (req, res) => {
    res.json(await attention.attention(await caller(req)));
  });

  router.get('/kpis', async (req, res) => {
    res.json(await kpis.marketplace(await caller(req)));
  });

  // The organisation's daily figures: aggregates, no asset is named.
  router.get('/kpis/history', async (req, res) => {
    await caller(req);
    const { days } = parse(kpiHistoryQuerySchema, req.query);
    res.json(await kpis.history(days));
  });

  router.get('/kpis/asset', async (req, res) => {
    const credentials = await caller(req);
    const ref = requestedEntityRef(
      parse(assetKpisQuerySchema, req.query).entityRef,
    );
    res.json(await kpis.asset(await mlEntity(ref, credentials)));
  });
}
