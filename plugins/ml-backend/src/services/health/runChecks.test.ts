import { mockServices } from '@backstage/backend-test-utils';
import type { MlHealthCheck } from '@ml-marketplace/plugin-ml-node';
import { mlEntity } from '../../__testUtils__/mlEntities';
import { CatalogSnapshot } from './CatalogSnapshot';
import { runChecks, worstStatus } from './runChecks';

const entity = mlEntity('Model', 'm', {});
const context = () => ({
  logger: mockServices.logger.mock(),
  signal: new AbortController().signal,
  now: new Date('2026-11-22T00:00:00Z'),
  catalog: new CatalogSnapshot(),
  lastUpdatedAt: new Date('2026-11-01T00:00:00Z'),
});
const check = (id: string, run: MlHealthCheck['run']): MlHealthCheck => ({
  id,
  title: `Check ${id}`,
  appliesTo: () => true,
  run,
});

describe('runChecks', () => {
  afterEach(() => jest.useRealTimers());

  it('gives up on a check that never answers and goes on with the next', async () => {
    jest.useFakeTimers();
    const runs = runChecks(
      entity,
      [
        check('hangs', () => new Promise(() => {})),
        check('ok', async () => ({ status: 'pass', message: 'fine' })),
      ],
      context(),
    );
    await jest.advanceTimersByTimeAsync(30_000);
    expect(await runs).toEqual([
      {
        checkId: 'hangs',
        status: 'fail',
        message: 'The check "Check hangs" could not run: no answer within 30 s',
        fixHint:
          'This is a problem of the check, not of your entity; tell the portal team.',
      },
      { checkId: 'ok', status: 'pass', message: 'fine' },
    ]);
  });

  it('records a nonsense status as the check failing', async () => {
    const [run] = await runChecks(
      entity,
      [check('odd', async () => ({ status: 'green', message: 'x' } as any))],
      context(),
    );
    expect(run).toMatchObject({
      status: 'fail',
      message:
        'The check "Check odd" could not run: returned status "green", not pass, warn or fail',
    });
  });

  it('skips checks that do not apply and records one whose appliesTo throws', async () => {
    const runs = await runChecks(
      entity,
      [
        {
          ...check('never', async () => ({ status: 'pass', message: '' })),
          appliesTo: () => false,
        },
        {
          ...check('broken', async () => ({ status: 'pass', message: '' })),
          appliesTo: () => {
            throw new Error('bad filter');
          },
        },
      ],
      context(),
    );
    expect(runs.map(r => [r.checkId, r.status])).toEqual([['broken', 'fail']]);
  });

  it('stops at once when the sweep is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      runChecks(
        entity,
        [check('ok', async () => ({ status: 'pass', message: '' }))],
        {
          ...context(),
          signal: controller.signal,
        },
      ),
    ).rejects.toThrow('aborted');
  });

  it('reports the worst status', () => {
    expect(worstStatus([])).toBeNull();
    expect(worstStatus([{ status: 'pass' }, { status: 'warn' }])).toBe('warn');
    expect(worstStatus([{ status: 'warn' }, { status: 'fail' }])).toBe('fail');
  });
});
