#!/usr/bin/env node
// The adopter's view of the fresh app, in Debian's Chromium: signs in as guest,
// opens the example Model's entity page and checks that the ML marketplace
// content is there (the summary card, the Model card / Lineage / Versions tabs)
// and that the sidebar leads to the marketplace at /ml. Saves a full-page
// screenshot of the Model's page.
// Usage: node browser.js <baseUrl> <kind/namespace/name> <modelTitle> <screenshot.png>
// Exits 1 listing every check that failed.
const path = require('path');
const fs = require('fs');

const repoRoot = path.resolve(__dirname, '../..');
const { chromium } = require(require.resolve('@playwright/test', {
  paths: [repoRoot],
}));

const [baseUrl, entityPath, modelTitle, screenshot] = process.argv.slice(2);
const TIMEOUT = 30_000;

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const failures = [];
  const pageErrors = [];
  try {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    page.setDefaultTimeout(TIMEOUT);
    page.on('pageerror', e => pageErrors.push(String(e).slice(0, 300)));
    const check = async (what, fn) => {
      try {
        await fn();
        console.log(`  ok    ${what}`);
      } catch (e) {
        failures.push(what);
        console.log(
          `  FAIL  ${what}: ${String(e.message ?? e).split('\n')[0]}`,
        );
      }
    };

    const entityUrl = `${baseUrl}/catalog/${entityPath}`;
    await check("sign in as guest (create-app's sign-in page)", async () => {
      await page.goto(entityUrl);
      await page.getByRole('button', { name: /enter/i }).click();
    });
    await check(`the Model's page opens (${entityUrl})`, async () => {
      await page
        .getByRole('heading', { name: modelTitle, exact: true })
        .first()
        .waitFor();
    });
    await check(
      "the ML summary card shows the Model's spec (Task, Trained on)",
      async () => {
        await page
          .getByRole('heading', { name: 'Trained on', exact: true })
          .first()
          .waitFor();
        await page
          .getByText('binary-classification', { exact: true })
          .first()
          .waitFor();
      },
    );
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`  saved ${path.relative(process.cwd(), screenshot)}`);
    // The entity page's tabs: links in its header (Overview, TechDocs, ...).
    const entityPathname = new URL(entityUrl).pathname;
    for (const tab of ['Model card', 'Lineage', 'Versions']) {
      await check(`a "${tab}" tab on the Model's page`, async () => {
        const link = page
          .locator(`a[href^="${entityPathname}/"]`)
          .filter({ hasText: new RegExp(`^\\s*${tab}\\s*$`) })
          .first();
        await link.waitFor({ timeout: 5_000 });
        const href = await link.getAttribute('href');
        await link.click();
        await page.waitForURL(u => u.pathname === href);
        await page
          .getByRole('heading', { name: modelTitle, exact: true })
          .first()
          .waitFor();
      });
    }
    if (page.url() !== entityUrl) await page.goto(entityUrl);

    let navLink;
    await check(
      'a "ML Marketplace"/"Marketplace" item in the sidebar',
      async () => {
        navLink = page
          .locator('nav a[href$="/ml"], a[href$="/ml"]')
          .filter({ hasText: /marketplace/i })
          .first();
        await navLink.waitFor({ timeout: 5_000 });
      },
    );
    if (
      navLink &&
      !failures.includes('a "ML Marketplace"/"Marketplace" item in the sidebar')
    ) {
      await check(
        'the sidebar item leads to /ml, which lists the Model',
        async () => {
          await navLink.click();
          await page.waitForURL(/\/ml(\?.*)?$/);
          await page.getByText(modelTitle, { exact: true }).first().waitFor();
        },
      );
      await check(
        'the marketplace page has one header, its own (no framework header above it)',
        async () => {
          const headings = page.getByRole('heading', {
            name: 'ML Marketplace',
            exact: true,
          });
          await headings.first().waitFor();
          const count = await headings.count();
          if (count !== 1)
            throw new Error(`${count} "ML Marketplace" headings`);
          await page.screenshot({
            path: screenshot.replace(/model-page\.png$/, 'marketplace.png'),
            fullPage: true,
          });
        },
      );
    } else {
      await check('the marketplace page at /ml lists the Model', async () => {
        await page.goto(`${baseUrl}/ml`);
        await page.getByText(modelTitle, { exact: true }).first().waitFor();
      });
    }
  } finally {
    await browser.close();
  }
  if (pageErrors.length) {
    console.log(
      `  errors the page threw:\n${pageErrors.map(e => `    ${e}`).join('\n')}`,
    );
  }
  if (failures.length) {
    console.error(
      `${failures.length} browser check(s) failed: ${failures.join('; ')}`,
    );
    process.exit(1);
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
