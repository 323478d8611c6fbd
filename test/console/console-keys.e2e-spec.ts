import type { Browser, Page } from 'playwright-core';
import { chat, mockSetup, type MockSetup } from '../support/gateway-setup';
import { startTestApp, TestApp } from '../support/test-app';
import { ConsoleTab, ensureConsoleBuilt, launchChromium, openedDialog, screenshot, signInTab, toastOf } from './console-browser';

const hello = [{ role: 'user', content: 'Hello from the keys test' }];

/** Keys in real headless Chromium: the form offers only the tier's models, a key is edited in place and rotated with a grace period. */
describe('console keys: models of the tier, edit, rotate (headless Chromium)', () => {
  jest.setTimeout(150_000);
  let t: TestApp;
  let s: MockSetup;
  let browser: Browser;
  let page: Page;
  const tabs: ConsoleTab[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    t = await startTestApp({ env: { HEALTH_PROBE_INTERVAL_SECONDS: '3600', AGGREGATE_INTERVAL_SECONDS: '3600' } });
    s = await mockSetup(t, { model: 'free-model', creditsUsd: 5 });
    const pro = await s.admin.post('/api/v1/models', {
      name: 'pro-only-model',
      targets: [{ providerId: s.providerId, upstreamModel: 'mock-small' }],
      inputPriceUsdPerMTok: 1,
      outputPriceUsdPerMTok: 2,
      tiers: ['pro'],
    });
    expect(pro.status).toBe(201);
    browser = await launchChromium();
    page = await signInTab(browser, t.url, tabs, s.user.email, s.user.password);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    expect(tabs.flatMap((tab) => tab.errors.splice(0))).toEqual([]);
  });

  it('offers in the key form only the models the user’s tier may use', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys', exact: true }).click();
    await page.waitForURL('**/keys');
    await page.getByTestId('create-key').click();
    const form = await openedDialog(page);
    await form.getByRole('combobox', { name: 'Models' }).click();
    expect(await page.getByRole('option').allTextContents()).toEqual(['free-model']);
    await page.keyboard.press('Escape');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('edits a key in place: name, limits and expiry change, the secret keeps working', async () => {
    await page.reload();
    await page.locator('tr[data-key="test"]').waitFor();
    await page.getByRole('button', { name: 'Edit key test' }).click();
    const form = await openedDialog(page);
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('test');
    await form.getByLabel('Name', { exact: true }).fill('renamed key');
    await form.getByLabel('Requests / minute').fill('42');
    await form.getByLabel('Expires on').fill('2099-01-31');
    await screenshot(page, 'key-edit');
    await form.getByRole('button', { name: 'Save key' }).click();
    await toastOf(page, 'Key "renamed key" saved').waitFor();
    await page.locator('tr[data-key="renamed key"]').waitFor();
    const [key] = (await s.user.client.get('/api/v1/keys')).body.items ?? (await s.user.client.get('/api/v1/keys')).body;
    expect(key).toMatchObject({ id: s.keyId, name: 'renamed key', rpm: 42, expiresAt: '2099-01-31T23:59:59.999Z' });
    expect((await chat(t.url, s.key, { model: s.model, messages: hello })).status).toBe(200);
  });

  it('rotates a key: the new secret shown once works, the old one keeps working through its grace, then not', async () => {
    const first = await rotateInPage('5 minutes');
    expect((await chat(t.url, first, { model: s.model, messages: hello })).status).toBe(200);
    // The secret from before this rotation still works in its grace period.
    expect((await chat(t.url, s.key, { model: s.model, messages: hello })).status).toBe(200);
    // Rotating again without grace ends every older secret at once.
    const second = await rotateInPage('Refuse it at once');
    expect((await chat(t.url, second, { model: s.model, messages: hello })).status).toBe(200);
    expect((await chat(t.url, first, { model: s.model, messages: hello })).status).toBe(401);
    expect((await chat(t.url, s.key, { model: s.model, messages: hello })).status).toBe(401);
  });

  it('refuses the old secret once the grace chosen in the dialog has run out, and the row stops saying it works', async () => {
    const current = await rotateInPage('Refuse it at once');
    expect(await page.getByTestId('key-grace').count()).toBe(0);
    // The dialog offers 5 minutes at least: the test shortens what it sends to 3 s, so the run need not wait.
    await page.route('**/api/v1/keys/*/rotate', (route) => route.continue({ postData: JSON.stringify({ gracePeriodSeconds: 3 }) }));
    const next = await rotateInPage('5 minutes');
    await page.unroute('**/api/v1/keys/*/rotate');
    const until = Date.parse((await s.user.client.get(`/api/v1/keys/${s.keyId}`)).body.previousKeyExpiresAt);
    await page.getByTestId('key-grace').filter({ hasText: /^old secret works until / }).waitFor();
    expect((await chat(t.url, current, { model: s.model, messages: hello })).status).toBe(200);
    await page.waitForTimeout(Math.max(0, until - Date.now()) + 100);
    expect((await chat(t.url, current, { model: s.model, messages: hello })).status).toBe(401);
    expect((await chat(t.url, next, { model: s.model, messages: hello })).status).toBe(200);
    await page.reload();
    await page.locator('tr[data-key="renamed key"]').waitFor();
    expect(await page.getByTestId('key-grace').count()).toBe(0);
  });

  /** Rotate the key from its row with the grace chosen; the new secret from the reveal dialog. */
  async function rotateInPage(grace: string): Promise<string> {
    await page.getByRole('button', { name: 'Rotate key renamed key' }).click();
    const dialog = await openedDialog(page);
    await dialog.getByTestId('rotate-grace').click();
    await page.getByRole('option', { name: new RegExp(grace) }).click();
    await page.getByRole('listbox').waitFor({ state: 'detached' });
    await dialog.getByTestId('rotate-confirm').click();
    await page.getByTestId('plaintext-key').waitFor();
    const secret = (await page.getByTestId('plaintext-key').textContent())!.trim();
    expect(secret).toMatch(/^gw-/);
    await screenshot(page, 'key-rotated');
    await page.getByTestId('key-saved').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await toastOf(page, 'Key "renamed key" rotated').waitFor();
    return secret;
  }
});
