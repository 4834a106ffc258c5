import { expect, test } from '@playwright/test';
import { SHOTS, signInAs, signInAsGuest } from './session';

/*
 * The community loop in the browser: a guest rates and reviews a model and
 * asks its owners for an improvement; Grace, who owns it, hears of the
 * request in her notifications, accepts it and replies to the review; the
 * guest sees both. Texts carry the run's stamp, so the journey also holds
 * against a demo where it ran before.
 */
test.describe.serial('feedback on an asset', () => {
  const stamp = Date.now().toString(36);
  const review = `Clear card and honest thresholds (${stamp})`;
  const what = `Publish the lift per decile (${stamp})`;
  const reply = `Thanks, the lift chart comes with v4 (${stamp})`;
  const page_ = '/catalog/default/model/ltv-regression/feedback';

  test('a user rates and reviews a model, and asks its owners for an improvement', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await page.goto(page_);
    await expect(
      page.getByText('What people who use Customer lifetime value think of it'),
    ).toBeVisible();

    // The fourth star, as a person clicks it (the radio itself is hidden).
    await page.locator('label[for="ml-feedback-rating-4"]').click();
    await expect(page.getByRole('radio', { name: '4 Stars' })).toBeChecked();
    await page.getByRole('textbox', { name: 'Your review' }).fill(review);
    await page.getByRole('button', { name: 'Save review' }).click();
    await expect(page.getByText('Your review is saved.')).toBeVisible();
    await expect(
      page.getByRole('list', { name: 'Reviews' }).getByText(review),
    ).toBeVisible();

    // Bad input is refused in words before anything is sent.
    await page.getByRole('button', { name: 'Request an improvement' }).click();
    await page.getByRole('button', { name: 'File request' }).click();
    await expect(page.getByText(/what should improve/i).first()).toBeVisible();

    await page
      .getByRole('textbox', { name: 'What should improve?' })
      .fill(what);
    await page
      .getByRole('textbox', { name: 'Why does it matter?' })
      .fill('Marketing sizes the retention budget per decile.');
    await page.getByRole('combobox', { name: 'Urgency' }).selectOption('high');
    await page.getByRole('button', { name: 'File request' }).click();
    const filed = page
      .getByRole('list', { name: 'Improvement requests' })
      .getByRole('listitem', { name: what });
    await expect(filed).toContainText('Open');
    await page.screenshot({ path: `${SHOTS}/feedback-guest.png` });

    // The marketplace sorts by rating and shows it on the card.
    await page.goto('/ml?sort=rating&q=lifetime%20value');
    await expect(
      page
        .getByRole('img', { name: /^Rated [\d.]+ out of 5 stars by \d+/ })
        .first(),
    ).toBeVisible();
  });

  test('the owner hears of it, accepts the request and replies to the review', async ({
    page,
  }) => {
    await signInAs(page, 'Owner');
    await page.goto('/notifications');
    const notice = page.getByRole('link', {
      name: `New improvement request for Customer lifetime value: ${what}`,
    });
    await expect(notice).toBeVisible({ timeout: 30_000 });
    await notice.click();
    await expect(page).toHaveURL(
      /\/catalog\/default\/model\/ltv-regression\/feedback/,
    );

    const request = page
      .getByRole('list', { name: 'Improvement requests' })
      .getByRole('listitem', { name: what });
    await request.getByRole('button', { name: 'Change status' }).click();
    await page.getByRole('menuitem', { name: 'Accept' }).click();
    await expect(request).toContainText('Accepted');

    const theirs = page
      .getByRole('list', { name: 'Reviews' })
      .getByRole('listitem')
      .filter({ hasText: review });
    await theirs.getByRole('button', { name: 'Reply' }).click();
    await theirs.getByRole('textbox', { name: 'Your reply' }).fill(reply);
    await theirs.getByRole('button', { name: 'Send reply' }).click();
    await expect(theirs).toContainText(reply);
    await page.screenshot({
      path: `${SHOTS}/feedback-owner.png`,
      fullPage: true,
    });
  });

  test('the user sees the answer', async ({ page }) => {
    await signInAsGuest(page);
    await page.goto(page_);
    await expect(
      page
        .getByRole('list', { name: 'Improvement requests' })
        .getByRole('listitem', { name: what }),
    ).toContainText('Accepted');
    await expect(page.getByText(reply)).toBeVisible();
  });
});
