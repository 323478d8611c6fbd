import type { Browser, Locator, Page } from 'playwright-core';
import { waitFor } from '@gateway/testing';
import { chat, mockSetup, type MockSetup } from '../support/gateway-setup';
import { newUser } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { ConsoleTab, ensureConsoleBuilt, expectText, launchChromium, openedDialog, screenshot, pickExact, signInTab, toastOf } from './console-browser';

type User = Awaited<ReturnType<typeof newUser>>;
const hello = [{ role: 'user', content: 'Tell me something about budgets please' }];

/**
 * Budgets and alerts in real headless Chromium against the real API: an owner sets a monthly team
 * budget and a low-balance mark, a team key spends past them (the mock provider, priced so each
 * request costs about a tenth of the budget), and the owner finds the progress on the dashboard,
 * a count on the bell and the events on the notifications page; a key gets a daily budget in the
 * key dialog; an admin sets a user's budget and ranks teams on the stats page.
 */
describe('console budgets and alerts (headless Chromium)', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let browser: Browser;
  let s: MockSetup;
  let owner: User;
  let team: { id: string; slug: string; name: string };
  const tabs: ConsoleTab[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    t = await startTestApp({ env: { HEALTH_PROBE_INTERVAL_SECONDS: '3600', AGGREGATE_INTERVAL_SECONDS: '3600' } });
    s = await mockSetup(t, { inputPrice: 1000, outputPrice: 2000, model: 'budget-model' });
    owner = await newUser(t.url, `budget-owner-${Date.now()}@example.com`);
    team = (await s.admin.post('/api/v1/teams', { name: 'Budget Lab', slug: `budget-lab-${Date.now() % 100000}` })).body;
    expect((await s.admin.post(`/api/v1/teams/${team.id}/members`, { email: owner.email, role: 'owner' })).status).toBe(201);
    expect((await s.admin.post('/api/v1/admin/credits/grant', { teamId: team.id, amountUsd: 1.5 })).status).toBe(201);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    // A page error anywhere is a failure of the step that caused it.
    expect(tabs.flatMap((tab) => tab.errors.splice(0))).toEqual([]);
  });

  const signIn = (email: string, password: string) => signInTab(browser, t.url, tabs, email, password);

  const toast = toastOf;
  const pick = pickExact;
  async function visit(page: Page, link: string, url: string): Promise<void> {
    await page.getByRole('link', { name: link, exact: true }).click();
    await page.waitForURL(url);
  }

  it('lets the owner set a monthly team budget and a low-balance mark on the team page', async () => {
    const page = await signIn(owner.email, owner.password);
    await page.goto(`/teams/${team.id}`);
    await page.getByTestId('edit-budget').click();
    await page.getByLabel('Budget (USD)').fill('1');
    await pick(page, 'Period', 'Per month (UTC)');
    await page.getByLabel('Low-balance alert below (USD)').fill('1');
    await page.getByRole('button', { name: 'Save budget' }).click();
    await toast(page, 'Budget saved').waitFor();
    await expectText(page.getByTestId('budget-summary'), /\$0\.00 of \$1\.00 this month, resets/);
    await expectText(page.getByTestId('low-balance'), /below \$1\.00/);
  });

  it('raises the alerts as a team key spends past the budget', async () => {
    const key = (await owner.client.post('/api/v1/keys', { name: 'spender', teamId: team.id })).body.key;
    let refusal: { status: number; body: any } | null = null;
    for (let i = 0; i < 40 && !refusal; i++) {
      const res = await chat(t.url, key, { model: s.model, messages: hello, max_tokens: 40 });
      const body = await res.json();
      if (res.status !== 200) refusal = { status: res.status, body };
    }
    expect(refusal?.status).toBe(402);
    expect(refusal?.body.error.code).toBe('budget_exceeded');
    expect(refusal?.body.error.message).toMatch(/monthly budget of \$1 is spent; it resets at/);
    // 50, 80 and 100 % of the budget and the balance under its mark: four events, written with the usage rows.
    await waitFor(async () => ((await owner.client.get('/api/v1/notifications')).body.total >= 4 ? true : null), 20_000, 200);
  });

  it("shows the owner the team budget's progress, the latest alerts and a count on the bell", async () => {
    const page = tabs[0].page;
    await visit(page, 'Dashboard', '**/dashboard');
    const teamBudget = page.locator(`[data-team-budget="${team.slug}"]`);
    await expectText(teamBudget.getByTestId('budget-bar-text'), /of \$1\.00 this month/);
    await expectText(page.getByTestId('my-budget'), /No personal spend limit/);
    await expectText(page.getByTestId('latest-alerts'), /Team "Budget Lab" has passed 100% of its monthly budget/);
    await expectText(page.getByTestId('notification-count'), /^4$/);
    await screenshot(page, '40-dashboard-budgets');
  });

  it('lists the budget.threshold events on the notifications page, and the bell is read once opened', async () => {
    const page = tabs[0].page;
    await page.getByTestId('notification-bell').click();
    await page.waitForURL('**/notifications');
    const table = page.getByTestId('notifications-table');
    await expectText(table, /has passed 50% of its monthly budget/);
    const thresholds = table.locator('tr[data-type="budget.threshold"]');
    await waitFor(async () => ((await thresholds.count()) === 3 ? true : null), 10_000, 100);
    for (const pct of [50, 80, 100]) await thresholds.filter({ hasText: `has passed ${pct}%` }).first().waitFor();
    await expectText(thresholds.first(), /Budget threshold.*Budget Lab/s);
    await table.locator('tr[data-type="balance.low"]').filter({ hasText: 'below its alert mark' }).waitFor();
    await page.getByTestId('notification-count').waitFor({ state: 'detached' });
    await pick(page, 'Team', 'Budget Lab');
    await waitFor(async () => ((await table.locator('tr[data-type]').count()) === 4 ? true : null), 10_000, 100);
    await screenshot(page, '41-notifications');
    await visit(page, 'Dashboard', '**/dashboard');
    await page.getByTestId('latest-alerts').waitFor();
    expect(await page.getByTestId('notification-count').count()).toBe(0);
  });

  it('shows a daily budget set in the key dialog in the keys table', async () => {
    const page = tabs[0].page;
    await visit(page, 'API keys', '**/keys');
    await page.getByTestId('create-key').click();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('Name', { exact: true }).fill('daily key');
    await dialog.getByLabel('Budget (USD)').fill('5');
    await pick(page, 'Budget period', 'Per day (UTC)');
    await expectValue(dialog.getByLabel('Alert thresholds (%)'), '50, 80, 100');
    await screenshot(page, '42-key-budget-form');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await openedDialog(page);
    await page.getByTestId('key-saved').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const cell = page.locator('tr[data-key="daily key"]').getByTestId('key-budget');
    await expectText(cell, /\$0\.00 of \$5\.00 today\s*resets/);
    const keys = (await owner.client.get('/api/v1/keys')).body;
    const created = (Array.isArray(keys) ? keys : keys.items).find((k: { name: string }) => k.name === 'daily key');
    expect(created.budget).toMatchObject({ budgetUsd: 5, period: 'day', alertThresholds: [50, 80, 100] });
    await screenshot(page, '43-keys-budgets');
  });

  it("lets an admin set a user's budget and low-balance mark, and rank teams", async () => {
    const page = await signIn(t.adminEmail, t.adminPassword);
    await page.goto('/admin/users');
    await page.getByTestId('user-search').fill(owner.email);
    const row = page.locator(`tr[data-email="${owner.email}"]`);
    await row.getByRole('button', { name: `Budget of ${owner.email}` }).click();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('Budget (USD)').fill('20');
    await pick(page, 'Budget period', 'Per week (UTC)');
    await dialog.getByLabel('Low-balance alert below (USD)').fill('2');
    await screenshot(page, '44-user-budget-form');
    await dialog.getByRole('button', { name: 'Save budget' }).click();
    await toast(page, `Budget of ${owner.email} saved`).waitFor();
    await expectText(row.getByTestId('user-budget'), /\$0\.00 of \$20\.00 this week\s*resets .*alert below \$2\.00/s);
    const me = (await owner.client.get('/api/v1/users/me')).body;
    expect(me.budget).toMatchObject({ budgetUsd: 20, period: 'week', spentUsd: 0 });
    expect(me.lowBalanceUsd).toBe(2);
    await screenshot(page, '45-admin-users-budgets');

    await page.goto('/admin/stats');
    await page.getByTestId('leaderboard-by').getByText('Teams', { exact: true }).click();
    await page.getByTestId('leaderboard').getByRole('cell', { name: 'Budget Lab', exact: true }).waitFor();
    await screenshot(page, '46-stats-top-teams');
  });
});

async function expectValue(locator: Locator, value: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && (await locator.inputValue()) !== value) await new Promise((r) => setTimeout(r, 100));
  expect(await locator.inputValue()).toBe(value);
}
