import { perSweep } from './perSweep';

describe('perSweep', () => {
  it('loads once per sweep, for every caller, and again for the next sweep', async () => {
    let loads = 0;
    const load = jest.fn(async (): Promise<number> => ++loads);
    const read = perSweep(load);
    const sweep = new Date('2026-12-05T12:00:00Z');
    expect(await read(sweep)).toBe(1);
    expect(await read(new Date(sweep))).toBe(1);
    expect(load).toHaveBeenCalledTimes(1);
    expect(await read(new Date('2026-12-05T12:05:00Z'))).toBe(2);
  });
});
