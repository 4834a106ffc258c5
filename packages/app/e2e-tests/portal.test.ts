import fs from 'node:fs';
import path from 'node:path';
import { expect, Page, test } from '@playwright/test';
import { asGuestWithoutPageErrors, SHOTS, signInAs } from './session';
import { parseAllDocuments } from 'yaml';

const EXAMPLES = path.resolve(__dirname, '../../../examples/ml');

/**
 * How many ML entities the guest sees, read from the examples' YAML: all but
 * restricted data, which the demo policy shows to its owners only.
 */
function exampleMlEntityCountForGuest(): number {
  return fs
    .readdirSync(EXAMPLES)
    .filter(f => f.endsWith('.yaml'))
    .flatMap(f =>
      parseAllDocuments(fs.readFileSync(path.join(EXAMPLES, f), 'utf8')),
    )
    .filter(doc => doc.toJS()?.spec?.classification !== 'restricted').length;
}

/**
 * Models the portal discovers in the demo's MLflow (examples/mlflow): those
 * with an owner tag that no example entity declares.
 */
function discoveredModelCount(): number {
  const plan = JSON.parse(
    fs.readFileSync(path.join(EXAMPLES, '../mlflow/registry.json'), 'utf8'),
  );
  const declared = new Set(
    fs
      .readdirSync(EXAMPLES)
      .filter(f => f.endsWith('.yaml'))
      .flatMap(f =>
        parseAllDocuments(fs.readFileSync(path.join(EXAMPLES, f), 'utf8')),
      )
      .map(doc => doc.toJS()?.spec?.registry?.mlflow?.name)
      .filter(Boolean),
  );
  return plan.models.filter(
    (m: { name: string; tags?: Record<string, string> }) =>
      m.tags?.owner && !declared.has(m.name),
  ).length;
}

/**
 * Views of the demo's Feast repository that no example declares and whose
 * owner is set: discovery makes each a Feature.
 */
