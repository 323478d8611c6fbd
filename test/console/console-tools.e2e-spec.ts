import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { newUser } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { ConsoleTab, ensureConsoleBuilt, launchChromium, screenshot, signInTab, toastOf } from './console-browser';

/** A tool page that refuses to be framed anywhere, with a script and a form of its own. */
function startTool(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/panel/index.html') {
      res.writeHead(200, { 'content-type': 'text/html', 'x-frame-options': 'DENY', 'content-security-policy': "frame-ancestors 'none'" });
      return res.end('<!doctype html><title>Panel</title><h1 id="title">CLI Proxy panel</h1><p id="status">loading</p><script src="app.js"></script>');
    }
    if (req.url === '/panel/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end("fetch('status.json').then((r) => r.json()).then((s) => (document.getElementById('status').textContent = s.state));");
    }
    if (req.url === '/panel/status.json') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"state":"3 accounts online"}');
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** Admin → Tools in real headless Chromium: register a tool, open it in the frame, its scripts run same-origin. */
describe('console tool pages (headless Chromium)', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let browser: Browser;
  let tool: Awaited<ReturnType<typeof startTool>>;
  const tabs: ConsoleTab[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    tool = await startTool();
    t = await startTestApp({ env: { HEALTH_PROBE_INTERVAL_SECONDS: '3600', AGGREGATE_INTERVAL_SECONDS: '3600' } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    tool?.server.close();
  });
  afterEach(() => {
    expect(tabs.flatMap((tab) => tab.errors.splice(0))).toEqual([]);
  });

  it('registers a tool and shows its page in the frame, served through /tools/<slug>/', async () => {
    const page = await signInTab(browser, t.url, tabs, t.adminEmail, t.adminPassword);
    await page.getByRole('link', { name: 'Tools', exact: true }).click();
    await page.waitForURL('**/admin/tools');
    await page.getByTestId('tools-empty').waitFor();
    const form = page.getByTestId('tool-form');
    await form.getByLabel('Name').fill('CLI Proxy (local)');
    expect(await form.getByLabel('Slug').inputValue()).toBe('cli-proxy-local');
    await form.getByLabel('Page address').fill('not an address');
    await page.getByTestId('save-tool').click();
    await form.getByText('An http:// or https:// address').waitFor();
    await form.getByLabel('Page address').fill(`${tool.origin}/panel/index.html`);
    await page.getByTestId('save-tool').click();
    await toastOf(page, 'Tool "CLI Proxy (local)" registered').waitFor();
    await screenshot(page, 'tools-list');

    await page.getByTestId('tool-row').getByRole('link', { name: 'Open' }).click();
    await page.waitForURL('**/admin/tools/cli-proxy-local');
    const frame = page.frameLocator('[data-testid="tool-frame"]');
    await frame.locator('#title').filter({ hasText: 'CLI Proxy panel' }).waitFor();
    // Its own script ran and fetched from its own (proxied) origin.
    await frame.locator('#status').filter({ hasText: '3 accounts online' }).waitFor();
    expect(await page.getByTestId('tool-frame').getAttribute('src')).toBe('/tools/cli-proxy-local/panel/index.html');
    await screenshot(page, 'tools-frame');
  });

  it('refuses the same slug twice, saying why', async () => {
    const page = tabs[0].page;
    await page.goto('/admin/tools');
    const form = page.getByTestId('tool-form');
    await form.getByLabel('Name').fill('Another');
    await form.getByLabel('Slug').fill('cli-proxy-local');
    await form.getByLabel('Page address').fill(`${tool.origin}/other`);
    await page.getByTestId('save-tool').click();
    await toastOf(page, /A tool with the slug "cli-proxy-local" already exists/).waitFor();
  });

  it('keeps the tool pages from non-admins, in the console and at /tools/', async () => {
    const user = await newUser(t.url);
    const page = await signInTab(browser, t.url, tabs, user.email, user.password);
    await page.goto('/admin/tools/cli-proxy-local');
    await page.waitForURL('**/forbidden');
    const direct = await page.goto('/tools/cli-proxy-local/panel/index.html');
    expect(direct?.status()).toBe(401);
  });
});
