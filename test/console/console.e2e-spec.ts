import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../support/test-app';
import { choose, ConsoleTab, openedDialog, ensureConsoleBuilt, launchChromium, openTab, PHONE_VIEWPORT, DESKTOP_VIEWPORT, screenshot } from './console-browser';

/**
 * The console in real headless Chromium against the real API: an admin sets up a mock
 * provider and a model, grants credits, runs background jobs (usage roll-up, health
 * probes); a user registers, creates a key, streams a chat and finds it in usage and the
 * CSV export. Screenshots land in CONSOLE_SCREENSHOTS_DIR (test-results/console-screenshots/ by default).
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
    // No scheduled probes or roll-ups during the run: the only jobs are the ones the admin starts.
    t = await startTestApp({ env: { HEALTH_PROBE_INTERVAL_SECONDS: '3600', AGGREGATE_INTERVAL_SECONDS: '3600' } });
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
  const providerHealth = (page: Page, name: string) => page.locator(`tr[data-provider="${name}"]`).getByTestId('provider-health');

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
    // Nothing has probed it yet.
    await expectText(providerHealth(page, 'mock-1'), /^\s*unknown\s*$/);
    await screenshot(page, '07-providers');

    await page.getByRole('button', { name: 'Health, test and models of mock-1' }).click();
    await openedDialog(page);
    await dialog.getByText('Not probed yet.').waitFor();
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

  it('shows platform stats', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Platform stats', exact: true }).click();
    await page.waitForURL('**/admin/stats');
    await page.getByText('Credits outstanding').waitFor();
    await screenshot(page, '13-stats');
  });

  it('runs the usage aggregation and a provider probe as background jobs', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Background jobs', exact: true }).click();
    await page.waitForURL('**/admin/jobs');
    await page.getByRole('heading', { name: 'Re-run daily usage aggregation' }).waitFor();
    const card = (queue: string) => page.locator(`[data-testid="queue-card"][data-queue="${queue}"]`);
    await card('usage-aggregate').waitFor();
    await card('provider-health').waitFor();
    const jobs = page.getByTestId('jobs-table');
    const row = (queue: string, state: string) => jobs.locator(`tr[data-queue="${queue}"][data-state="${state}"]`);

    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel('From day').fill(today);
    await page.getByLabel('To day').fill(today);
    await page.getByRole('button', { name: 'Run aggregation' }).click();
    await toast(page, `Usage aggregation queued for ${today} (1 job)`).waitFor();
    // Without Redis the job runs in the API process; the page refreshes until it has finished.
    const aggregated = row('usage-aggregate', 'completed').filter({ hasText: `day: ${today}` });
    await aggregated.waitFor();
    await expectText(card('usage-aggregate').locator('dd[data-state="completed"]'), /^\s*[1-9]/);

    await page.getByTestId('probe-providers').click();
    await toast(page, 'Providers probed').waitFor();
    await row('provider-health', 'completed').filter({ hasText: 'all enabled providers' }).waitFor();
    await expectText(card('provider-health').locator('dd[data-state="completed"]'), /^\s*[1-9]/);
    await screenshot(page, '14-jobs');

    // The table shows every state by default and filters by queue and state.
    const filterBy = async (select: string, option: string) => {
      await choose(page, select, option);
      // The next select only opens once this panel has gone.
      await page.getByRole('listbox').waitFor({ state: 'detached' });
    };
    await filterBy('State', 'Failed');
    await page.getByText('No failed jobs.').waitFor();
    await filterBy('State', 'Any');
    await filterBy('Queue', 'provider-health');
    await row('provider-health', 'completed').waitFor();
    expect(await jobs.locator('tr[data-queue="usage-aggregate"]').count()).toBe(0);
    await filterBy('Queue', 'Any');

    // Finished jobs can be dropped, after a confirmation.
    const id = ((await aggregated.locator('.job-id').textContent()) ?? '').trim().replace(/^#/, '');
    expect(id).not.toBe('');
    await aggregated.getByRole('button', { name: `Drop job ${id}` }).click();
    const confirm = await openedDialog(page);
    await confirm.getByRole('button', { name: 'Drop job' }).click();
    await toast(page, `Job ${id} dropped`).waitFor();
    await aggregated.waitFor({ state: 'detached' });

    // The probe recorded mock-1's health.
    await page.getByRole('link', { name: 'Providers', exact: true }).click();
    await page.waitForURL('**/admin/providers');
    await expectText(providerHealth(page, 'mock-1'), /^\s*up\s*$/);
  });

  it('checks one provider\'s health now and shows it in its history', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Check health of mock-1 now' }).click();
    await toast(page, 'Provider "mock-1" is up').waitFor();
    await expectText(providerHealth(page, 'mock-1'), /^\s*up\s*$/);

    await page.getByRole('button', { name: 'Health, test and models of mock-1' }).click();
    const dialog = await openedDialog(page);
    const history = dialog.getByRole('list', { name: 'Recent health checks' }).getByRole('listitem');
    // The jobs page's probe and this one.
    await expectCount(history, 2);
    await dialog.getByTestId('check-health').click();
    await expectCount(history, 3);
    await expectText(history.first(), /up/);
    await expectText(dialog.getByTestId('health-status'), /^\s*up\s*$/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
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

async function expectCount(locator: import('playwright-core').Locator, count: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  let n = 0;
  while (Date.now() < deadline) {
    n = await locator.count();
    if (n === count) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${count} elements, found ${n}`);
}

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
