import fs from 'node:fs';
import path from 'node:path';
import { APIRequestContext, expect, test } from '@playwright/test';

const SHOTS = 'test-results/screenshots';
const BACKEND = 'http://localhost:7007';
const MLFLOW = 'http://127.0.0.1:5055';
const REPOSITORIES = path.resolve(
  __dirname,
  '../../../.ml-marketplace/repositories',
);

/**
 * Takes out of the demo what a run created, so its searches, pickers and
 * recommendations do not fill up with test models: the catalog location
 * (and with it the Model; unregistering takes the demo's reviewer, an
 * admin), the MLflow registered model and the published repository.
 */
async function removeFromDemo(
  request: APIRequestContext,
  name: string,
): Promise<Record<string, string>> {
  const session = await request.get(
    `${BACKEND}/api/auth/demo-reviewer/refresh`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  expect(session.ok()).toBe(true);
  const token = (await session.json()).backstageIdentity.token;
  const auth = { Authorization: `Bearer ${token}` };
  const location = await request.get(
    `${BACKEND}/api/catalog/locations/by-entity/model/default/${name}`,
    { headers: auth },
  );
  if (location.ok()) {
    const { id } = await location.json();
    const removed = await request.delete(
      `${BACKEND}/api/catalog/locations/${id}`,
      { headers: auth },
    );
    expect(removed.status()).toBe(204);
  }
  // The form created it ("Create the registered model in MLflow").
  const deleted = await request.delete(
    `${MLFLOW}/api/2.0/mlflow/registered-models/delete`,
    { data: { name } },
  );
  expect(deleted.ok()).toBe(true);
  fs.rmSync(path.join(REPOSITORIES, `${name}.git`), {
    recursive: true,
    force: true,
  });
  return auth;
}

/*
 * The golden path in the browser: a guest creates a project from the ML
 * training template with the embedded defaults (published on the portal
 * machine, registered model created in the demo's MLflow), then finds the new
 * Model in the marketplace with its lineage to the dataset they picked.
 * Runs after portal.test.ts (files run in name order), whose asset count this
 * new Model would otherwise change.
 */
// A fresh name each run, removed from the demo afterwards.
const name = `e2e-churn-${Date.now().toString(36)}`;

test.afterAll(async ({ request }) => {
  const auth = await removeFromDemo(request, name);
  await expect
    .poll(
      async () =>
        (
          await request.get(
            `${BACKEND}/api/catalog/entities/by-name/model/default/${name}`,
            { headers: auth },
          )
        ).status(),
      { timeout: 30_000 },
    )
    .toBe(404);
  expect(fs.existsSync(path.join(REPOSITORIES, `${name}.git`))).toBe(false);
});

test('creates a project from the training template and finds its Model in the marketplace', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const pageErrors: string[] = [];
  page.on('pageerror', error => pageErrors.push(error.message));

  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(page.getByRole('link', { name: 'Marketplace' })).toBeVisible();

  await page.goto('/create');
  // The innermost element holding both the title and a Choose button is the
  // template's card: wrappers come before it in document order.
  const choose = page.getByTestId('template-card-actions--create');
  await expect(choose).toHaveCount(4);
  await page
    .locator('div')
    .filter({ hasText: 'ML training project' })
    .filter({ has: choose })
    .last()
    .getByRole('button', { name: 'Choose' })
    .click();

  // First a name that cannot be a Python package name.
  await page.getByLabel('Name').first().fill('class');
  await page
    .getByLabel('Description')
    .first()
    .fill('Predicts churn; created by the browser test.');
  await page.getByRole('textbox', { name: 'Owner' }).fill('Growth');
  await page
    .getByRole('option', { name: /Growth ML/ })
    .first()
    .click();
  // Datasets are offered by title with lifecycle and certification; the
  // deprecated one (Support tickets 2022) is not offered at all.
  await page.getByRole('textbox', { name: 'Training dataset' }).click();
  await expect(
    page.getByRole('option', { name: /^Support tickets dataset:/ }),
  ).toBeVisible();
  await expect(
    page.getByRole('option', { name: /Support tickets 2022/ }),
  ).toHaveCount(0);
  await page
    .getByRole('textbox', { name: 'Training dataset' })
    .fill('Churn labels');
  await page
    .getByRole('option', { name: /Churn labels/ })
    .first()
    .click();
  // It is refused in words as it is typed, and again on Next, never with the
  // raw regular expression; the step does not move on.
  const status = page.locator('#root_name-status');
  await expect(status).toContainText('"class" is a Python keyword');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page.getByText(/cannot be a Python keyword \(class, import, …\)/).first(),
  ).toBeVisible();
  await expect(page.getByText('must match pattern')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/create-form-error.png` });
  // A name the catalog and MLflow already have: said as it is typed, with
  // who has it, and Next stays on this step.
  await page.getByLabel('Name').first().fill('churn-model');
  await expect(status).toContainText(
    'churn-model is already used by Model Churn prediction (model:default/churn-model) and a registered model in MLflow (registry "demo")',
  );
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page.getByText(/churn-model is already used by/).nth(1),
  ).toBeVisible();
  await expect(
    page.getByRole('textbox', { name: 'Training dataset' }),
  ).toBeVisible();
  await page.screenshot({
    path: `${SHOTS}/create-form-taken.png`,
    fullPage: true,
  });
  await page.getByLabel('Name').first().fill(name);
  await expect(status).toContainText(`${name} is free`);
  await page.getByRole('button', { name: 'Next' }).click();
  // The model card page: everything optional.
  await page.getByRole('button', { name: 'Next' }).click();
  // Repository: "This portal" is the default.
  await expect(
    page.getByRole('button', { name: 'Publish to This portal' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.screenshot({ path: `${SHOTS}/create-review.png`, fullPage: true });

  const started = Date.now();
  await page.getByRole('button', { name: 'Create' }).click();
  const link = page.getByRole('link', {
    name: 'Open the model in the catalog',
  });
  await expect(link).toBeVisible({ timeout: 120_000 });
  const taskDone = Date.now();
  await page.screenshot({ path: `${SHOTS}/create-done.png`, fullPage: true });
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/catalog/default/model/${name}`));
  // The entity page renders once the catalog has processed the new location.
  await expect(
    page.getByRole('heading', { name: new RegExp(name) }).first(),
  ).toBeVisible({ timeout: 60_000 });
  const visible = Date.now();
  // The figures the issue asks for, printed in the test run's output.
  // eslint-disable-next-line no-console
  console.log(
    `Golden path: Create → task completed ${(
      (taskDone - started) /
      1000
    ).toFixed(1)} s → Model visible in the catalog ${(
      (visible - started) /
      1000
    ).toFixed(1)} s (target < 60 s)`,
  );

  // The marketplace lists it once its index refreshes (every 30 s in the demo).
  await expect(async () => {
    await page.goto(`/ml?q=${name}`);
    await expect(page.getByRole('link', { name })).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 90_000 });
  // eslint-disable-next-line no-console
  console.log(
    `Golden path: Create → found in the marketplace ${(
      (Date.now() - started) /
      1000
    ).toFixed(1)} s`,
  );
  await page.getByRole('link', { name }).click();
  await page.getByRole('tab', { name: 'Lineage' }).click();
  const lineageUrl = page.url();
  // The dataset the form picked, upstream of the new model, once the lineage
  // index (every 30 s in the demo) has read the new entity.
  await expect(async () => {
    await page.goto(lineageUrl);
    await expect(
      page.getByRole('link', { name: /^Dataset, Churn labels/ }),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
  await expect(
    page.locator('svg text').filter({ hasText: 'trainedOn' }).first(),
  ).toBeAttached();
  await page.screenshot({
    path: `${SHOTS}/created-lineage.png`,
    fullPage: true,
  });
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
});
