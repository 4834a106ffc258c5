import { expect, test } from '@playwright/test';
import { SHOTS, asGuestWithoutPageErrors } from './session';

/*
 * The demo's Feast feature store (scripts/demo-feast.sh) as an ML engineer
 * meets it: a feature view no repository declares is found in the
 * marketplace as a discovered Feature, its Feature store tab shows what the
 * store holds and which model reads it (from the registry's Feast tags), and
 * a declared Feature says how fresh its online values are.
 */
test.describe('Feature store', () => {
  asGuestWithoutPageErrors();

  test('finds a discovered feature view and sees what the store holds and who reads it', async ({
    page,
  }) => {
    const card = page
      .getByTestId('asset-card')
      .filter({ has: page.getByRole('link', { name: 'Basket signals' }) });
    // Discovered once the demo's Feast registry has been read (every 30 s),
    // then in the marketplace within seconds; the page asks again on a search.
    test.setTimeout(240_000);
    await expect(async () => {
      await page.goto('/ml');
      await page.getByLabel('Search the marketplace').fill('basket signals');
      await expect(card).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 200_000 });
    await card.getByRole('link', { name: 'Basket signals' }).click();
    await expect(page).toHaveURL(/\/catalog\/default\/feature\/basket-signals/);

    await page.getByRole('tab', { name: 'Feature store' }).click();
    await expect(
      page.getByText(
        /Feast feature view ml_marketplace_demo \/ basket_signals/,
      ),
    ).toBeVisible();
    await expect(page.getByText('Offline only').first()).toBeVisible();
    await expect(page.getByTestId('feature-store-sync-state')).toContainText(
      'Last synced from feature store "features"',
    );
    const features = page.getByRole('row');
    await expect(
      features.filter({ hasText: 'avg_basket_value_30d' }),
    ).toContainText('FLOAT');
    await expect(
      features.filter({ hasText: 'distinct_categories_30d' }),
    ).toContainText('INT64');
    await expect(
      page.getByText('The catalog matches the store.'),
    ).toBeVisible();
    // The churn model's champion run read this view, per its Feast tags.
    const reader = page.getByRole('link', { name: 'Churn prediction' });
    await expect(reader).toBeVisible({ timeout: 60_000 });
    await page.screenshot({
      path: `${SHOTS}/feature-store-discovered.png`,
      fullPage: true,
    });

    await reader.click();
    await expect(page).toHaveURL(/\/catalog\/default\/model\/churn-model/);
  });

  test('a declared Feature says how fresh its online values are', async ({
    page,
  }) => {
    await page.goto('/catalog/default/feature/customer-activity/feature-store');
    const freshness = page.getByTestId('feature-store-freshness');
    await expect(freshness).toHaveAttribute('data-status', 'fresh');
    await expect(freshness).toContainText(
      /^Fresh: materialized up to .+; allowed 1 day \(view TTL\)\.$/,
    );
    await expect(page.getByText('Online and offline').first()).toBeVisible();
    await expect(page.getByText('churn_features').first()).toBeVisible();
    await page.screenshot({
      path: `${SHOTS}/feature-store-declared.png`,
      fullPage: true,
    });
  });
});
