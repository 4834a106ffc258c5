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
