import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '@gateway/testing';
import { chat, mockSetup, type MockSetup } from '../support/gateway-setup';
import { startTestApp, TestApp } from '../support/test-app';
import { ConsoleTab, ensureConsoleBuilt, launchChromium, openTab, signInTab } from './console-browser';
import { backgroundLuminance, columnTexts, columnVisible, decimals, DESKTOP_1440, measurePage, measureRows, PHONE_390, screenshotAll, screenshotsDir } from './layout-checks';

const MINUS = '\u2212';
const DATE_TIME = /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/;

interface ListPage {
  name: string;
  path: string;
  as: 'user' | 'admin';
  /** What shows once the page has its rows. */
  ready: string;
}

const PAGES: ListPage[] = [
  { name: 'dashboard', path: '/dashboard', as: 'user', ready: '[data-testid="ledger-table"] tr.mat-mdc-row' },
  { name: 'keys', path: '/keys', as: 'user', ready: 'tr[data-key]' },
  { name: 'usage', path: '/usage', as: 'user', ready: '[data-testid="usage-table"] tr.mat-mdc-row' },
  { name: 'teams', path: '/teams', as: 'user', ready: 'tr[data-team]' },
  { name: 'admin-users', path: '/admin/users', as: 'admin', ready: 'tr[data-email]' },
  { name: 'providers', path: '/admin/providers', as: 'admin', ready: 'tr[data-provider]' },
  { name: 'models', path: '/admin/models', as: 'admin', ready: 'tr[data-model]' },
  { name: 'jobs', path: '/admin/jobs', as: 'admin', ready: '[data-testid="jobs-table"] tr.mat-mdc-row' },
  { name: 'requests', path: '/requests', as: 'user', ready: 'tr[data-request]' },
  { name: 'admin-requests', path: '/requests', as: 'admin', ready: 'tr[data-request]' },
];

/**
 * Every list page at 1440×900 and 390×844 in headless Chromium, with data seeded through the API:
 * nothing in a table row or card leaves the viewport, the Models table shows Tiers and Enabled at
 * 1440, money and dates read in the agreed format, and the theme follows the toggle and the system.
 */
