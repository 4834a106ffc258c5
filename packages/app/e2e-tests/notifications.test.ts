import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APIRequestContext, expect, test } from '@playwright/test';
import { SHOTS, signInAs } from './session';

const BACKEND = 'http://localhost:7007';
const REPOSITORIES = path.resolve(
  __dirname,
  '../../../.ml-marketplace/repositories',
);

const catalogInfo = (name: string, lifecycle: string) => `
apiVersion: ml-marketplace.io/v1alpha1
kind: Dataset
metadata:
  name: ${name}-orders
  title: Orders ${name}
  description: Orders a browser test deprecates.
spec:
  owner: group:default/data-engineering
  lifecycle: ${lifecycle}
  type: table
  location: s3://lake/${name}-orders
  classification: internal
---
apiVersion: ml-marketplace.io/v1alpha1
kind: Model
metadata:
  name: ${name}-basket
  title: Basket model ${name}
  description: Reads the orders.
spec:
  owner: group:default/growth-ml
  lifecycle: experimental
  task: regression
  trainedOn: [${name}-orders]
`;

/** A repository on the portal machine, served by the ml backend, as a team would push it. */
function publish(name: string, yaml: string) {
  const bare = path.join(REPOSITORIES, `${name}.git`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-repo-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: work, stdio: 'pipe' });
  if (!fs.existsSync(bare)) {
    fs.mkdirSync(REPOSITORIES, { recursive: true });
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
    git('init', '-q', '-b', 'main');
  } else {
    git('clone', '-q', bare, '.');
  }
  fs.writeFileSync(path.join(work, 'catalog-info.yaml'), yaml);
  git('add', 'catalog-info.yaml');
  git(
    '-c',
    'user.name=E2E',
    '-c',
    'user.email=e2e@example.invalid',
    'commit',
    '-q',
    '-m',
    'catalog-info',
  );
  git('push', '-q', bare, 'main');
  fs.rmSync(work, { recursive: true, force: true });
}

async function reviewerHeaders(request: APIRequestContext) {
  const session = await request.get(
    `${BACKEND}/api/auth/demo-reviewer/refresh`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  expect(session.ok()).toBe(true);
  return {
    Authorization: `Bearer ${(await session.json()).backstageIdentity.token}`,
  };
}

/*
 * A data engineer deprecates a dataset; the owner of a model trained on it
 * (Grace of growth-ml, "Enter as an owner") sees the notification arrive in
 * the sidebar and opens it. The catalog entries live in a repository on the
 * portal machine and are taken out again, so later tests' counts hold.
 */
test('an owner sees a notification arrive when a dataset their model uses is deprecated', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const name = `e2e-notify-${Date.now().toString(36)}`;
  const dataset = `dataset:default/${name}-orders`;
  const model = `model:default/${name}-basket`;
  publish(name, catalogInfo(name, 'production'));
  const auth = await reviewerHeaders(request);
  const location = await request.post(`${BACKEND}/api/catalog/locations`, {
    headers: auth,
    data: {
      type: 'url',
      target: `${BACKEND}/api/ml/repositories/${name}/blob/main/catalog-info.yaml`,
    },
  });
  expect(location.status()).toBe(201);
  const { location: created } = await location.json();
  try {
    // The model reads the dataset once lineage has indexed both.
    await expect
      .poll(
        async () =>
          JSON.stringify(
            await (
              await request.get(
                `${BACKEND}/api/ml/lineage?entityRef=${dataset}&direction=downstream`,
                { headers: auth },
              )
            ).json(),
          ),
        { timeout: 90_000 },
      )
      .toContain(model);

    await signInAs(page, 'Owner');
    await page.goto('/notifications');
    await expect(page.getByText(`Orders ${name}`)).toHaveCount(0);

    // The data engineers push the deprecation; the catalog reads it.
    publish(name, catalogInfo(name, 'deprecated'));
    const refreshed = await request.post(`${BACKEND}/api/catalog/refresh`, {
      headers: auth,
      data: { entityRef: dataset },
    });
    expect(refreshed.ok()).toBe(true);
    await expect
      .poll(
        async () =>
          (
            await (
              await request.get(
                `${BACKEND}/api/catalog/entities/by-name/dataset/default/${name}-orders`,
                { headers: auth },
              )
            ).json()
          ).spec?.lifecycle,
        { timeout: 60_000 },
      )
      .toBe('deprecated');
    // What the next scheduled sweep (every 2 minutes in the demo) does, now.
    const checked = await request.post(
      `${BACKEND}/api/ml/health-checks/run?entityRef=${dataset}`,
      { headers: auth },
    );
    expect(checked.ok()).toBe(true);

    // It arrives without a reload: the list and the bell follow signals.
    const title = `Orders ${name}, which your Basket model ${name} uses, is deprecated`;
    await expect(page.getByRole('link', { name: title })).toBeVisible({
      timeout: 30_000,
    });
    // In the list (the toast repeats the title only).
    await expect(
      page
        .getByRole('row')
        .filter({ hasText: title })
        .getByText(
          'No successor is named; ask its owners what to use instead.',
        ),
    ).toBeVisible();
    await page.screenshot({
      path: `${SHOTS}/notification-deprecated.png`,
      fullPage: true,
    });
    await page.getByRole('link', { name: title }).click();
    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/dataset/${name}-orders`),
    );
  } finally {
    const removed = await request.delete(
      `${BACKEND}/api/catalog/locations/${created.id}`,
      { headers: auth },
    );
    expect(removed.status()).toBe(204);
    fs.rmSync(path.join(REPOSITORIES, `${name}.git`), {
      recursive: true,
      force: true,
    });
  }
});
