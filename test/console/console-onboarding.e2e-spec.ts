import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { mockSetup, type MockSetup } from '../support/gateway-setup';
import { newUser } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { ConsoleTab, ensureConsoleBuilt, launchChromium, openedDialog, openTab, screenshot, signInTab, textMatching, toastOf } from './console-browser';

const run = promisify(execFile);

/**
 * From nothing to a working call in real headless Chromium: the landing page's sample names this
 * gateway, the price list shows what the user's tier may use, and the code the key dialog offers
 * (curl, and the OpenAI SDK for Node) runs as copied and gets an answer.
 */
describe('console onboarding: price list, quick start, snippets that run (headless Chromium)', () => {
  jest.setTimeout(150_000);
  let t: TestApp;
  let s: MockSetup;
  let browser: Browser;
  let page: Page;
  const tabs: ConsoleTab[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    t = await startTestApp({ env: { HEALTH_PROBE_INTERVAL_SECONDS: '3600', AGGREGATE_INTERVAL_SECONDS: '3600' } });
    s = await mockSetup(t, { model: 'open-model', inputPrice: 3, outputPrice: 15 });
    await s.admin.patch(`/api/v1/models/${(await s.admin.get('/api/v1/models')).body.find((m: { name: string }) => m.name === 'open-model').id}`, {
      description: 'Fast and cheap',
      cacheReadPriceUsdPerMTok: 0.3,
      longContextThresholdTokens: 200000,
      longContextInputPriceUsdPerMTok: 6,
    });
    const created = await s.admin.post('/api/v1/models', {
      name: 'pro-model',
      targets: [{ providerId: s.providerId, upstreamModel: 'mock-small' }],
      inputPriceUsdPerMTok: 10,
      outputPriceUsdPerMTok: 30,
      tiers: ['pro'],
    });
    expect(created.status).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    expect(tabs.flatMap((tab) => tab.errors.splice(0))).toEqual([]);
  });

  it('shows this gateway’s address in the landing page’s sample', async () => {
    const tab = await openTab(browser, t.url);
    tabs.push(tab);
    await tab.page.goto('/');
    await textMatching(tab.page.getByTestId('landing-sample'), `baseURL: '${t.url}/v1'`);
  });

  it('lists the models the user’s tier may use with every price, and copies a name', async () => {
    const user = await newUser(t.url);
    await s.admin.post('/api/v1/admin/credits/grant', { userId: user.id, amountUsd: 5 });
    page = await signInTab(browser, t.url, tabs, user.email, user.password);
    await page.getByRole('link', { name: 'Pricing', exact: true }).click();
    await page.waitForURL('**/models');
    await page.getByTestId('catalogue-model').first().waitFor();
    expect(await page.getByTestId('catalogue-name').allTextContents()).toEqual(['open-model']);
    const card = page.getByTestId('catalogue-model');
    expect(await card.getByTestId('price-Input').textContent()).toMatch(/\$3(\.00)?\s*\/ MTok/);
    expect(await card.getByTestId('price-Cache read').textContent()).toMatch(/\$0\.30?\s*\/ MTok/);
    expect(await card.getByTestId('price-Cache write (5 min)').textContent()).toContain('(as input)');
    expect(await card.getByTestId('long-context').textContent()).toContain('Above 200,000 input tokens');
    await card.getByRole('button', { name: 'Copy open-model' }).click();
    await toastOf(page, 'Copied "open-model"').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('open-model');
    await screenshot(page, 'pricing');
  });

  it('gives the quick start with the real base URLs and the chosen model', async () => {
    await page.getByTestId('catalogue-model').getByRole('link', { name: 'Code' }).click();
    await page.waitForURL('**/quick-start?model=open-model');
    expect(await page.getByTestId('openai-base-url').textContent()).toBe(`${t.url}/v1`);
    expect(await page.getByTestId('snippet-code').first().textContent()).toContain(`curl ${t.url}/v1/chat/completions`);
    expect(await page.getByTestId('snippet-code').first().textContent()).toContain('"model": "open-model"');
    await screenshot(page, 'quick-start');
  });

  it('offers, with a new key, a curl call and an SDK call that work as copied', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys', exact: true }).click();
    await page.waitForURL('**/keys');
    await page.getByTestId('create-key').click();
    const form = await openedDialog(page);
    await form.getByLabel('Name', { exact: true }).fill('first key');
    await form.getByRole('button', { name: 'Create key' }).click();
    const dialog = await openedDialog(page);
    await dialog.getByTestId('snippet-code').waitFor();
    expect(await dialog.getByTestId('key-base-url').textContent()).toBe(`${t.url}/v1`);

    await dialog.getByTestId('copy-snippet').click();
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    const answer = JSON.parse((await run('bash', ['-c', curl])).stdout);
    expect(answer).toMatchObject({ object: 'chat.completion', model: 'open-model', choices: [expect.objectContaining({ message: expect.objectContaining({ role: 'assistant' }) })] });

    await dialog.getByTestId('snippet-tab-openai-node').click();
    await textMatching(dialog.getByTestId('snippet-code'), "import OpenAI from 'openai';");
    await dialog.getByTestId('copy-snippet').click();
    const node = await page.evaluate(() => navigator.clipboard.readText());
    const printed = await run(process.execPath, ['--input-type=module', '-e', node], { cwd: process.cwd() });
    expect(printed.stdout.trim().length).toBeGreaterThan(0);
    await screenshot(page, 'key-snippets');
    await dialog.getByTestId('key-saved').click();
  });
});
