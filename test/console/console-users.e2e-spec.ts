import type { Browser, Page } from 'playwright-core';
import { chat, mockSetup, type MockSetup, usageRows } from '../support/gateway-setup';
import { startTestApp, TestApp } from '../support/test-app';
import { ConsoleTab, ensureConsoleBuilt, launchChromium, openedDialog, pickExact, screenshot, signInTab, toastOf } from './console-browser';

const hello = [{ role: 'user', content: 'Hello from the billing test' }];

/**
 * A user's billing page and the admin's page about a user, in real headless Chromium: the ledger
 * with its filters, the tier's limits and prices, an adjustment that asks first, and privilege
 * changes that ask first.
 */
describe('console billing and user pages (headless Chromium)', () => {
  jest.setTimeout(150_000);
  let t: TestApp;
  let s: MockSetup;
  let browser: Browser;
  let admin: Page;
  const tabs: ConsoleTab[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    t = await startTestApp({ env: { HEALTH_PROBE_INTERVAL_SECONDS: '3600', AGGREGATE_INTERVAL_SECONDS: '3600' } });
    s = await mockSetup(t, { model: 'billing-model', inputPrice: 3, outputPrice: 15, creditsUsd: 5 });
    for (let i = 0; i < 3; i++) expect((await chat(t.url, s.key, { model: s.model, messages: hello })).status).toBe(200);
    await usageRows(t.databaseUrl, s.user.id, 3);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    expect(tabs.flatMap((tab) => tab.errors.splice(0))).toEqual([]);
  });

  it('shows a user their balance, tier limits, prices and whole ledger, filtered', async () => {
    const page = await signInTab(browser, t.url, tabs, s.user.email, s.user.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing', exact: true }).click();
    await page.waitForURL('**/billing');
    await page.getByTestId('ledger-entry').nth(3).waitFor();
    expect(await page.getByTestId('billing-tier').textContent()).toContain('60 requests and 100,000 tokens a minute');
    expect(await page.getByTestId('billing-prices').textContent()).toContain('billing-model');
    await pickExact(page, 'Type', 'Charge');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="ledger-entry"]').length === 3);
    await page.getByTestId('ledger-from').fill('2026-12-10');
    await page.getByTestId('ledger-to').fill('2026-12-01');
    await page.getByTestId('ledger-to').dispatchEvent('change');
    await page.getByTestId('ledger-range-error').filter({ hasText: 'From must not be after To' }).waitFor();
    await screenshot(page, 'billing');
  });

  it('lets an admin deduct credits from a user’s page after confirming, and the ledger shows it', async () => {
    admin = await signInTab(browser, t.url, tabs, t.adminEmail, t.adminPassword);
    await admin.goto(`/admin/users/${s.user.id}`);
    await admin.getByTestId('user-email').filter({ hasText: s.user.email }).waitFor();
    const before = await admin.getByTestId('user-balance').textContent();
    await admin.getByTestId('adjust-amount').fill('-1.5');
    await admin.getByTestId('adjust-note').fill('duplicate grant');
    await admin.getByTestId('adjust-submit').click();
    const dialog = await openedDialog(admin);
    expect(await dialog.textContent()).toContain(`Deduct $1.50 from ${s.user.email}?`);
    await dialog.getByRole('button', { name: 'Deduct' }).click();
    await toastOf(admin, `Deducted $1.50 from ${s.user.email}`).waitFor();
    await admin.getByTestId('ledger-entry').filter({ hasText: 'duplicate grant' }).waitFor();
    expect(await admin.getByTestId('user-balance').textContent()).not.toBe(before);
    expect(await admin.getByTestId('user-keys').textContent()).toContain('test');
    await screenshot(admin, 'admin-user-detail');
  });

  it('asks before making the user an admin, and changes nothing when cancelled', async () => {
    await pickExact(admin, 'Role', 'admin');
    const dialog = await openedDialog(admin);
    expect(await dialog.textContent()).toContain(`Make ${s.user.email} an admin?`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await admin.getByRole('dialog').waitFor({ state: 'detached' });
    expect((await s.admin.get(`/api/v1/admin/users/${s.user.id}`)).body.role).toBe('user');
    await pickExact(admin, 'Role', 'admin');
    await (await openedDialog(admin)).getByRole('button', { name: 'Make admin' }).click();
    await toastOf(admin, `${s.user.email} updated`).waitFor();
    expect((await s.admin.get(`/api/v1/admin/users/${s.user.id}`)).body.role).toBe('admin');
  });
});