describe('console layout on desktop and phone (headless Chromium)', () => {
  jest.setTimeout(240_000);
  let t: TestApp;
  let browser: Browser;
  let s: MockSetup;
  const tabs: ConsoleTab[] = [];
  const shots = screenshotsDir();
  const pages: Partial<Record<ListPage['as'] | 'anon', Page>> = {};
  let teamId = '';

  beforeAll(async () => {
    ensureConsoleBuilt();
    t = await startTestApp({ env: { HEALTH_PROBE_INTERVAL_SECONDS: '3600', AGGREGATE_INTERVAL_SECONDS: '3600' } });
    s = await mockSetup(t, { creditsUsd: 500, inputPrice: 0.15, outputPrice: 0.6, model: 'layout-model' });
    await seed();
    browser = await launchChromium();
    pages.user = await signInTab(browser, t.url, tabs, s.user.email, s.user.password);
    pages.admin = await signInTab(browser, t.url, tabs, t.adminEmail, t.adminPassword);
    const signedOut = await openTab(browser, t.url);
    tabs.push(signedOut);
    pages.anon = signedOut.page;
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    expect(tabs.flatMap((tab) => tab.errors.splice(0))).toEqual([]);
  });

  /** Requests (tiny charges), a negative adjustment, a revoked key, a team, a provider named with parentheses, finished jobs. */
  async function seed(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      const res = await chat(t.url, s.key, { model: s.model, messages: [{ role: 'user', content: `Layout request ${i}` }], max_tokens: 20 });
      expect(res.status).toBe(200);
    }
    expect((await s.admin.post('/api/v1/admin/credits/grant', { userId: s.user.id, amountUsd: -0.015, note: 'layout correction' })).status).toBe(201);
    const spare = (await s.user.client.post('/api/v1/keys', { name: 'retired key' })).body;
    expect((await s.user.client.delete(`/api/v1/keys/${spare.id}`)).status).toBeLessThan(300);
    const team = (await s.admin.post('/api/v1/teams', { name: 'Layout Lab', slug: `layout-lab-${Date.now() % 100000}` })).body;
    teamId = team.id;
    expect((await s.admin.post(`/api/v1/teams/${team.id}/members`, { email: s.user.email, role: 'owner' })).status).toBe(201);
    const azure = await s.admin.post('/api/v1/providers', { name: 'Azure (EU)', type: 'mock' });
    expect(azure.status).toBe(201);
    expect((await s.admin.post('/api/v1/admin/providers/probe', { providerId: azure.body.id })).status).toBeLessThan(300);
    await waitFor(async () => ((await s.user.client.get('/api/v1/users/me/usage?page=1&pageSize=10')).body.total >= 3 ? true : null), 20_000, 200);
  }

  /** Pages without a table, or with more than one: the whole content must fit. */
  const OTHER_PAGES: { name: string; path: () => string; as: 'user' | 'admin' | 'anon'; ready: string }[] = [
    { name: 'billing', path: () => '/billing', as: 'user', ready: '[data-testid="ledger-entry"]' },
    { name: 'pricing', path: () => '/models', as: 'user', ready: '[data-testid="catalogue-model"]' },
    { name: 'quick-start', path: () => '/quick-start', as: 'user', ready: '[data-testid="snippet-code"]' },
    { name: 'playground', path: () => '/playground', as: 'user', ready: '[data-testid="conversation"]' },
    { name: 'admin-user', path: () => `/admin/users/${s.user.id}`, as: 'admin', ready: '[data-testid="ledger-entry"]' },
    { name: 'admin-tools', path: () => '/admin/tools', as: 'admin', ready: '[data-testid="tool-form"]' },
    { name: 'admin-audit', path: () => '/admin/audit', as: 'admin', ready: 'tr.mat-mdc-row' },
    { name: 'admin-sso', path: () => '/admin/sso', as: 'admin', ready: '[data-testid="save-sso"]' },
    { name: 'admin-stats', path: () => '/admin/stats', as: 'admin', ready: '[data-testid="leaderboard-by"]' },
    { name: 'notifications', path: () => '/notifications', as: 'user', ready: '[data-testid="notifications-table"], [data-testid="no-notifications"]' },
    { name: 'team-detail', path: () => `/teams/${teamId}`, as: 'user', ready: '[data-testid="team-name"]' },
    { name: 'landing', path: () => '/', as: 'anon', ready: '[data-testid="landing-sample"]' },
    { name: 'login', path: () => '/login', as: 'anon', ready: 'input[type="password"]' },
    { name: 'register', path: () => '/register', as: 'anon', ready: 'input[type="password"]' },
    { name: 'not-found', path: () => '/no-such-page', as: 'anon', ready: 'h1' },
  ];

  async function open(page: Page, target: ListPage): Promise<void> {
    await page.goto(target.path);
    await page.locator(target.ready).first().waitFor();
    await settle(page);
  }

  for (const size of ['desktop', 'phone'] as const) {
    describe(`at ${size} size`, () => {
      beforeAll(async () => {
        for (const page of Object.values(pages)) await page!.setViewportSize(size === 'desktop' ? DESKTOP_1440 : PHONE_390);
      });

      for (const target of PAGES) {
        it(`fits ${target.name} into the viewport`, async () => {
          const page = pages[target.as]!;
          await open(page, target);
          const measured = await measureRows(page);
          await screenshotAll(page, join(shots, `${target.name}-${size}.png`));
          expect({ page: target.name, outside: measured.outside, pageOverflow: Math.max(0, measured.pageOverflow) }).toEqual({
            page: target.name,
            outside: [],
            pageOverflow: 0,
          });
          const row = page.locator('tr.mat-mdc-row').first();
          const display = await row.evaluate((el) => getComputedStyle(el).display);
          expect(display).toBe(size === 'phone' ? 'grid' : 'table-row');
          expect(await page.locator('body').textContent()).not.toMatch(/\$-/);
        });
      }

      for (const target of OTHER_PAGES) {
        it(`fits ${target.name} into the viewport`, async () => {
          const page = pages[target.as]!;
          await page.goto(target.path());
          await page.locator(target.ready).first().waitFor();
          await settle(page);
          const measured = await measurePage(page);
          await screenshotAll(page, join(shots, `${target.name}-${size}.png`));
          expect({ page: target.name, outside: measured.outside, pageOverflow: Math.max(0, measured.pageOverflow) }).toEqual({ page: target.name, outside: [], pageOverflow: 0 });
          expect(await page.locator('body').textContent()).not.toMatch(/\$-/);
        });
      }
    });
  }

  describe('at 1440 px', () => {
    beforeAll(async () => {
      for (const page of Object.values(pages)) await page!.setViewportSize(DESKTOP_1440);
    });

    it("shows the Models table's Tiers and Enabled columns without scrolling, under a $/MTok price header", async () => {
      const page = pages.admin!;
      await open(page, PAGES.find((p) => p.name === 'models')!);
      expect(await columnVisible(page, 'tiers')).toBe(true);
      expect(await columnVisible(page, 'enabled')).toBe(true);
      expect((await page.locator('th.mat-column-prices').textContent())?.trim()).toBe('In / out ($/MTok)');
      expect((await page.getByTestId('model-prices').first().textContent())?.trim()).toBe('$0.15 / $0.60');
      expect(await page.getByTestId('scroll-hint').isVisible()).toBe(false);
    });

    it('refuses a From day after the To day on the stats page without asking the API', async () => {
      const page = pages.admin!;
      await page.goto('/admin/stats');
      await page.getByLabel('To', { exact: true }).fill('2026-12-01');
      await page.getByLabel('From', { exact: true }).fill('2026-12-10');
      await page.getByTestId('stats-range-error').filter({ hasText: 'From must not be after To' }).waitFor();
      expect(await page.locator('.gw-toast-error').count()).toBe(0);
    });

    it('writes money with the sign before the dollar, one precision per column, and one date style', async () => {
      const page = pages.user!;
      await open(page, PAGES.find((p) => p.name === 'dashboard')!);
      const amounts = await columnTexts(page, 'amountUsd');
      expect(amounts.length).toBeGreaterThanOrEqual(5);
      expect(new Set(amounts.map(decimals)).size).toBe(1);
      const correction = page.locator('tr.mat-mdc-row').filter({ hasText: 'layout correction' }).locator('td.mat-column-amountUsd');
      expect((await correction.textContent())?.trim()).toMatch(new RegExp(`^${MINUS}\\$0\\.0150*$`));
      expect(amounts.filter((a) => a.startsWith(`${MINUS}$0.0000`)).length).toBe(3);
      expect(amounts).toContain(`$500.${'0'.repeat(decimals(amounts[0]))}`);
      const balance = page.getByTestId('balance');
      expect((await balance.textContent())?.trim()).toMatch(/^\$499\.98$/);
      expect(await balance.getAttribute('title')).toMatch(/^\$499\.98\d{4}$/);
      for (const when of await columnTexts(page, 'createdAt')) expect(when).toMatch(DATE_TIME);

      await open(page, PAGES.find((p) => p.name === 'usage')!);
      const costs = await columnTexts(page, 'costUsd');
      expect(costs).toHaveLength(3);
      for (const cost of costs) expect(cost).toMatch(/^\$0\.0000\d\d$/);
      for (const when of await columnTexts(page, 'createdAt')) expect(when).toMatch(DATE_TIME);

      await open(page, PAGES.find((p) => p.name === 'keys')!);
      expect((await page.locator('tr[data-key="test"] td.mat-column-lastUsedAt').textContent())?.trim()).toMatch(/^(just now|\d+ min ago)$/);
    });

    it('refuses a From day after the To day and lists revoked keys last, marked', async () => {
      const page = pages.user!;
      await open(page, PAGES.find((p) => p.name === 'usage')!);
      await page.getByRole('combobox', { name: 'Key', exact: true }).click();
      const options = (await page.getByRole('option').allTextContents()).map((o) => o.trim());
      expect(options[0]).toBe('All keys');
      expect(options.at(-1)).toMatch(/^retired key \(.*\) \(revoked\)$/);
      expect(options.filter((o) => o.includes('(revoked)'))).toHaveLength(1);
      await page.keyboard.press('Escape');
      await page.getByRole('listbox').waitFor({ state: 'detached' });
      await page.getByLabel('From').fill('2099-01-02');
      await page.getByTestId('range-error').waitFor();
      expect(await page.getByTestId('range-error').textContent()).toContain('From must not be after To');
      // The rows of the last valid range stay.
      expect(await page.locator('[data-testid="usage-table"] tr.mat-mdc-row').count()).toBe(3);
    });

    it('names the provider a job probed, and shows a balance to cents with the full figure on hover', async () => {
      const page = pages.admin!;
      await open(page, PAGES.find((p) => p.name === 'jobs')!);
      await page.getByTestId('job-summary').filter({ hasText: 'provider: Azure (EU)' }).first().waitFor();
      await open(page, PAGES.find((p) => p.name === 'admin-users')!);
      const balance = page.locator(`tr[data-email="${s.user.email}"] [data-testid="user-balance"] span`);
      expect((await balance.textContent())?.trim()).toBe('$499.98');
      expect(await balance.getAttribute('title')).toMatch(/^\$499\.98\d{4}$/);
    });
  });

  describe('at 390 px', () => {
    beforeAll(async () => {
      for (const page of Object.values(pages)) await page!.setViewportSize(PHONE_390);
    });

    it('shows health on provider cards and their actions in a menu', async () => {
      const page = pages.admin!;
      await open(page, PAGES.find((p) => p.name === 'providers')!);
      const card = page.locator('tr[data-provider="Azure (EU)"]');
      expect(await card.getByTestId('provider-health').isVisible()).toBe(true);
      await card.getByRole('button', { name: 'Actions for Azure (EU)' }).click();
      const items = (await page.getByRole('menuitem').allTextContents()).map((i) => i.trim());
      expect(items).toEqual(['Check health now', 'Health, test, models', 'Edit', 'Delete']);
      await page.keyboard.press('Escape');
    });

    it('keeps status and cost on usage cards, and prices and tiers on model cards', async () => {
      const user = pages.user!;
      await open(user, PAGES.find((p) => p.name === 'usage')!);
      const card = user.locator('[data-testid="usage-table"] tr.mat-mdc-row').first();
      for (const column of ['status', 'costUsd', 'model']) expect(await card.locator(`td.mat-column-${column}`).isVisible()).toBe(true);
      const admin = pages.admin!;
      await open(admin, PAGES.find((p) => p.name === 'models')!);
      const model = admin.locator('tr[data-model="layout-model"]');
      for (const column of ['prices', 'tiers', 'enabled']) expect(await model.locator(`td.mat-column-${column}`).isVisible()).toBe(true);
    });
  });

  describe('dark mode', () => {
    it('turns dark from the toggle and stays so after a reload', async () => {
      const page = pages.user!;
      await page.setViewportSize(DESKTOP_1440);
      await open(page, PAGES.find((p) => p.name === 'dashboard')!);
      expect(await backgroundLuminance(page)).toBeGreaterThan(0.9);
      await page.getByTestId('theme-menu').click();
      await page.getByRole('menuitemradio', { name: 'Dark' }).click();
      await page.waitForFunction(() => document.documentElement.dataset['theme'] === 'dark');
      expect(await backgroundLuminance(page)).toBeLessThan(0.15);
      await screenshotAll(page, join(shots, 'dashboard-dark-desktop.png'));
      await page.reload();
      await page.getByTestId('balance').waitFor();
      expect(await backgroundLuminance(page)).toBeLessThan(0.15);
      await page.getByTestId('theme-menu').click();
      await page.getByRole('menuitemradio', { name: 'System theme' }).click();
      await page.waitForFunction(() => document.documentElement.dataset['theme'] === 'system');
      expect(await backgroundLuminance(page)).toBeGreaterThan(0.9);
    });

    it('follows a dark system setting while the choice is "system"', async () => {
      for (const colorScheme of ['dark', 'light'] as const) {
        const context = await browser.newContext({ baseURL: t.url, colorScheme, viewport: PHONE_390 });
        const page = await context.newPage();
        await page.goto('/login');
        await page.getByLabel('Email').waitFor();
        const luminance = await backgroundLuminance(page);
        if (colorScheme === 'dark') expect(luminance).toBeLessThan(0.15);
        else expect(luminance).toBeGreaterThan(0.9);
        await page.screenshot({ path: join(shots, `login-${colorScheme}-phone.png`) });
        await context.close();
      }
    });
  });
});

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 5_000 }).catch(() => undefined);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}
