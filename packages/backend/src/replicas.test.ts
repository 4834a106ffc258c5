/*
 * Two replicas of the demo backend sharing one PostgreSQL, as in production:
 * the health sweep must run once per interval across both, and concurrent
 * certification decisions sent to either replica must all be kept.
 */
import request from 'supertest';
import { postgresTestUrl } from './__testUtils__/postgres';
import { startPortal } from './__testUtils__/startPortal';
import { waitFor } from './__testUtils__/waitFor';

jest.setTimeout(180_000);

const url = postgresTestUrl();
const describeIf = url ? describe : describe.skip;

describeIf('two backend replicas on one PostgreSQL', () => {
  let servers: Array<Parameters<typeof request>[0]>;
  let tokens: string[];

  beforeAll(async () => {
    const database = {
      client: 'pg',
      connection: url,
      prefix: `mlm_replicas_${process.pid}_${Date.now().toString(36)}_`,
    };
    // One after the other: the first runs the migrations, as a rolling deploy would.
    const first = await startPortal(database);
    const second = await startPortal(database);
    servers = [first.server, second.server];
    tokens = [
      await first.signIn('user:default/ada'),
      await second.signIn('user:default/ada'),
    ];
  });

  const get = (i: number, path: string) =>
    request(servers[i]).get(path).set('Authorization', `Bearer ${tokens[i]}`);

  it('runs each scheduled sweep on one replica only', async () => {
    // Sweeps are due every second (see startPortal); watch several intervals.
    const sweeps = await waitFor('eight scheduled sweeps', async () => {
      const res = await get(0, '/api/ml/health-checks/sweeps?limit=500');
      const done = res.body.items.filter(
        (s: any) => s.trigger === 'schedule' && s.finishedAt,
      );
      return done.length >= 8 ? done : undefined;
    });
    // Both replicas read the same log.
    const fromSecond = await get(1, '/api/ml/health-checks/sweeps?limit=500');
    expect(fromSecond.body.items.map((s: any) => s.id)).toEqual(
      expect.arrayContaining(sweeps.map((s: any) => s.id)),
    );
    const ordered = [...sweeps].sort((a: any, b: any) =>
      a.startedAt.localeCompare(b.startedAt),
    );
    // No two sweeps overlapped, and there was no more than one per interval.
    // (A replica picks a due task up within its poll interval, so single gaps
    // at a hand-over between replicas may be shorter than the full second.)
    for (let i = 1; i < ordered.length; i++) {
      expect(ordered[i].startedAt >= ordered[i - 1].finishedAt).toBe(true);
    }
    const spanSeconds =
      (Date.parse(ordered[ordered.length - 1].startedAt) -
        Date.parse(ordered[0].startedAt)) /
      1000;
    expect(ordered.length).toBeLessThanOrEqual(Math.floor(spanSeconds) + 2);
    expect(ordered.every((s: any) => s.outcome === 'done')).toBe(true);
  });

  it('keeps every one of many concurrent approvals sent to both replicas', async () => {
    const ref = encodeURIComponent('model:default/fraud-gbm');
    await waitFor('fraud-gbm checked', async () => {
      const res = await get(
        0,
        '/api/ml/health-checks?entityRef=model:default/fraud-gbm',
      );
      return res.body.results?.length ? true : undefined;
    });
    const before = (
      await get(0, `/api/ml/audit?entityRef=model:default/fraud-gbm&limit=1000`)
    ).body.items.length;
    const n = 16;
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        request(servers[i % 2])
          .post(`/api/ml/certifications/${ref}/approve`)
          .set('Authorization', `Bearer ${tokens[i % 2]}`)
          .send({ reason: `Review number ${i}` }),
      ),
    );
    expect(answers.map(a => a.status)).toEqual(Array(n).fill(200));
    const audit = (
      await get(1, `/api/ml/audit?entityRef=model:default/fraud-gbm&limit=1000`)
    ).body.items;
    expect(audit.length - before).toBeGreaterThanOrEqual(n);
    const reasons = audit
      .filter((e: any) => e.action === 'approved')
      .map((e: any) => e.reason)
      .sort();
    expect(reasons).toEqual(
      Array.from({ length: n }, (_, i) => `Review number ${i}`).sort(),
    );
    // The certificate carries the approval that was written last.
    const certificate = (await get(0, `/api/ml/certifications/${ref}`)).body;
    const lastApproved = audit.find((e: any) => e.action === 'approved');
    expect(certificate.approval.reason).toBe(lastApproved.reason);
  });
});
