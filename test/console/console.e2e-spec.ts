import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../support/test-app';
import { choose, ConsoleTab, openedDialog, ensureConsoleBuilt, launchChromium, openTab, PHONE_VIEWPORT, DESKTOP_VIEWPORT, screenshot } from './console-browser';

/**
 * The console in real headless Chromium against the real API: an admin sets up a mock
 * provider and a model and grants credits; a user registers, creates a key, streams a
 * chat and finds it in usage and the CSV export. Screenshots land in test-results/console/.
 */
describe('console (headless Chromium)', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let browser: Browser;
  let admin: ConsoleTab;
  let user: ConsoleTab;
  const email = `console-${Date.now()}@example.com`;
  const password = 'console-password-123';

  beforeAll(async () => {
    ensureConsoleBuilt();
    t = await startTestApp();
    browser = await launchChromium();
    admin = await openTab(browser, t.url);
    user = await openTab(browser, t.url);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    // A page error anywhere is a failure of the step that caused it.
    const errors = [...(admin?.errors.splice(0) ?? []), ...(user?.errors.splice(0) ?? [])];
    expect(errors).toEqual([]);
  });

  const toast = (page: Page, text: string | RegExp) => page.locator('mat-snack-bar-container').filter({ hasText: text }).first();

  it('shows the public pages', async () => {
    const { page } = user;
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Sign in', exact: true }).waitFor();
    await screenshot(page, '01-landing');
    await page.goto('/login');
    await screenshot(page, '02-login');
    await page.goto('/register');
    await screenshot(page, '03-register');
    await page.goto('/no-such-page');
    await page.getByText('Page not found').waitFor();
    await screenshot(page, '04-not-found');
  });

  it('shows validation errors and registers a user', async () => {
    const { page } = user;
    await page.goto('/register');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Enter a valid email address').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByLabel('Name (optional)').fill('Console User');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/dashboard');
    await page.getByTestId('balance').waitFor();
    await page.getByTestId('current-user').filter({ hasText: email }).waitFor();
  });

  it('lets the admin sign in and register a mock provider', async () => {
    const { page } = admin;
    await page.goto('/login');
    await page.getByLabel('Email').fill(t.adminEmail);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
    await page.getByLabel('Password').fill(t.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/dashboard');
    await screenshot(page, '05-admin-dashboard');

    await page.getByRole('link', { name: 'Providers', exact: true }).click();
    await page.waitForURL('**/admin/providers');
    await page.getByTestId('add-provider').click();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('Name', { exact: true }).fill('mock-1');
    await choose(page, 'Type', /^Mock/);
    await screenshot(page, '06-provider-form');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await toast(page, 'Provider "mock-1" added').waitFor();
    await page.getByRole('cell', { name: 'mock-1', exact: true }).waitFor();
    await screenshot(page, '07-providers');

    await page.getByRole('button', { name: 'Health, test and models of mock-1' }).click();
    await openedDialog(page);
    await dialog.getByTestId('test-provider').click();
    await dialog.getByRole('status').filter({ hasText: /OK|Failed/ }).waitFor();
    await expectText(dialog.getByRole('status'), /OK/);
    await dialog.getByText('mock-small').first().waitFor();
    await screenshot(page, '08-provider-details');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('publishes demo-model on the mock provider', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Models', exact: true }).click();
    await page.waitForURL('**/admin/models');
    await page.getByTestId('add-model').click();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('Public name').fill('demo-model');
    await dialog.getByLabel('Input price (USD / 1M tokens)').fill('1.0');
    await dialog.getByLabel('Output price (USD / 1M tokens)').fill('2.0');
    await dialog.getByLabel('Upstream model').fill('mock-small');
    await screenshot(page, '09-model-form');
    await dialog.getByRole('button', { name: 'Add model' }).click();
    await toast(page, 'Model "demo-model" saved').waitFor();
    await page.getByRole('cell', { name: 'demo-model', exact: true }).waitFor();
    await page.getByRole('cell', { name: /mock-1 → mock-small/ }).waitFor();
    await screenshot(page, '10-models');
  });

  it('grants credits to the new user', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.waitForURL('**/admin/users');
    await page.getByTestId('user-search').fill(email);
    const row = page.locator(`tr[data-email="${email}"]`);
    await row.waitFor();
    await screenshot(page, '11-users');
    await row.getByRole('button', { name: `Grant credits to ${email}` }).click();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('Amount (USD)').fill('5');
    await dialog.getByLabel('Note').fill('console e2e');
    await screenshot(page, '12-grant-credits');
    await dialog.getByRole('button', { name: 'Grant' }).click();
    await toast(page, `Granted $5.00 to ${email}`).waitFor();
    await row.getByRole('cell', { name: '$5.00' }).waitFor();
  });

  it('shows platform stats and background jobs', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Platform stats', exact: true }).click();
    await page.waitForURL('**/admin/stats');
    await page.getByText('Credits outstanding').waitFor();
    await screenshot(page, '13-stats');
    await page.getByRole('link', { name: 'Background jobs', exact: true }).click();
    await page.waitForURL('**/admin/jobs');
    await page.getByRole('heading', { name: 'Re-run daily usage aggregation' }).waitFor();
    await screenshot(page, '14-jobs');
  });

  it('lets the user create a key and see it exactly once', async () => {
    const { page } = user;
    await page.goto('/dashboard');
    await page.getByTestId('balance').filter({ hasText: '$5.00' }).waitFor();
    await screenshot(page, '15-user-dashboard');
    await page.getByRole('link', { name: 'API keys', exact: true }).click();
    await page.waitForURL('**/keys');
    await page.getByTestId('create-key').click();
    const form = await openedDialog(page);
    await form.getByLabel('Name', { exact: true }).fill('e2e key');
    await choose(page, 'Models', 'demo-model');
    await page.keyboard.press('Escape');
    await form.getByLabel('Requests / minute').fill('60');
    await screenshot(page, '16-key-form');
    await form.getByRole('button', { name: 'Create key' }).click();
    await openedDialog(page);

    const secret = (await page.getByTestId('plaintext-key').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^gw-/);
    await page.getByTestId('copy-key').click();
    await page.getByTestId('copy-key').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await screenshot(page, '17-key-reveal');
    await page.getByTestId('key-saved').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'e2e key', exact: true }).waitFor();
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await page.getByRole('cell', { name: 'e2e key', exact: true }).waitFor();
    expect(await page.content()).not.toContain(secret);
    await screenshot(page, '18-keys');
  });

  it('streams a chat in the playground with token counts and cost', async () => {
    const { page } = user;
    await page.getByRole('link', { name: 'Playground', exact: true }).click();
    await page.waitForURL('**/playground');
    await page.getByTestId('model-select').getByText('demo-model', { exact: true }).waitFor();
    await page.getByTestId('prompt').fill('Say hello to the console test.');
    await page.getByTestId('send').click();
    const reply = page.getByTestId('assistant-message');
    await expectText(reply, /\S/);
    const usage = page.getByTestId('turn-usage');
    await usage.waitFor();
    await expectText(usage, /\d+ prompt \+ \d+ completion = \d+ tokens · \$\d/);
    await expectText(page.getByTestId('session-usage'), /Prompt tokens\s*[1-9]/);
    // Send comes back once the stream has ended ([DONE] read), so leaving the page aborts nothing.
    await page.getByTestId('send').waitFor();
    await screenshot(page, '19-playground');
  });

  it('lists the request in usage and downloads it as CSV', async () => {
    const { page } = user;
    await page.getByRole('link', { name: 'Usage', exact: true }).click();
    await page.waitForURL('**/usage**');
    // Request logs are written off the response path: give them a moment.
    for (let i = 0; i < 15; i++) {
      if (await page.getByTestId('usage-table').waitFor({ timeout: 2_000 }).then(() => true, () => false)) break;
      await page.reload();
    }
    await page.getByTestId('usage-table').getByRole('cell', { name: 'demo-model' }).waitFor();
    await screenshot(page, '20-usage');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
    expect(csv).toHaveLength(2);
    expect(csv[0]).toMatch(/model/i);
    expect(csv[1]).toContain('demo-model');
    await toast(page, 'CSV downloaded').waitFor();
  });

  it('keeps users out of admin pages and collapses the menu on a phone', async () => {
    const { page } = user;
    await page.goto('/admin/users');
    await page.waitForURL('**/forbidden');
    await screenshot(page, '21-forbidden');
    await page.goto('/dashboard');
    await page.setViewportSize(PHONE_VIEWPORT);
    const menu = page.getByRole('button', { name: 'Open navigation menu' });
    await menu.click();
    await page.getByRole('link', { name: 'Usage', exact: true }).click();
    await page.waitForURL('**/usage**');
    await page.setViewportSize(DESKTOP_VIEWPORT);
    await menu.waitFor({ state: 'detached' });
  });
});

async function expectText(locator: import('playwright-core').Locator, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 15_000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.first().textContent()) ?? '';
    if (pattern.test(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${pattern} in "${text}"`);
}
