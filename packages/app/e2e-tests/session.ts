import { expect, Page, test } from '@playwright/test';

/** Where the browser tests save the screenshots people look at. */
export const SHOTS = 'test-results/screenshots';

export async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  // Signed in once the sidebar shows; later page loads sign in again silently.
  await expect(page.getByRole('link', { name: 'Marketplace' })).toBeVisible();
}

/**
 * Signs in as the guest before each test of the calling `describe`, and fails
 * a test on an uncaught error in the app, even when the page still shows the
 * expected text behind the error overlay.
 */
export function asGuestWithoutPageErrors() {
  let pageErrors: string[] = [];
  test.beforeEach(async ({ page }) => {
    pageErrors = [];
    page.on('pageerror', error => pageErrors.push(error.message));
    await signInAsGuest(page);
  });
  test.afterEach(() => {
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  });
}

/**
 * Leaves the current session and enters as one of the demo's people:
 * "Reviewer" (Ada, who approves certifications) or "Owner" (Grace of
 * growth-ml, who owns the churn model). Their cards follow the guest's on
 * the sign-in page, in that order.
 */
export async function signInAs(page: Page, who: 'Reviewer' | 'Owner') {
  await page.goto('/');
  await page.context().clearCookies();
  await page.evaluate(() => window.localStorage.clear());
  await page.goto('/');
  await page
    .getByRole('button', { name: 'Sign In' })
    .nth(who === 'Reviewer' ? 0 : 1)
    .click();
  await expect(page.getByRole('link', { name: 'Marketplace' })).toBeVisible();
}
