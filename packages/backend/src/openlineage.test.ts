/*
 * OpenLineage producers against the demo portal's backend as shipped: they
 * send events with the static token of app-config.yaml, which the permission
 * policy is bypassed for, while people who are signed in are refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import request from 'supertest';
import { parse } from 'yaml';
import { onEachDatabase } from './__testUtils__/postgres';
import { startPortal } from './__testUtils__/startPortal';

jest.setTimeout(120_000);

/** The demo's producer token, read from app-config.yaml as the backend reads it. */
function demoProducerToken(): string {
  const config = parse(
    fs.readFileSync(
      path.resolve(resolvePackagePath('backend'), '../../app-config.yaml'),
      'utf8',
    ),
  );
  const entry = config.backend.auth.externalAccess.find(
    (e: any) => e.options.subject === 'openlineage-producer',
  );
  return entry.options.token;
}

/** A COMPLETE RunEvent as the OpenLineage Python client sends it. */
const event = (overrides: object = {}) => ({
  eventType: 'COMPLETE',
  eventTime: '2026-11-22T10:52:00.001+01:00',
  run: { runId: 'd46e465b-d358-4d32-83d4-df660ff614dd' },
  job: { namespace: 'airflow-prod', name: 'churn_features.build' },
  inputs: [{ namespace: 's3://landing', name: 'events/2026-11-22' }],
  outputs: [{ namespace: 's3://features', name: 'churn' }],
  producer:
    'https://github.com/OpenLineage/OpenLineage/tree/1.2.2/client/python',
  schemaURL:
    'https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent',
  ...overrides,
});

function describePortal(name: string, database: object | undefined) {
  const describeIf = database ? describe : describe.skip;
  describeIf(`OpenLineage into the demo portal on ${name}`, () => {
    let portal: Awaited<ReturnType<typeof startPortal>>;
    let server: Parameters<typeof request>[0];
    const producer = demoProducerToken();

    beforeAll(async () => {
      portal = await startPortal(database!);
      server = portal.server;
    });
    afterAll(async () => {
      await portal?.backend.stop();
    });

    const send = (as: string, body: object) =>
      request(server)
        .post('/api/ml/openlineage')
        .set('Authorization', `Bearer ${as}`)
        .send(body);

    it('accepts events sent with the static producer token', async () => {
      const res = await send(producer, event());
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        edges: 2,
        matched: [],
        external: ['s3://landing/events/2026-11-22', 's3://features/churn'],
      });
    });

    it('accepts an eventTime without UTC offset, saying it read it as UTC', async () => {
      const res = await send(
        producer,
        event({ eventTime: '2021-11-03T10:53:52.427343' }),
      );
      expect(res.status).toBe(200);
      expect(res.body.edges).toBe(2);
      expect(res.body.warnings).toEqual([
        {
          field: 'eventTime',
          message: expect.stringContaining(
            'read as UTC (2021-11-03T10:53:52.427343Z)',
          ),
        },
      ]);
    });

    it('refuses people, admins included, with 403 naming the permission', async () => {
      const people = [
        await portal.guestToken(),
        await portal.signIn('user:default/grace'),
        await portal.signIn('user:default/ada'), // an admin
      ];
      for (const token of people) {
        const res = await send(token, event());
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe(
          'Not allowed to send OpenLineage events: the ml.openlineage.write permission was denied',
        );
      }
    });

    it('keeps the producer token to the ml plugin', async () => {
      const res = await request(server)
        .get('/api/catalog/entities?limit=1')
        .set('Authorization', `Bearer ${producer}`);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain("restricted to plugin(s) 'ml'");
    });

    it('refuses events without a token', async () => {
      const res = await request(server)
        .post('/api/ml/openlineage')
        .send(event());
      expect(res.status).toBe(401);
    });
  });
}

onEachDatabase(describePortal);
