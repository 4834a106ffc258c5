/*
 * Owners and consumers hear about ML assets through Backstage's real
 * notifications backend, on the real portal backend, on SQLite and PostgreSQL:
 * recipients come from ownership and lineage, a repeat updates the same
 * notification instead of adding one, and a condition that ends resolves it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { onEachDatabase } from './__testUtils__/postgres';
import { startPortal } from './__testUtils__/startPortal';
import { waitFor } from './__testUtils__/waitFor';

jest.setTimeout(240_000);

interface Notice {
  id: string;
  user: string;
  origin: string;
  created: string;
  read?: string | number | null;
  updated?: string | number | null;
  payload: {
    title: string;
    description?: string;
    severity: string;
    topic: string;
    scope: string;
    link: string;
  };
}

const dataset = (lifecycle: string) =>
  [
    'apiVersion: ml-marketplace.io/v1alpha1',
    'kind: Dataset',
    'metadata:',
    '  name: notify-orders',
    '  title: Orders for notifications',
    '  description: Orders, for the notifications test.',
    'spec:',
    '  owner: group:default/data-engineering',
    `  lifecycle: ${lifecycle}`,
    '  classification: internal',
    '  type: table',
    '  location: s3://lake/notify-orders',
    '',
  ].join('\n');

const model = (trainedOn: string) =>
  [
    'apiVersion: ml-marketplace.io/v1alpha1',
    'kind: Model',
    'metadata:',
    '  name: notify-basket',
    '  title: Basket model for notifications',
    '  description: Reads the orders.',
    'spec:',
    '  owner: group:default/growth-ml',
    '  lifecycle: experimental',
    '  task: regression',
    `  trainedOn: [${trainedOn}]`,
    '',
  ].join('\n');

function describePortal(name: string, database: object | undefined) {
  const describeIf = database ? describe : describe.skip;
  describeIf(`notifications on ${name}`, () => {
    let server: Parameters<typeof request>[0];
    let tokens: Record<string, string>;
    let dir: string;

    beforeAll(async () => {
      const portal = await startPortal(database!, { allowFileLocations: true });
      server = portal.server;
      tokens = {
        grace: await portal.signIn('user:default/grace'),
        edgar: await portal.signIn('user:default/edgar'),
        alan: await portal.signIn('user:default/alan'),
      };
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-notify-'));
    });

    afterAll(() => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    const notices = async (who: string, topic: string) => {
      const res = await request(server)
        .get(`/api/notifications/notifications?topic=${topic}`)
        .set('Authorization', `Bearer ${tokens[who]}`);
      expect(res.status).toBe(200);
      return (res.body.notifications as Notice[]).filter(
        n => n.origin === 'plugin:ml',
      );
    };
    const ours = async (who: string, topic: string, ref: string) =>
      (await notices(who, topic)).filter(n => n.payload.scope.includes(ref));

    async function register(file: string, yaml: string) {
      fs.writeFileSync(path.join(dir, file), yaml);
      const res = await request(server)
        .post('/api/catalog/locations')
        .set('Authorization', `Bearer ${tokens.grace}`)
        .send({ type: 'file', target: path.join(dir, file) });
      expect(res.status).toBe(201);
    }
    /** Edits a file and refreshes its entity, as its owner. */
    async function change(
      who: string,
      file: string,
      yaml: string,
      entityRef: string,
    ) {
      fs.writeFileSync(path.join(dir, file), yaml);
      const res = await request(server)
        .post('/api/catalog/refresh')
        .set('Authorization', `Bearer ${tokens[who]}`)
        .send({ entityRef });
      expect(res.status).toBe(200);
    }
    const sweepsSoFar = async () =>
      (
        await request(server)
          .get('/api/ml/health-checks/sweeps?limit=100')
          .set('Authorization', `Bearer ${tokens.grace}`)
      ).body.items.length as number;

    it("tells a model's owners it is failing, once, and resolves it when fixed", async () => {
      // The dataset it names does not exist yet: an error-level finding.
      await register('model.yaml', model('notify-orders'));
      const [failing] = await waitFor(
        'the failing notice to Grace',
        async () => {
          const found = await ours('grace', 'ml.health', 'notify-basket');
          return found.length ? found : undefined;
        },
      );
      expect(failing.user).toBe('user:default/grace');
      expect(failing.payload).toEqual(
        expect.objectContaining({
          title: expect.stringMatching(
            /^Basket model for notifications is failing: /,
          ),
          severity: 'normal',
          link: '/catalog/default/model/notify-basket',
          scope: 'ml:ml.health:model:default/notify-basket',
        }),
      );
      expect(failing.payload.description).toContain('notify-orders');
      // Alan is on another team: nothing for him.
      expect(await ours('alan', 'ml.health', 'notify-basket')).toEqual([]);

      // Sweeps go on every second; the same failure is not sent again.
      const before = await sweepsSoFar();
      await waitFor('three more sweeps', async () =>
        (await sweepsSoFar()) >= Math.min(before + 3, 100) ? true : undefined,
      );
      const still = await ours('grace', 'ml.health', 'notify-basket');
      expect(still).toHaveLength(1);
      expect(still[0].updated ?? null).toBeNull();

      await request(server)
        .post('/api/notifications/notifications/update')
        .set('Authorization', `Bearer ${tokens.grace}`)
        .send({ ids: [failing.id], read: true })
        .expect(200);

      // The dataset appears: the model passes, and the same notification says so.
      await register('dataset.yaml', dataset('production'));
      let last: Notice | undefined;
      const resolved = await waitFor('the resolved notice', async () => {
        [last] = await ours('grace', 'ml.health', 'notify-basket');
        return last?.payload.title.startsWith('Resolved:') ? last : undefined;
      }).catch(error => {
        throw new Error(`${error.message}; last: ${JSON.stringify(last)}`);
      });
      expect(resolved.id).toBe(failing.id);
      expect(resolved.payload).toEqual(
        expect.objectContaining({
          title:
            'Resolved: Basket model for notifications passes its error-level checks again',
          severity: 'low',
        }),
      );
      expect(resolved.read ?? null).toBeNull();
      expect(await ours('grace', 'ml.health', 'notify-basket')).toHaveLength(1);
    });

    it("tells the consumer's owners, not the dataset's, that a dataset they use is deprecated", async () => {
      // The model reads the dataset since the previous test.
      await change(
        'edgar',
        'dataset.yaml',
        dataset('deprecated'),
        'dataset:default/notify-orders',
      );
      const [notice] = await waitFor('the deprecation notice', async () => {
        const found = await ours('grace', 'ml.upstream', 'notify-orders');
        return found.length ? found : undefined;
      });
      expect(notice.payload).toEqual(
        expect.objectContaining({
          title:
            'Orders for notifications, which your Basket model for notifications uses, is deprecated',
          severity: 'normal',
          topic: 'ml.upstream',
          link: '/catalog/default/dataset/notify-orders',
        }),
      );
      expect(notice.payload.description).toContain(
        'No successor is named; ask its owners what to use instead.',
      );
      // Edgar owns the dataset: he deprecated it and is not its consumer.
      expect(await ours('edgar', 'ml.upstream', 'notify-orders')).toEqual([]);
    });
  });
}

onEachDatabase(describePortal);
