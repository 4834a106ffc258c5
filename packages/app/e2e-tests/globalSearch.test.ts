import { expect, Locator, Page, test } from '@playwright/test';
import { asGuestWithoutPageErrors, SHOTS } from './session';

/** The search result of the example churn model, among ML assets in `scope`. */
const churnResult = (page: Page, scope: Page | Locator = page) =>
  scope.getByTestId('ml-asset-search-result').filter({
    has: page.getByRole('link', { name: 'Churn prediction', exact: true }),
  });

/** What an ML result must show: kind, owner title, trust badges, a link to its page. */
async function expectChurnResultWithBadges(result: Locator) {
  await expect(
    result.getByRole('link', { name: 'Churn prediction', exact: true }),
  ).toHaveAttribute('href', '/catalog/default/model/churn-model');
  await expect(result.getByLabel('Kind: Model')).toHaveText('Model');
  await expect(result.getByText('Owner: Growth ML')).toBeVisible();
  await expect(result.getByLabel(/^Certified /)).toBeVisible();
  await expect(result.getByLabel(/^Health: /)).toBeVisible();
  // Titles, not raw refs, and no catalog "Type: other" chips.
  await expect(result).not.toContainText('group:default/');
  await expect(result).not.toContainText('Type:');
}

/**
 * Waits until the search index holds the churn model with its badges: the
 * ml-asset collator first runs 40 s after the backend starts, then every
 * minute (app-config.yaml); the badges come from the health sweep, 15 s after
 * start-up. A portal that just started may not have them.
 */
async function waitForIndexedChurnModel(page: Page) {
  await expect(async () => {
    await page.goto('/search?query=churn');
    await expect(churnResult(page).getByLabel(/^Health: /)).toBeVisible({
      timeout: 10_000,
    });
    await expect(churnResult(page).getByLabel(/^Certified /)).toBeVisible({
      timeout: 1_000,
    });
  }).toPass({ timeout: 240_000 });
}

test.describe('global search', () => {
  asGuestWithoutPageErrors();

  test('shows ML assets with their kind, owner, certification and health badges', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await waitForIndexedChurnModel(page);

    // What a person does: the search page, a query in words, ML assets only.
    await page.goto('/search');
    await page.getByRole('textbox', { name: 'Search' }).fill('churn model');
    await page.getByRole('button', { name: /^ML assets/ }).click();
    await expect(page).toHaveURL(/types(\[\]|%5B%5D)=ml-asset/);
    const result = churnResult(page);
    await expect(result).toBeVisible();
    await expectChurnResultWithBadges(result);
    // ML assets only: every result on the page is one, with its kind shown.
    const items = page.getByTestId('ml-asset-search-result');
    expect(await items.count()).toBeGreaterThan(1);
    await expect(page.getByText('Type: software-catalog')).toHaveCount(0);
    await page.screenshot({
      path: `${SHOTS}/global-search.png`,
      fullPage: true,
    });

    // The kind filter applies to ML assets: Features only.
    await page.getByLabel('Kind', { exact: true }).getByRole('button').click();
    await page.getByRole('option', { name: 'Feature' }).click();
    await expect(result).toHaveCount(0);
    await expect(items.first()).toBeVisible();
    for (const kind of await items.getByLabel(/^Kind: /).allTextContents()) {
      expect(kind).toBe('Feature');
    }

    // The result opens the entity page.
    await page.goto('/search?query=churn%20model&types[]=ml-asset');
    await churnResult(page)
      .getByRole('link', { name: 'Churn prediction', exact: true })
      .click();
    await expect(page).toHaveURL(/\/catalog\/default\/model\/churn-model/);
    await expect(
      page.getByRole('heading', { name: 'Churn prediction' }).first(),
    ).toBeVisible();
  });

  test('shows ML assets with their badges in the sidebar search too', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await waitForIndexedChurnModel(page);

    await page.goto('/catalog');
    await page.getByRole('button', { name: 'Search' }).first().click();
    const modal = page.getByRole('dialog');
    await modal.getByRole('textbox').fill('churn model');
    const result = churnResult(page, modal);
    await expect(result).toBeVisible();
    await expectChurnResultWithBadges(result);
    await page.screenshot({
      path: `${SHOTS}/global-search-modal.png`,
      fullPage: true,
    });
  });
});
