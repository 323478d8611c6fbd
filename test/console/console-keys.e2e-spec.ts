import type { Browser, Page } from 'playwright-core';
import { chat, mockSetup, type MockSetup } from '../support/gateway-setup';
import { startTestApp, TestApp } from '../support/test-app';
import { ConsoleTab, ensureConsoleBuilt, launchChromium, openedDialog, screenshot, signInTab, toastOf } from './console-browser';

const hello = [{ role: 'user', content: 'Hello from the keys test' }];

/** Keys in real headless Chromium: the form offers only the tier's models, an existing key is edited in place. */
describe('console keys: models of the tier, edit (headless Chromium)', () => {
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
});
