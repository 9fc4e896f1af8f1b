import { expect, type Page } from '@playwright/test';

/** Demo password of the seeded accounts (README); the e2e server uses the default. */
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'Workbench#2026';

/** Logs in through the real login page and waits for the workbench header. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD, returnTo?: string): Promise<void> {
  await page.goto(returnTo ? `/login?returnTo=${encodeURIComponent(returnTo)}` : '/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('wb-header-user')).toBeVisible();
}

export interface SampleCustomer {
  consNo: string;
  name: string;
}

/** Picks a real customer through the API with the page's session, so specs do not depend on seed details. */
export async function sampleCustomer(page: Page, offset = 0): Promise<SampleCustomer> {
  const res = await page.request.get(`/api/svc/customer/v1/customers?page=${offset + 1}&pageSize=1`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { items: SampleCustomer[] };
  const first = body.items[0];
  if (!first) throw new Error('the seed has no customers');
  return first;
}

/** The shell's side menu. */
export function sideMenu(page: Page) {
  return page.getByTestId('wb-side-menu');
}
