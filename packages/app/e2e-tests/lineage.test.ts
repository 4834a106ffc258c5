import { expect, Page, test } from '@playwright/test';
import { SHOTS, asGuestWithoutPageErrors } from './session';

/**
 * The Lineage tab keeps its graph readable at any depth: text at 12 px or
 * more on screen, no label over another, names whole or in full on hover, and
 * pan and zoom instead of shrinking the graph to fit.
 */

const GRAPH = 'svg[aria-label^="Lineage graph with"]';

async function openLineage(page: Page, depth: number) {
  await page.goto('/catalog/default/model/churn-model/lineage');
  await expect(page.locator(GRAPH)).toBeVisible();
  const depthButton = page.getByRole('button', { name: /Depth/ });
  if ((await depthButton.textContent())?.trim() !== String(depth)) {
    await depthButton.click();
    await page
      .getByRole('option', { name: String(depth), exact: true })
      .click();
    await expect(depthButton).toHaveText(String(depth));
  }
  await expect(page.getByTestId('progress')).toHaveCount(0);
  // Away from the graph's buttons, whose tooltips would cover it.
  await page.mouse.move(0, 0);
  // The graph of the new answer is laid out in one pass; give it a frame.
  await page.waitForTimeout(300);
}

interface TextOnScreen {
  text: string;
  node: string | null;
  fontPx: number;
  height: number;
  box: { left: number; top: number; right: number; bottom: number };
}

/** Every text of the graph inside the viewport, as the browser drew it. */
async function visibleTexts(page: Page): Promise<TextOnScreen[]> {
  return page.locator(GRAPH).evaluate(svg => {
    const port = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')]
      .map(text => {
        const r = text.getBoundingClientRect();
        const ctm = (text as SVGTextElement).getScreenCTM()!;
        return {
          text: text.textContent ?? '',
          node:
            text.closest('[data-node-id]')?.getAttribute('data-node-id') ??
            null,
          fontPx:
            Number.parseFloat(getComputedStyle(text).fontSize) *
            Math.hypot(ctm.a, ctm.b),
          height: r.height,
          box: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
        };
      })
      .filter(
        t =>
          t.box.right > port.left &&
          t.box.left < port.right &&
          t.box.bottom > port.top &&
          t.box.top < port.bottom,
      );
  });
}

async function layerScale(page: Page): Promise<number> {
  return page
    .getByTestId('ml-lineage-layer')
    .evaluate(g => (g as SVGGElement).getScreenCTM()!.a);
}

const overlap = (a: TextOnScreen['box'], b: TextOnScreen['box']) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
  Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;

async function expectReadable(page: Page) {
  const texts = await visibleTexts(page);
  expect(texts.length, 'texts in view').toBeGreaterThan(3);
  for (const t of texts) {
    expect(t.fontPx, `font of "${t.text}"`).toBeGreaterThanOrEqual(12);
    expect(t.height, `drawn height of "${t.text}"`).toBeGreaterThanOrEqual(12);
  }
  // The text boxes of a node's kind and its name lines are one <text> each,
  // and labels sit in lanes between columns: no two may overlap.
  const clashes: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (overlap(texts[i].box, texts[j].box)) {
        clashes.push(`"${texts[i].text}" / "${texts[j].text}"`);
      }
    }
  }
  expect(clashes, 'overlapping texts').toEqual([]);

  // Nodes do not overlap either.
  const frames = await page
    .locator(`${GRAPH} rect[data-frame]`)
    .evaluateAll(rects =>
      rects.map(r => {
        const b = r.getBoundingClientRect();
        return { left: b.left, top: b.top, right: b.right, bottom: b.bottom };
      }),
    );
  for (let i = 0; i < frames.length; i++) {
    for (let j = i + 1; j < frames.length; j++) {
      expect(overlap(frames[i], frames[j]), `nodes ${i} and ${j}`).toBe(false);
    }
  }

  // A name is drawn whole (on up to two lines), or shortened with `…` and
  // whole in the node's <title>, which the browser shows on hover.
  const names = await page
    .locator(`${GRAPH} [data-testid="node"]`)
    .evaluateAll(nodes =>
      nodes.map(node => {
        const name = node.querySelector('[data-testid="ml-lineage-name"]')!;
        const spans = [...name.querySelectorAll('tspan')];
        return {
          lines: (spans.length ? spans : [name]).map(l => l.textContent ?? ''),
          title: node.querySelector('title')?.textContent ?? '',
        };
      }),
    );
  expect(names.length).toBeGreaterThan(0);
  for (const { lines, title } of names) {
    for (const line of lines) expect(title).toContain(line.replace(/…$/, ''));
  }
  return texts;
}

test.describe('Lineage graph', () => {
  asGuestWithoutPageErrors();

  test('stays readable at depth 5, pans and zooms', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 1000 });
    await openLineage(page, 5);

    const texts = await expectReadable(page);
    // The first view shows the card's entity.
    expect(texts.map(t => t.text)).toContain('Model · this entity');
    await page.screenshot({
      path: `${SHOTS}/lineage-depth5.png`,
      fullPage: true,
    });

    // Zoom buttons change the scale; Fit shows the whole graph.
    const start = await layerScale(page);
    expect(start).toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const zoomedIn = await layerScale(page);
    expect(zoomedIn).toBeGreaterThan(start);
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.getByRole('button', { name: 'Zoom out' }).click();
    expect(await layerScale(page)).toBeLessThan(zoomedIn);
    await page.getByRole('button', { name: 'Fit' }).click();
    const fitted = await page.locator(GRAPH).evaluate(svg => {
      const port = svg.getBoundingClientRect();
      const all = (svg.querySelector(
        '[data-testid="ml-lineage-layer"]',
      ) as SVGGElement)!.getBoundingClientRect();
      return (
        all.left >= port.left - 1 &&
        all.top >= port.top - 1 &&
        all.right <= port.right + 1 &&
        all.bottom <= port.bottom + 1
      );
    });
    expect(fitted, 'Fit shows the whole graph').toBe(true);

    // Ctrl + wheel zooms at the pointer, a drag pans.
    const box = (await page.locator(GRAPH).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const beforeWheel = await layerScale(page);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -240);
    await page.keyboard.up('Control');
    await expect
      .poll(() => layerScale(page))
      .toBeGreaterThan(beforeWheel * 1.2);
    const layer = page.getByTestId('ml-lineage-layer');
    const beforeDrag = (await layer.boundingBox())!;
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 120, box.y + 100, {
      steps: 8,
    });
    await page.mouse.up();
    await expect
      .poll(async () => (await layer.boundingBox())!.x)
      .toBeLessThan(beforeDrag.x - 60);
    // A drag that ends on a node does not open it.
    await expect(page).toHaveURL(/churn-model\/lineage$/);
  });

  test('stays readable at depth 2', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 1000 });
    await openLineage(page, 2);
    await expectReadable(page);
    await page.screenshot({
      path: `${SHOTS}/lineage-depth2.png`,
      fullPage: true,
    });
    // A click on a node still opens its page.
    await page
      .getByRole('link', { name: /^Dataset, / })
      .first()
      .click();
    await expect(page).toHaveURL(/\/catalog\/default\/dataset\//);
  });
});
