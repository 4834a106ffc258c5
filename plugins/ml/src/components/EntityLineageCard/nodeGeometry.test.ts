import { NAME_MAX_WIDTH, nodeGeometry, wrapName } from './nodeGeometry';
import { NAME_FONT, estimateTextWidth as measure } from './textMeasure';

const overlaps = (
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
) =>
  a.x < b.x + b.width &&
  b.x < a.x + a.width &&
  a.y < b.y + b.height &&
  b.y < a.y + a.height;

describe('nodeGeometry', () => {
  it('keeps the kind, the "this entity" mark, the badges and the name apart', () => {
    for (const input of [
      {
        kindText: 'External dataset · this entity',
        name: 'Customer activity (30 days)',
        isRoot: true,
        certification: 'platinum-plus',
        health: 'fail',
      },
      { kindText: 'Model · this entity', name: 'x', isRoot: true },
      {
        kindText: 'Feature',
        name: 'Customer activity aggregated over the last 30 days',
        isRoot: false,
        certification: 'gold',
        health: 'pass',
      },
    ]) {
      const g = nodeGeometry(input, measure);
      for (let i = 0; i < g.boxes.length; i++) {
        const box = g.boxes[i];
        // Inside the node, right of the colour stripe.
        expect(box.x).toBeGreaterThanOrEqual(6);
        expect(box.x + box.width).toBeLessThanOrEqual(g.width);
        expect(box.y + box.height).toBeLessThanOrEqual(g.height);
        for (const other of g.boxes.slice(i + 1)) {
          expect([box.what, other.what, overlaps(box, other)]).toEqual([
            box.what,
            other.what,
            false,
          ]);
        }
      }
    }
  });

  it('sizes the node to its name instead of cutting it', () => {
    const short = nodeGeometry(
      { kindText: 'Dataset', name: 'customers', isRoot: false },
      measure,
    );
    const long = nodeGeometry(
      {
        kindText: 'Dataset',
        name: 'Customer activity (30 days)',
        isRoot: false,
      },
      measure,
    );
    expect(long.name.lines).toEqual(['Customer activity (30 days)']);
    expect(long.shortened).toBe(false);
    expect(long.width).toBeGreaterThan(short.width);
    expect(long.width).toBeGreaterThanOrEqual(
      16 + measure('Customer activity (30 days)', NAME_FONT),
    );
  });
});

describe('wrapName', () => {
  it('keeps a name that fits on one line', () => {
    expect(wrapName('churn-model', NAME_FONT, measure)).toEqual({
      lines: ['churn-model'],
      shortened: false,
    });
  });

  it('wraps at the break that makes the most even lines', () => {
    const { lines, shortened } = wrapName(
      'Customer activity aggregated over the last 30 days',
      NAME_FONT,
      measure,
    );
    expect(shortened).toBe(false);
    expect(lines).toEqual([
      'Customer activity aggregated',
      'over the last 30 days',
    ]);
    for (const line of lines) {
      expect(measure(line, NAME_FONT)).toBeLessThanOrEqual(NAME_MAX_WIDTH);
    }
  });

  it('wraps entity names at dashes', () => {
    const { lines } = wrapName(
      'customer-activity-aggregated-over-the-last-30-days',
      NAME_FONT,
      measure,
    );
    expect(lines.join('')).toBe(
      'customer-activity-aggregated-over-the-last-30-days',
    );
    expect(lines).toHaveLength(2);
  });

  it('shortens only what two lines cannot hold, and says so', () => {
    const name = 'a'.repeat(200);
    const { lines, shortened } = wrapName(name, NAME_FONT, measure);
    expect(shortened).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/…$/);
    expect(name.startsWith(lines[0] + lines[1].replace(/…$/, ''))).toBe(true);
    for (const line of lines) {
      expect(measure(line, NAME_FONT)).toBeLessThanOrEqual(NAME_MAX_WIDTH);
    }
  });
});