function discoveredFeatureCount(): number {
  const repo = fs.readFileSync(
    path.join(EXAMPLES, '../../scripts/feast/repo/features.py'),
    'utf8',
  );
  const views = [
    ...repo.matchAll(/FeatureView\(\s*name="(\w+)"[^]*?owner="[^"]+"/g),
  ].map(m => m[1]);
  const declared = new Set(
    fs
      .readdirSync(EXAMPLES)
      .filter(f => f.endsWith('.yaml'))
      .flatMap(f =>
        parseAllDocuments(fs.readFileSync(path.join(EXAMPLES, f), 'utf8')),
      )
      .map(doc => doc.toJS()?.spec?.registry?.feast?.featureView)
      .filter(Boolean),
  );
  return views.filter(v => !declared.has(v)).length;
}

test.describe('demo portal', () => {
  asGuestWithoutPageErrors();

  test('shows the catalog list with the example services', async ({ page }) => {
    // The portal opens on the ML home; the catalog is one click away.
    await page.getByRole('link', { name: 'Catalog' }).click();
    await expect(
      page.getByRole('heading', { name: 'ACME Catalog' }),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'Churn scoring service' }),
    ).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/catalog.png`, fullPage: true });
  });

  test('opens a Model entity page with its ML summary', async ({ page }) => {
    await page.goto('/catalog/default/model/churn-model');
    await expect(
      page.getByRole('heading', { name: 'Churn prediction' }).first(),
    ).toBeVisible();
    await expect(page.getByText('binary-classification').first()).toBeVisible();
    await expect(page.getByText('scikit-learn')).toBeVisible();
    // Training data links straight to the Dataset.
    await expect(
      page.getByRole('link', { name: 'customers' }).first(),
    ).toHaveAttribute('href', '/catalog/default/dataset/customers');
    await page.screenshot({ path: `${SHOTS}/model-page.png`, fullPage: true });

    // Trust on the first screen: certification and health from the ML backend.
    await expect(
      page.getByText('Certification', { exact: true }),
    ).toBeVisible();
    await expect(page.getByText('Health', { exact: true })).toBeVisible();
    // The guest is no reviewer: the permission framework hides the decisions.
    await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);

    // The lineage tab draws the graph from one request and follows it to the
    // data. A portal that just started may still be indexing lineage.
    await page.getByRole('tab', { name: 'Lineage' }).click();
    const labels = page.locator('svg text');
    await expect(async () => {
      if (await page.getByText('No lineage yet').isVisible()) {
        await page.reload();
      }
      await expect(
        labels.filter({ hasText: 'trainedOn' }).first(),
      ).toBeAttached({ timeout: 5_000 });
    }).toPass({ timeout: 90_000 });
    await expect(
      labels.filter({ hasText: 'consumesFeature' }).first(),
    ).toBeAttached();
    const customers = page.getByRole('link', { name: 'Dataset, Customers' });
    await expect(customers).toBeVisible();
    await page.screenshot({
      path: `${SHOTS}/model-lineage.png`,
      fullPage: true,
    });
    // Reached from the keyboard: the graph brings the focused node into view.
    await customers.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/catalog\/default\/dataset\/customers/);
    await expect(
      page.getByText('Impact: who breaks if this changes'),
    ).toBeVisible();
  });

  test('reaches the Marketplace from the sidebar and lists every ML asset', async ({
    page,
  }) => {
    await page.getByRole('link', { name: 'Marketplace' }).click();
    await expect(page).toHaveURL(/\/ml$/);
    await expect(
      page.getByRole('heading', { name: 'ML Marketplace' }),
    ).toBeVisible();
    // The examples, plus what discovery found in the demo's MLflow and Feast
    // once it ran (discovery every 30 s, then the marketplace index's 30 s refresh).
    test.setTimeout(240_000);
    const expected =
      exampleMlEntityCountForGuest() +
      discoveredModelCount() +
      discoveredFeatureCount();
    await expect(async () => {
      await page.reload();
      await expect(page.getByText(`${expected} assets`)).toBeVisible({
        timeout: 5_000,
      });
    }).toPass({ timeout: 200_000 });
    await page.screenshot({ path: `${SHOTS}/marketplace.png`, fullPage: true });
  });

  test('finds a model with a typo and two facets, and shares the search in the URL', async ({
    page,
  }) => {
    await page.goto('/ml');
    await page.getByLabel('Search the marketplace').fill('fraud gradiant');
    await expect(page).toHaveURL(/q=fraud\+gradiant/);
    await page.getByRole('checkbox', { name: /^model\s*\d+$/ }).check();
    // Owners read by title.
    await page.getByRole('checkbox', { name: /^Risk ML\s*\d+$/ }).check();
    await expect(page).toHaveURL(/kind=model/);
    await expect(page).toHaveURL(/owner=group%3Adefault%2Frisk-ml/);
    const result = page.getByRole('link', {
      name: 'Card fraud (gradient boosting)',
    });
    await expect(result).toBeVisible();
    await page.screenshot({
      path: `${SHOTS}/marketplace-search.png`,
      fullPage: true,
    });
    // The same address shows the same search to a colleague.
    await page.goto(page.url());
    await expect(result).toBeVisible();
    await expect(page.getByLabel('Search the marketplace')).toHaveValue(
      'fraud gradiant',
    );
    await result.click();
    await expect(page).toHaveURL(/\/catalog\/default\/model\/fraud-gbm/);
  });

  test('finds the right model from a sentence, and never leaves an empty page', async ({
    page,
  }) => {
    await page.goto('/ml');
    const box = page.getByLabel('Search the marketplace');
    // Words no asset uses ("leaves" is churn, "customer" is in many): the
    // ranking still puts the churn model first.
    await box.fill('model that predicts if a customer leaves');
    await expect(page).toHaveURL(/q=model\+that\+predicts/);
    const first = page.getByTestId('asset-card').first();
    await expect(first).toContainText('Churn prediction');
    await page.screenshot({
      path: `${SHOTS}/marketplace-sentence.png`,
      fullPage: true,
    });
    await first.getByRole('link', { name: 'Churn prediction' }).click();
    await expect(page).toHaveURL(/\/catalog\/default\/model\/churn-model/);

    // A misspelt word: results, and the spelling the assets use.
    await page.goto('/ml?q=fraud%20gradiant');
    await expect(page.getByText('Did you mean')).toBeVisible();
    await expect(
      page.getByRole('button', { name: 'fraud gradient' }),
    ).toBeVisible();
    // Nothing close: the nearest assets instead of an empty page, with the
    // filters still there.
    await box.fill('qwxzvb');
    await expect(page.getByText('No assets match')).toBeVisible();
    await expect(page.getByText(/Nothing is close to “qwxzvb”/)).toBeVisible();
    await expect(page.getByTestId('asset-card').first()).toBeVisible();
    await expect(
      page.getByRole('checkbox', { name: /^model\s*0$/ }),
    ).toBeVisible();
    await page.screenshot({
      path: `${SHOTS}/marketplace-no-match.png`,
      fullPage: true,
    });
  });

  test('compares two models side by side with the best metric highlighted', async ({
    page,
  }) => {
    await page.goto('/ml?kind=model&q=churn');
    const cards = page.getByTestId('asset-card');
    await expect(cards.first()).toBeVisible();
    for (const title of [
      'Churn prediction',
      'Churn prediction (legacy heuristic)',
    ]) {
      await cards
        .filter({ has: page.getByRole('link', { name: title, exact: true }) })
        .getByRole('checkbox', { name: 'Compare' })
        .check();
    }
    await page.getByText('Compare 2 models').click();
    await expect(page).toHaveURL(/\/ml\/compare\?refs=/);
    const table = page.getByRole('table', { name: 'Model comparison' });
    await expect(table).toBeVisible();
    await expect(table.getByText(/\(best\)|auc/).first()).toBeVisible();
    await expect(table.locator('[aria-label$="(best)"]').first()).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/compare.png`, fullPage: true });
  });

  test('compares the models it can read when one ref in the list is bad', async ({
    page,
  }) => {
    await page.goto(
      '/ml/compare?refs=model:default/churn-model,model:default/no-such-model,model:default/fraud-gbm',
    );
    const table = page.getByRole('table', { name: 'Model comparison' });
    await expect(
      table.getByText(
        'model:default/no-such-model: not in the catalog, or you may not read it',
      ),
    ).toBeVisible();
    await expect(
      table.getByRole('link', { name: 'Churn prediction', exact: true }),
    ).toBeVisible();
    await expect(
      table.getByRole('link', { name: 'Card fraud (gradient boosting)' }),
    ).toBeVisible();
    // Catalog and registry metrics, each said to be which.
    await expect(
      table.getByText('declared in the catalog').first(),
    ).toBeVisible();
    await page.screenshot({
      path: `${SHOTS}/compare-bad-ref.png`,
      fullPage: true,
    });
  });

  test('shows the versions MLflow holds for a model, synced by the backend', async ({
    page,
  }) => {
    await page.goto('/catalog/default/model/churn-model/versions');
    await expect(async () => {
      await page.reload();
      await expect(
        page.getByText('Adds engagement trends; +0.03 AUC.'),
      ).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 120_000 });
    await expect(page.getByText('champion').first()).toBeVisible();
    await expect(page.getByText('challenger').first()).toBeVisible();
    await expect(page.getByText('Archived').first()).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/versions.png`, fullPage: true });
  });

  test("opens a Dataset's schema and copies a snippet that leaves personal data out", async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/catalog/default/dataset/customers');
    await page.getByRole('tab', { name: 'Schema' }).click();
    const columns = page.getByRole('table', { name: 'Columns' });
    await expect(columns.getByText('customer_id')).toBeVisible();
    await expect(page.getByText('updated every day')).toBeVisible();
    const usage = page.getByRole('region', { name: 'How to use' });
    await expect(usage).toContainText(
      'Reads the table analytics.customers in the warehouse database',
    );
    await usage.getByRole('button', { name: 'pandas' }).click();
    await usage.getByTestId('usage-snippet').getByRole('button').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('pd.read_sql("SELECT customer_id');
    expect(copied).toContain('FROM analytics.customers LIMIT 100", engine)');
    await page.screenshot({
      path: `${SHOTS}/dataset-schema.png`,
      fullPage: true,
    });
  });

  test("shows why a deprecated model's certificate stops at the lowest level, naming its successor", async ({
    page,
  }) => {
    await page.goto('/catalog/default/model/churn-model-v0');
    const why = page.getByTestId('certification-deprecated');
    await expect(why).toBeVisible({ timeout: 60_000 });
    await expect(why).toContainText(
      'Deprecated, so it cannot be certified above the lowest level.',
    );
    await expect(why).toContainText('Use model:default/churn-model instead.');
    // Its only finding is advice about the card: it is not shown as failing.
    await expect(page.getByText('Failing')).toHaveCount(0);
    await page.screenshot({
      path: `${SHOTS}/deprecated-certificate.png`,
      fullPage: true,
    });
  });

  test('approves a certification as the reviewer, with the reason in the history', async ({
    page,
  }) => {
    // Leave the guest session and enter as the demo reviewer (Ada).
    await signInAs(page, 'Reviewer');

    await page.goto('/catalog/default/model/fraud-gbm');
    const approve = page.getByRole('button', { name: 'Approve' });
    await expect(approve).toBeVisible();
    await approve.click();
    const dialog = page.getByRole('dialog');
    // The dialog names the asset and says what the approval changes (the
    // level it reaches depends on the checks of the moment: a first registry
    // sync may still be under way) and until when.
    await expect(dialog).toContainText(
      'Approve Card fraud (gradient boosting)',
    );
    await expect(dialog).toContainText(/Approving makes it \w+|It stays \w+/);
    await expect(dialog).toContainText('Your approval counts until');
    await dialog
      .getByLabel('Reason')
      .fill('Reviewed the card and the false-positive slices');
    await page.screenshot({ path: `${SHOTS}/approve-dialog.png` });
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await expect(dialog).toBeHidden();
    await expect(
      page.getByText('Reviewed the card and the false-positive slices').first(),
    ).toBeVisible();
    await expect(page.getByText('Approved').first()).toBeVisible();
    await page.screenshot({
      path: `${SHOTS}/certification-approved.png`,
      fullPage: true,
    });

    // Her own team's feature: the permission framework hides the buttons.
    await page.goto('/catalog/default/feature/customer-activity');
    await expect(
      page.getByText('Certification', { exact: true }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  });
});
