import type { Browser, Page } from 'playwright-core';
import { Gateway, privateDataDir, type Route } from '../gateway/gateway-fixture';
import { DEFAULT_TEXT } from '../support/fake-upstream';
import { startTestApp, TestApp } from '../support/test-app';
import { ConsoleTab, ensureConsoleBuilt, launchChromium, openedDialog, pickExact, screenshot, signInTab, textMatching } from './console-browser';

/**
 * The playground in real headless Chromium against fake OpenAI and Anthropic upstreams: each reply
 * keeps the model that wrote it, the settings reach the provider in both API formats, and "view
 * code" gives the same conversation as a call against this gateway.
 */
describe('console playground (headless Chromium)', () => {
  jest.setTimeout(150_000);
  let t: TestApp;
  let gw: Gateway;
  let browser: Browser;
  let openaiRoute: Route;
  let anthropicRoute: Route;
  let page: Page;
  const tabs: ConsoleTab[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    t = await startTestApp({ env: { DATA_DIR: privateDataDir(), HEALTH_PROBE_INTERVAL_SECONDS: '3600', AGGREGATE_INTERVAL_SECONDS: '3600' } });
    gw = await new Gateway(t).init();
    openaiRoute = await gw.route([{ kind: 'openai' }], { name: 'chat-openai', inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 2 });
    anthropicRoute = await gw.route([{ kind: 'anthropic' }], { name: 'chat-anthropic', inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 2 });
    const user = await gw.user({ creditsUsd: 5 });
    const email = (await user.client.get('/api/v1/auth/me')).body.email as string;
    browser = await launchChromium();
    page = await signInTab(browser, t.url, tabs, email, 'user-password-123');
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await t?.close();
  });
  afterEach(() => {
    expect(tabs.flatMap((tab) => tab.errors.splice(0))).toEqual([]);
  });

  const lastBody = (route: Route) => route.providers[0].fake!.requests.at(-1)!.body;

  it('sends the temperature and max tokens set in the page, in the OpenAI format', async () => {
    await page.getByRole('link', { name: 'Playground', exact: true }).click();
    await page.waitForURL('**/playground');
    await pickExact(page, 'Model', 'chat-openai');
    await page.getByTestId('temperature').fill('5');
    await page.getByTestId('prompt').fill('First question');
    expect(await page.getByTestId('send').isDisabled()).toBe(true);
    await page.getByText('0 to 2').waitFor();
    await page.getByTestId('temperature').fill('0.3');
    await page.getByTestId('max-tokens').fill('77');
    await page.getByTestId('send').click();
    await page.getByTestId('assistant-message').first().filter({ hasText: DEFAULT_TEXT }).waitFor();
    expect(lastBody(openaiRoute)).toMatchObject({ temperature: 0.3, max_tokens: 77, messages: [{ role: 'user', content: 'First question' }] });
  });

  it('keeps each reply labelled with its own model after switching model and format', async () => {
    await pickExact(page, 'Model', 'chat-anthropic');
    await pickExact(page, 'API format', 'Anthropic messages');
    await page.getByLabel('System prompt').fill('Be brief.');
    await page.getByTestId('prompt').fill('Second question');
    await page.getByTestId('send').click();
    await page.getByTestId('assistant-message').nth(1).filter({ hasText: DEFAULT_TEXT }).waitFor();
    await page.getByTestId('turn-usage').nth(1).waitFor();
    expect(await page.getByTestId('turn-role').allTextContents()).toEqual(['You', 'chat-openai', 'You', 'chat-anthropic']);
    expect(lastBody(anthropicRoute)).toMatchObject({
      system: 'Be brief.',
      max_tokens: 77,
      temperature: 0.3,
      messages: [
        { role: 'user', content: 'First question' },
        { role: 'assistant', content: DEFAULT_TEXT },
        { role: 'user', content: 'Second question' },
      ],
    });
    await screenshot(page, 'playground-two-models');
  });

  it('shows the conversation as curl and SDK calls against this gateway', async () => {
    await page.getByTestId('view-code').click();
    const dialog = await openedDialog(page);
    const curl = await dialog.getByTestId('snippet-code').textContent();
    expect(curl).toContain(`curl ${t.url}/v1/messages`);
    expect(curl).toContain('"system": "Be brief."');
    expect(curl).toContain('"content": "Second question"');
    await dialog.getByTestId('snippet-tab-openai-python').click();
    const python = await textMatching(dialog.getByTestId('snippet-code'), 'from openai import OpenAI');
    expect(python).toContain(`OpenAI(base_url="${t.url}/v1", api_key=os.environ["LLM_GATEWAY_KEY"])`);
    expect(python).toContain('model="chat-anthropic"');
    await screenshot(page, 'playground-view-code');
  });
});
