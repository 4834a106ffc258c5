import { expect, test } from '@playwright/test';
import { SHOTS, signInAs } from './session';

/*
 * "I use this": Grace of growth-ml declares that her team's finance
 * forecasting jobs read the cleaned sessions dataset, which the catalog does not
 * record; the use is listed as declared by her, drawn in the lineage, and
 * withdrawn again so the demo stays as it was.
 */
test('an owner declares that one of her team’s entities uses a dataset, and withdraws it', async ({
  page,
}) => {
  await signInAs(page, 'Owner');
  await page.goto('/catalog/default/dataset/sessions-cleaned');
  await page.getByRole('button', { name: 'I use this' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel("Which of your team's entities uses it?").click();
  await page.getByRole('option', { name: /Finance forecasting jobs/ }).click();
  await dialog
    .getByRole('textbox', { name: 'How do you use it?' })
    .fill('Monthly revenue forecasts weigh active sessions.');
  await dialog.getByRole('button', { name: 'Declare use' }).click();
  await expect(dialog).toBeHidden();

  const use = page
    .getByRole('listitem')
    .filter({ hasText: 'Finance forecasting jobs' })
    .filter({ hasText: 'Declared by' });
  await expect(use).toContainText('Grace Hopper');
  await page.screenshot({ path: `${SHOTS}/declared-use.png`, fullPage: true });

  // The lineage draws it as declared by a person.
  await page.goto('/catalog/default/dataset/sessions-cleaned/lineage');
  await expect(page.getByText('Declared by a person')).toBeVisible();
  await expect(page.getByText('uses (declared)').first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/declared-use-lineage.png` });

  await page.goto('/catalog/default/dataset/sessions-cleaned');
  await use.getByRole('button', { name: 'Withdraw' }).click();
  await expect(use).toHaveCount(0);
});
