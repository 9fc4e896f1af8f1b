import { expect as baseExpect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, sideMenu } from './helpers.ts';

// The inbox works across the workflow service and a micro-app mount: allow for a loaded CI machine.
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 240_000 });

/** The 勘查员 of 城关供电所: the seed leaves 业扩 applications waiting at 现场勘查 for this post. */
test.beforeEach(async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('用户名').fill('yk02');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  // Password hashing (scrypt) can take seconds on a busy machine.
  await expect(page.getByTestId('wb-header-user')).toBeVisible({ timeout: 60_000 });
});

const SLA_LABELS: Record<string, string> = { NORMAL: '正常', WARNING: '即将超期', OVERDUE: '已超期', PAUSED: '已暂停' };
// Status colours (ADR 0068): antd's success / warning / error tags, which meet WCAG AA contrast.
const SLA_COLOURS: Record<string, string> = { NORMAL: 'ant-tag-success', WARNING: 'ant-tag-warning', OVERDUE: 'ant-tag-error' };

async function unreadNotifications(page: Page): Promise<number> {
  const res = await page.request.get('/api/svc/workflow/v1/notifications');
  expect(res.status()).toBe(200);
  return ((await res.json()) as { unread: number }).unread;
}

test('我的待办 lists the seeded 业扩 tasks with SLA colours; claim one and open it in the 业扩报装 app', async ({ page }) => {
  const entry = sideMenu(page).getByTestId('wb-menu-inbox');
  await expect(entry).toBeVisible();
  // The 待办 count in the menu comes from the service.
  await expect(page.getByTestId('wb-menu-inbox-count')).toHaveText(/^\d+\+?$/);
  await entry.click();
  await expect(page).toHaveURL(/\/inbox/);

  const todoTab = page.getByRole('tab', { name: /待办（\d+）/ });
  await expect(todoTab).toBeVisible();
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await expect(rows.first()).toBeVisible();
  const todo = Number(/（(\d+)）/.exec((await todoTab.textContent()) ?? '')?.[1]);
  expect(todo).toBeGreaterThan(0);

  // Every SLA tag says what its state means, in its colour.
  const tags = page.getByTestId('wb-sla-tag');
  const count = await tags.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i += 1) {
    const tag = tags.nth(i);
    const sla = (await tag.getAttribute('data-sla')) ?? '';
    await expect(tag).toHaveText(SLA_LABELS[sla] ?? '?');
    const colour = SLA_COLOURS[sla];
    if (colour) await expect(tag).toHaveClass(new RegExp(`\\b${colour}\\b`));
  }

  // The SLA filter goes into the URL and narrows the list.
  await page.goto('/inbox?box=todo&slaState=NORMAL');
  await expect(rows.first()).toBeVisible();
  const states = await page.getByTestId('wb-sla-tag').evaluateAll((els) => els.map((el) => el.getAttribute('data-sla')));
  expect(new Set(states)).toEqual(new Set(['NORMAL']));
  await page.goto('/inbox');

  // Claim an open task.
  const claimable = rows.filter({ has: page.getByRole('button', { name: '签收' }) }).first();
  await expect(claimable).toBeVisible();
  const businessKey = (await claimable.locator('td').first().textContent())?.trim() ?? '';
  expect(businessKey).not.toBe('');
  await claimable.getByRole('button', { name: '签收' }).click();
  await expect(page.getByText('签收成功')).toBeVisible();
  const row = rows.filter({ hasText: businessKey });
  await expect(row.getByText('已签收')).toBeVisible();
  await expect(row.getByRole('button', { name: '签收' })).toHaveCount(0);

  // Open it: the node's route in the 业扩报装 app, with the task in the URL.
  await row.getByRole('button', { name: '办理' }).click();
  await expect(page).toHaveURL(new RegExp(`/app/new-connection/applications/${businessKey}/[a-z-]+\\?task=[0-9a-f-]+`));
  const area = page.getByRole('region', { name: '业扩报装' });
  await expect(area).toBeVisible();
  await expect(area).toHaveAttribute('aria-busy', 'false');
});

test('the bell shows the unread count and lists notifications', async ({ page }) => {
  const bell = page.getByTestId('wb-bell');
  await expect(bell).toBeVisible();
  const unread = await unreadNotifications(page);
  if (unread > 0) await expect(page.getByTestId('wb-bell-count')).toHaveText(unread > 99 ? '99+' : String(unread));
  else await expect(page.getByTestId('wb-bell-count')).toHaveCount(0);
  await bell.click();
  const panel = page.getByTestId('wb-notifications');
  await expect(panel).toBeVisible();
  if (unread > 0) {
    await panel.getByRole('button', { name: '全部已读' }).click();
    await expect(page.getByTestId('wb-bell-count')).toHaveCount(0);
    expect(await unreadNotifications(page)).toBe(0);
  } else {
    await expect(panel.getByText('暂无通知').or(panel.getByTestId('wb-notification').first())).toBeVisible();
  }
});

test('the instance drawer shows the timeline and the process diagram with the current node marked', async ({ page }) => {
  await page.goto('/inbox');
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await expect(rows.first()).toBeVisible();
  await rows.first().getByRole('button', { name: '详情' }).click();
  const drawer = page.getByTestId('wb-instance-drawer');
  await expect(drawer).toBeVisible();
  await expect(page.getByTestId('wb-instance-timeline')).toContainText('发起');
  // Business data under 业扩's labels, never raw keys (issue 10).
  await expect(drawer).toContainText('申请容量');
  await expect(drawer).not.toContainText('applyCap');
  await expect(page.getByTestId('wb-bpmn')).toHaveAttribute('data-state', 'ready');
  await expect(page.locator('[data-testid="wb-bpmn"] .djs-element.wb-node-current').first()).toBeVisible();
});
