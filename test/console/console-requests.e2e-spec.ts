import type { Browser, Page } from 'playwright-core';
import { waitFor } from '@gateway/testing';
import { Gateway, privateDataDir, type Route, type UserKey } from '../gateway/gateway-fixture';
import { startTestApp, TestApp } from '../support/test-app';
import { ConsoleTab, ensureConsoleBuilt, launchChromium, pickExact, screenshot, signInTab } from './console-browser';

const hello = [{ role: 'user' as const, content: 'Hello from the request log test' }];

/**
 * The request log in real headless Chromium: an admin finds a failed request by status and sees
 * why, a successful one with its ledger charge, pages through older requests, follows a user's
 * link; a user sees only their own, never a provider.
 */
describe('console request log (headless Chromium)', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let gw: Gateway;
  let ok: Route;
  let down: Route;
  let user: UserKey;
  let email: string;
  let browser: Browser;
  let admin: Page;
  const tabs: ConsoleTab[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    t = await startTestApp({ env: { DATA_DIR: privateDataDir(), HEALTH_PROBE_INTERVAL_SECONDS: '3600', AGGREGATE_INTERVAL_SECONDS: '3600' } });
    gw = await new Gateway(t).init();
    ok = await gw.route([{ kind: 'mock' }], { name: 'log-ok', inputPriceUsdPerMTok: 3, outputPriceUsdPerMTok: 15 });
    down = await gw.route([{ kind: 'openai', unreachable: true }], { name: 'log-down' });
    user = await gw.user({ creditsUsd: 5 });
    email = (await user.client.get('/api/v1/auth/me')).body.email;
    for (let i = 0; i < 54; i++) await user.openai.chat.completions.create({ model: ok.model, messages: hello });
    await user.openai.chat.completions.create({ model: down.model, messages: hello }).catch(() => undefined);
    // Every request logged (the writer batches them) before the pages look.
    await waitFor(async () => ((await user.client.get('/api/v1/requests?limit=100')).body.items?.length === 55 ? true : null), 15_000);
    browser = await launchChromium();
    admin = await signInTab(browser, t.url, tabs, t.adminEmail, t.adminPassword);
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await t?.close();
  });
  afterEach(() => {
    expect(tabs.flatMap((tab) => tab.errors.splice(0))).toEqual([]);
  });

  it('finds the failed request by status and shows why, with the provider, for an admin', async () => {
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Request log', exact: true }).click();
    await admin.waitForURL('**/requests');
    await admin.getByTestId('requests-table').waitFor();
    await pickExact(admin, 'Status', 'Failed');
    await admin.getByTestId('apply-filters').click();
    await admin.waitForURL('**/requests?status=error');
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid="request-status"]').length === 1);
    await admin.getByTestId('open-request').click();
    const drawer = admin.getByTestId('request-drawer');
    await drawer.getByTestId('drawer-error').waitFor();
    expect(await drawer.getByTestId('drawer-model').textContent()).toBe('log-down');
    expect(await drawer.getByTestId('drawer-provider').textContent()).toContain('openai');
    expect(await drawer.getByTestId('drawer-charges').textContent()).toContain('Nothing charged');
    await screenshot(admin, 'request-log-failed');
    await admin.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  it('shows a successful request’s cost and the ledger charge that matches it', async () => {
    await admin.goto('/requests?model=log-ok');
    await admin.getByTestId('open-request').first().click();
    const drawer = admin.getByTestId('request-drawer');
    await drawer.getByTestId('drawer-cost').waitFor();
    const cost = (await drawer.getByTestId('drawer-cost').textContent())!.trim();
    expect(cost).toMatch(/^\$0\.0\d+$/);
    expect(await drawer.getByTestId('drawer-charges').textContent()).toContain(`−${cost}`);
    const id = (await drawer.getByTestId('drawer-request-id').textContent())!.trim();
    const detail = await user.client.get(`/api/v1/requests/${id}`);
    expect(detail.body.charges).toHaveLength(1);
  });

  it('pages through older requests and back', async () => {
    await admin.goto(`/requests?userId=${user.id}`);
    await admin.getByTestId('requests-table').waitFor();
    expect(await admin.locator('tr[data-request]').count()).toBe(50);
    await admin.getByTestId('older').click();
    await admin.getByTestId('page-number').filter({ hasText: 'Page 2' }).waitFor();
    await admin.waitForFunction(() => document.querySelectorAll('tr[data-request]').length === 5);
    expect(await admin.getByTestId('older').isDisabled()).toBe(true);
    await admin.getByTestId('newer').click();
    await admin.waitForFunction(() => document.querySelectorAll('tr[data-request]').length === 50);
  });

  it('refuses From after To in the form', async () => {
    await admin.getByTestId('filter-from').fill('2026-12-10');
    await admin.getByTestId('filter-to').fill('2026-12-01');
    await admin.getByTestId('filter-problem').filter({ hasText: 'From must not be after To' }).waitFor();
    expect(await admin.getByTestId('apply-filters').isDisabled()).toBe(true);
  });

  it('opens the log filtered to a user from the admin’s page about them', async () => {
    await admin.goto(`/admin/users/${user.id}`);
    await admin.getByTestId('user-requests').click();
    await admin.waitForURL(`**/requests?user=${email}`);
    await admin.getByTestId('requests-table').waitFor();
    expect(await admin.getByTestId('filter-user').inputValue()).toBe(email);
    await admin.waitForFunction(() => document.querySelectorAll('tr[data-request]').length === 50);
  });

  it('finds requests by the user’s email and the key’s name or pasted secret, which never reaches the URL', async () => {
    const keyName = (await user.client.get(`/api/v1/keys/${user.keyId}`)).body.name as string;
    await admin.goto('/requests');
    await admin.getByTestId('requests-table').waitFor();
    await admin.getByTestId('filter-user').fill(email.toUpperCase());
    await admin.getByTestId('filter-key').fill(keyName.toUpperCase());
    await admin.getByTestId('apply-filters').click();
    await admin.waitForURL(/[?&]key=/);
    await admin.waitForFunction(() => document.querySelectorAll('tr[data-request]').length === 50);
    expect(await admin.locator('tr[data-request]').first().textContent()).toContain(keyName);

    await admin.getByTestId('filter-key').fill(user.key);
    await admin.getByTestId('apply-filters').click();
    await admin.waitForURL(`**key=${user.key.slice(0, 10)}*`);
    expect(admin.url()).not.toContain(user.key.slice(10, 20));
    await admin.waitForFunction(() => document.querySelectorAll('tr[data-request]').length === 50);

    await admin.getByTestId('filter-key').fill('no key is called this');
    await admin.getByTestId('apply-filters').click();
    await admin.waitForFunction(() => document.querySelectorAll('tr[data-request]').length === 0);
  });

  it('shows a user only their own requests, never a provider', async () => {
    const page = await signInTab(browser, t.url, tabs, email, 'user-password-123');
    await page.goto('/requests');
    await page.getByTestId('requests-table').waitFor();
    expect(await page.getByRole('columnheader', { name: 'Provider' }).count()).toBe(0);
    await page.getByTestId('open-request').first().click();
    await page.getByTestId('drawer-cost').waitFor();
    expect(await page.getByTestId('drawer-provider').count()).toBe(0);
    expect(await page.getByTestId('request-drawer').textContent()).not.toContain('mock');
    await screenshot(page, 'request-log-user');
  });
});
