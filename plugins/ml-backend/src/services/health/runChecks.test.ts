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
        // The check's fault, not the entity's: it never makes the asset fail.
        severity: 'warning',
        message: 'The check "Check hangs" could not run: no answer within 30 s',
        fixHint:
          'This is a problem of the check, not of your entity; tell the portal team.',
      },
      { checkId: 'ok', status: 'pass', severity: 'error', message: 'fine' },
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

  it("gives each result its severity: configured, else the finding's, else the check's, else error", async () => {
    const runs = await runChecks(
      entity,
      [
        { ...check('plain', async () => ({ status: 'fail', message: '' })) },
        {
          ...check('docs', async () => ({ status: 'fail', message: '' })),
          severity: 'advice',
        },
        {
          ...check('mixed', async () => ({
            status: 'fail',
            message: '',
            severity: 'warning',
          })),
          severity: 'error',
        },
        {
          ...check('overridden', async () => ({
            status: 'fail',
            message: '',
            severity: 'warning',
          })),
          severity: 'advice',
        },
      ],
      context(),
      { overridden: 'error' },
    );
    expect(runs.map(r => [r.checkId, r.severity])).toEqual([
      ['plain', 'error'],
      ['docs', 'advice'],
      ['mixed', 'warning'],
      ['overridden', 'error'],
    ]);
  });

  it('records a nonsense severity as the check failing to run', async () => {
    const [run] = await runChecks(
      entity,
      [
        check(
          'odd',
          async () =>
            ({ status: 'fail', message: 'x', severity: 'critical' } as any),
        ),
      ],
      context(),
    );
    expect(run).toMatchObject({
      severity: 'warning',
      message:
        'The check "Check odd" could not run: returned severity "critical", not error, warning or advice',
    });
  });

  it('reports the worst status, counting advice never and a warning at most as a warning', () => {
    expect(worstStatus([])).toBeNull();
    const error = 'error' as const;
    expect(
      worstStatus([
        { status: 'pass', severity: error },
        { status: 'warn', severity: error },
      ]),
    ).toBe('warn');
    expect(
      worstStatus([
        { status: 'warn', severity: error },
        { status: 'fail', severity: error },
      ]),
    ).toBe('fail');
    // A missing licence (advice) leaves the asset passing.
    expect(
      worstStatus([
        { status: 'pass', severity: error },
        { status: 'fail', severity: 'advice' },
      ]),
    ).toBe('pass');
    // An owner that no longer exists (warning) warns, never fails.
    expect(
      worstStatus([
        { status: 'pass', severity: error },
        { status: 'fail', severity: 'warning' },
      ]),
    ).toBe('warn');
  });
});
