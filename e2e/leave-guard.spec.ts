import { expect, test, type Page } from '@playwright/test';
import { LEAVE, STAY, answerLeaveQuestion, expectAppReady, leaveQuestion, login, sideMenu } from './helpers.ts';

/**
 * docs/quality.md R5 through the shell (ADR 0015): a half-filled 受理登记 asks before the side menu, the browser's
 * back button or a reload leaves it; 留在此页 keeps the input and the URL, 离开 goes on; a clean form never asks.
 */
const ACCEPT = '/app/new-connection/accept';

/** The accept form, opened through the side menu (a load timeout is not retried: `expectAppReady`). */
async function openAccept(page: Page): Promise<void> {
  await sideMenu(page).getByText('受理登记').click();
  await expect(page).toHaveURL(new RegExp(`${ACCEPT}$`));
  await expectAppReady(page.getByText('受理登记（一证受理）'));
  await expect(page.getByLabel('户名')).toBeVisible();
}

const question = leaveQuestion;

test('a half-filled 受理登记 asks before the shell leaves it; 留在此页 keeps it, 离开 goes on', async ({ page }) => {
  test.setTimeout(180_000);
  await login(page, 'yk01');
  await openAccept(page);

  // Clean: the side menu navigates at once.
  await sideMenu(page).getByText('在途申请').click();
  await expect(page).toHaveURL(/\/app\/new-connection\/applications$/);
  await expect(question(page)).toHaveCount(0);

  await openAccept(page);
  await page.getByLabel('户名').fill('张未保存');

  // Side menu → the question; 留在此页 keeps URL and input.
  await sideMenu(page).getByText('在途申请').click();
  await expect(question(page)).toBeVisible();
  await answerLeaveQuestion(page, STAY);
  await expect(question(page)).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`${ACCEPT}$`));
  await expect(page.getByLabel('户名')).toHaveValue('张未保存');

  // Browser back → the question too (single-spa holds the navigation); staying puts the URL back.
  await page.goBack();
  await expect(question(page)).toBeVisible();
  await answerLeaveQuestion(page, STAY);
  await expect(question(page)).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`${ACCEPT}$`));
  await expect(page.getByLabel('户名')).toHaveValue('张未保存');

  // Reload or close: the browser's own prompt (beforeunload) is armed while the form is dirty.
  const unloadDialog = page.waitForEvent('dialog');
  // Dismissed, the reload never happens: do not wait for it.
  const reloading = page.reload({ timeout: 5_000 }).catch(() => undefined);
  const dialog = await unloadDialog;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  await reloading;
  await expect(page.getByLabel('户名')).toHaveValue('张未保存');

  // 离开: the original navigation goes on.
  await sideMenu(page).getByText('在途申请').click();
  await expect(question(page)).toBeVisible();
  await answerLeaveQuestion(page, LEAVE);
  await expect(page).toHaveURL(/\/app\/new-connection\/applications$/);
  await expect(page.getByLabel('户名')).toHaveCount(0);

  // The guard went away with the form: the header's home link leaves the list without asking.
  await page.getByRole('link', { name: '电力营销全业务集约管控平台' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(question(page)).toHaveCount(0);
});
