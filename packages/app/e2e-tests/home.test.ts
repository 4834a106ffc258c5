import { expect, test } from '@playwright/test';
import { SHOTS, asGuestWithoutPageErrors } from './session';

/*
 * The portal opens on the ML home; its figures and tags lead to the
 * marketplace filtered by them, and the KPI page draws trends from the
 * backend's daily snapshots (seeded with demo days on a new demo).
 */
test.describe('ML home and KPI trends', () => {
  asGuestWithoutPageErrors();

  test('opens on the ML home and reaches a filtered marketplace from a KPI tile', async ({
    page,
  }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/ml\/home$/);
    await expect(
      page.getByRole('heading', { name: 'ML marketplace' }),
    ).toBeVisible();
    // Exactly one sidebar item is the current page.
    await expect(page.locator('nav a[aria-current="page"]')).toHaveCount(1);
    await expect(page.locator('nav a[aria-current="page"]')).toHaveText('Home');
    await expect(page.getByText('Exemplary assets')).toBeVisible();
    await expect(
      page.getByText(/Needs (your team's )?attention/),
    ).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/home.png`, fullPage: true });

    await page.getByLabel(/^Healthy: \d+%$/).click();
    await expect(page).toHaveURL(/\/ml\?health=pass&health=warn$/);
    await expect(page.getByRole('checkbox', { name: /Healthy/ })).toBeChecked();
    await expect(
      page.getByRole('checkbox', { name: /Warnings/ }),
    ).toBeChecked();
    // Failing assets are not among the results.
    await expect(page.getByText(/\d+ assets?$/).first()).toBeVisible();
    await expect(page.getByLabel('Health: Failing checks')).toHaveCount(0);
    await expect(page.locator('nav a[aria-current="page"]')).toHaveText(
      'Marketplace',
    );
    await page.screenshot({
      path: `${SHOTS}/home-tile-to-marketplace.png`,
      fullPage: true,
    });
  });

  test('reaches a filtered marketplace from a tag', async ({ page }) => {
    await page.goto('/ml/home');
    const tag = page.getByLabel('Popular tags').getByRole('link').first();
    const label = (await tag.textContent())!;
    const value = label.replace(/ \(\d+\)$/, '');
    const count = Number(/\((\d+)\)$/.exec(label)![1]);
    await tag.click();
    await expect(page).toHaveURL(
      new RegExp(`/ml\\?tag=${encodeURIComponent(value)}$`),
    );
    await expect(
      page.getByRole('checkbox', { name: new RegExp(value) }),
    ).toBeChecked();
    await expect(page.getByTestId('asset-card')).toHaveCount(count);
    // Each card carries the tag.
    for (const card of await page.getByTestId('asset-card').all()) {
      await expect(
        card.getByRole('link', { name: value, exact: true }),
      ).toBeVisible();
    }
  });

  test('reads the KPI trends, with the demo days said, and a team row leads to its assets', async ({
    page,
  }) => {
    // A new demo takes its first snapshot shortly after start.
    await expect(async () => {
      await page.goto('/ml/kpis');
      await expect(page.getByText('Assets per kind over time')).toBeVisible({
        timeout: 5_000,
      });
    }).toPass({ timeout: 150_000 });
    await expect(page.getByText(/are demo data, seeded/)).toBeVisible();
    for (const caption of [
      'Assets per kind over time',
      'Reuse rate and healthy share (%)',
      'Certified at each level or above (%)',
      'Deprecated assets still consumed',
    ]) {
      const figure = page.locator('figure').filter({ hasText: caption });
      // A drawn line, not an empty frame.
      await expect(figure.locator('path.recharts-curve').first()).toBeVisible();
    }
    await page.screenshot({ path: `${SHOTS}/kpi-trends.png`, fullPage: true });

    // The team table counts the assets the health sweep has seen; an asset
    // discovered a moment ago (the demo's registries) is in the marketplace
    // first. Read both again until the sweep (every 2 minutes) has caught up.
    test.setTimeout(330_000);
    await expect(async () => {
      await page.goto('/ml/kpis');
      const team = page.getByRole('link', { name: /: \d+ assets$/ }).first();
      const label = (await team.getAttribute('aria-label'))!;
      const name = label.replace(/: \d+ assets$/, '');
      const assets = Number(/: (\d+) assets$/.exec(label)![1]);
      await team.click();
      await expect(page).toHaveURL(/\/ml\?owner=group/);
      await expect(
        page.getByRole('checkbox', { name: new RegExp(name) }),
      ).toBeChecked();
      await expect(page.getByTestId('asset-card')).toHaveCount(assets, {
        timeout: 5_000,
      });
    }).toPass({ timeout: 180_000 });
  });
});
