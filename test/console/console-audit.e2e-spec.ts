import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { sql } from '../support/gateway-setup';
import { api, login, newUser } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { TestIdentityProvider } from '../sso/oidc-test-provider';
import {
  ConsoleTab,
  ensureConsoleBuilt,
  expectText,
  launchChromium,
  openedDialog,
  openTab,
  pickExact,
  screenshot,
  signInTab,
  toastOf,
} from './console-browser';

type User = Awaited<ReturnType<typeof newUser>>;

/**
 * The admin Audit log and Single sign-on pages in headless Chromium against the real API: a credit
 * grant made in the console is found, filtered, opened and exported; Verify reports the chain
 * intact, then the break of a record edited in the database. The SSO form configures the test
 * OpenID Connect provider, keeps the client secret write-only, and the sign-in it sets up works.
 */
describe('console audit log and single sign-on pages (headless Chromium)', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let idp: TestIdentityProvider;
  let browser: Browser;
  let user: User;
  let admin: Page;
  let grantSeq = 0;
  const tabs: ConsoleTab[] = [];
  const q = (text: string, params: unknown[] = []) => sql(t.databaseUrl, text, params);
  const adminApi = async () => api(t.url, (await login(t.url, t.adminEmail, t.adminPassword)).accessToken);

  beforeAll(async () => {
    ensureConsoleBuilt();
    idp = await new TestIdentityProvider().start();
    t = await startTestApp();
    await idp.configure([`${t.url}/api/v1/auth/oidc/callback`], [`${t.url}/login`]);
    idp.account('hana', { email: 'hana@corp.example', name: 'Hana', groups: ['llm-admins'] });
    user = await newUser(t.url, `audited-${Date.now()}@example.com`);
    browser = await launchChromium();
    admin = await signInTab(browser, t.url, tabs, t.adminEmail, t.adminPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await idp?.close();
  });

  afterEach(() => expect(tabs.flatMap((tab) => tab.errors.splice(0))).toEqual([]));

  async function visit(page: Page, link: string, url: string): Promise<void> {
    await page.getByRole('link', { name: link, exact: true }).click();
    await page.waitForURL(url);
  }

  it("finds the admin's credit grant in the audit log, with who did it and to whom", async () => {
    await visit(admin, 'Users', '**/admin/users');
    await admin.getByTestId('user-search').fill(user.email);
    const row = admin.locator(`tr[data-email="${user.email}"]`);
    await row.getByRole('button', { name: `Grant credits to ${user.email}` }).click();
    const dialog = await openedDialog(admin);
    await dialog.getByLabel('Amount (USD)').fill('12.5');
    await dialog.getByLabel('Note').fill('audit e2e');
    await dialog.getByRole('button', { name: 'Grant' }).click();
    await toastOf(admin, `Granted $12.50 to ${user.email}`).waitFor();

    await visit(admin, 'Audit log', '**/admin/audit');
    const record = admin.getByTestId('audit-table').locator('tr[data-action="credits.grant"]');
    await record.waitFor();
    grantSeq = Number(await record.getAttribute('data-seq'));
    expect(grantSeq).toBeGreaterThan(0);
    await expectText(record.getByTestId('audit-actor'), new RegExp(t.adminEmail));
    await expectText(record, new RegExp(`user\\s*${user.id}`));
    await expectText(record, /127\.0\.0\.1/);
    await screenshot(admin, '60-audit-log');
  });

  it('filters by action, refuses From after To, and opens the record’s changes', async () => {
    await admin.getByLabel('Action').fill('credits.grant');
    await admin.getByTestId('apply-filters').click();
    await admin.waitForURL(/action=credits\.grant/);
    const rows = admin.getByTestId('audit-table').locator('tr[data-seq]');
    await expectText(admin.getByTestId('audit-table'), /credits\.grant/);
    // The address changes before the filtered page arrives: wait for the other actions' rows to go.
    await admin.getByTestId('audit-table').locator('tr[data-seq]:not([data-action="credits.grant"])').first().waitFor({ state: 'detached' });
    await admin.getByTestId('audit-table').locator('tr[data-action="credits.grant"]').waitFor();
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')))).toEqual(['credits.grant']);

    let listed = 0;
    const count = (r: { url(): string }) => (r.url().includes('/api/v1/admin/audit?') ? listed++ : 0);
    admin.on('request', count);
    await admin.getByLabel('From (UTC day)').fill('2025-03-09');
    await admin.getByLabel('To (UTC day)').fill('2025-03-08');
    await admin.getByTestId('apply-filters').click();
    await expectText(admin.getByTestId('date-order-error'), /From must not be after To/);
    admin.off('request', count);
    expect(listed).toBe(0);
    await admin.getByLabel('From (UTC day)').fill('');
    await admin.getByLabel('To (UTC day)').fill('');
    await admin.getByTestId('date-order-error').waitFor({ state: 'detached' });

    await admin.getByRole('button', { name: `Show record #${grantSeq}` }).click();
    const diff = admin.getByTestId('record-diff');
    await expectText(diff.locator('tr[data-field="note"]'), /note.*—\s*audit e2e/s);
    await expectText(diff.locator('tr[data-field="amountMicros"]'), /\$12\.50 \(12500000 µ\$\)/);
    expect(await admin.getByRole('button', { name: `Hide record #${grantSeq}` }).getAttribute('aria-expanded')).toBe('true');
    await screenshot(admin, '61-audit-record');
  });

  it('downloads the filtered records as CSV', async () => {
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('download-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-.*\.csv$/);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('seq,createdAt,action,actorUserId,actorKeyId,ip,userAgent,requestId,targetType,targetId,diff,prevHash,hash');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^${grantSeq},.*,credits\\.grant,.*,user,${user.id},.*audit e2e`));
  });

  it('verifies the chain, then shows in red the record edited in the database', async () => {
    await admin.getByTestId('verify-chain').click();
    const result = admin.getByTestId('verify-result');
    await expectText(result, /Chain intact: \d+ records checked\s+\(#1 to #\d+\)/);
    const checked = Number(/(\d+) records checked/.exec((await result.textContent()) ?? '')?.[1]);
    expect(checked).toBeGreaterThanOrEqual(grantSeq);

    const [original] = await q('SELECT diff FROM audit_log WHERE seq = $1', [grantSeq]);
    await q(`UPDATE audit_log SET diff = jsonb_set(diff, '{after,note}', '"tampered"') WHERE seq = $1`, [grantSeq]);
    try {
      await admin.getByTestId('verify-chain').click();
      const broken = admin.getByRole('alert').filter({ hasText: 'Chain broken' });
      await expectText(broken, new RegExp(`Chain broken at record #${grantSeq}: its content does not match its hash \\(edited\\)`));
      expect(await broken.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(147, 0, 10)');
      await screenshot(admin, '62-audit-verify-broken');
    } finally {
      await q('UPDATE audit_log SET diff = $2 WHERE seq = $1', [grantSeq, original.diff]);
    }
  });

  it('keeps both pages from a user who is not an admin', async () => {
    const page = await signInTab(browser, t.url, tabs, user.email, user.password);
    expect(await page.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Single sign-on' }).count()).toBe(0);
    for (const path of ['/admin/audit', '/admin/sso']) {
      await page.goto(path);
      await page.waitForURL('**/forbidden');
    }
    expect((await user.client.get('/api/v1/admin/sso')).status).toBe(403);
    expect((await user.client.get('/api/v1/admin/audit')).status).toBe(403);
  });

  it('configures the provider in the SSO form, with the API’s refusals made readable', async () => {
    await visit(admin, 'Single sign-on', '**/admin/sso');
    const callback = `${t.url}/api/v1/auth/oidc/callback`;
    await expectText(admin.getByTestId('callback-url'), new RegExp(`^${callback}$`));
    await admin.getByTestId('copy-callback').click();
    await toastOf(admin, 'Callback URL copied').waitFor();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(callback);
    await expectText(admin.getByTestId('secret-state'), /^\s*Not set\s*$/);
    expect(await admin.getByLabel('Redirect URL', { exact: true }).inputValue()).toBe(callback);

    await admin.getByRole('switch', { name: 'Offer single sign-on on the login page' }).click();
    await admin.getByLabel('Issuer URL').fill(idp.issuer);
    await admin.getByLabel('Button label').fill('Test IdP');
    await admin.getByLabel('Client ID').fill(idp.clientId);
    await admin.getByTestId('replace-secret').click();
    await admin.getByLabel('New client secret').fill(idp.clientSecret);
    await admin.getByLabel('Scopes').fill('email profile groups');
    await admin.getByLabel('Post-logout redirect URL').fill(`${t.url}/login`);
    await admin.getByLabel('Allowed email domains').fill('corp.example');
    await pickExact(admin, 'Default role', 'User');
    await admin.getByTestId('add-rule').click();
    const rule = admin.getByTestId('mapping-rule');
    await rule.getByLabel('Value').fill('llm-admins');
    await pickExact(admin, 'Role', 'Admin');
    await admin.getByTestId('save-sso').click();
    await expectText(admin.getByTestId('sso-errors'), /Scopes must start with "openid", space-separated/);
    await expectText(admin.locator('mat-error').filter({ hasText: 'Scopes must' }), /Scopes must start with "openid"/);
    await screenshot(admin, '63-sso-refused');

    await admin.getByLabel('Scopes').fill('openid email profile groups');
    await admin.getByTestId('save-sso').click();
    await toastOf(admin, 'Single sign-on settings saved').waitFor();
    await expectText(admin.getByTestId('secret-state'), /^\s*Stored\s*$/);
    expect(await admin.getByLabel('New client secret').count()).toBe(0);
  });

  it('shows the saved values after a reload, the secret only as "stored", never its value', async () => {
    const [response] = await Promise.all([
      admin.waitForResponse((r) => r.url() === `${t.url}/api/v1/admin/sso` && r.request().method() === 'GET'),
      admin.reload(),
    ]);
    const body = await response.text();
    expect(body).not.toContain(idp.clientSecret);
    expect(JSON.parse(body)).toMatchObject({ source: 'database', enabled: true, clientSecretSet: true, allowedDomains: ['corp.example'] });
    await expectText(admin.getByTestId('secret-state'), /^\s*Stored\s*$/);
    expect(await admin.getByLabel('Issuer URL').inputValue()).toBe(idp.issuer);
    expect(await admin.getByLabel('Button label').inputValue()).toBe('Test IdP');
    expect(await admin.getByLabel('Allowed email domains').inputValue()).toBe('corp.example');
    expect(await admin.getByTestId('mapping-rule').getByLabel('Value').inputValue()).toBe('llm-admins');
    await expectText(admin.getByTestId('mapping-rule'), /Admin/);
    const values = await admin.evaluate(() =>
      Array.from(document.querySelectorAll('input, textarea'), (el) => (el as HTMLInputElement).value),
    );
    expect(values).not.toContain(idp.clientSecret);
    expect(await admin.content()).not.toContain(idp.clientSecret);
    await screenshot(admin, '64-sso-settings');
  });

  it('signs in with the provider the form set up, as the role its rule maps', async () => {
    const tab = await openTab(browser, t.url);
    tabs.push(tab);
    const { page } = tab;
    await page.goto('/login');
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await page.getByLabel('Username').fill('hana');
    await page.getByRole('button', { name: 'Sign in to Test IdP' }).click();
    await page.waitForURL('**/dashboard');
    await page.getByTestId('current-user').filter({ hasText: 'hana@corp.example' }).waitFor();
    await page.getByRole('link', { name: 'Single sign-on', exact: true }).waitFor();
  });

  it('asks before requiring SSO, and saves nothing when the admin cancels', async () => {
    await admin.getByRole('switch', { name: /SSO required/ }).click();
    await admin.getByTestId('save-sso').click();
    let dialog = await openedDialog(admin);
    await expectText(dialog, /Require single sign-on\?.*refused for everyone except the bootstrap admin/s);
    await screenshot(admin, '65-sso-required-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await (await adminApi()).get('/api/v1/admin/sso')).body.ssoRequired).toBe(false);

    await admin.getByTestId('save-sso').click();
    dialog = await openedDialog(admin);
    await dialog.getByRole('button', { name: 'Require SSO' }).click();
    await toastOf(admin, 'Single sign-on settings saved').waitFor();
    expect((await (await adminApi()).get('/api/v1/admin/sso')).body.ssoRequired).toBe(true);
    expect((await api(t.url).post('/api/v1/auth/login', { email: user.email, password: user.password })).status).toBe(403);
  });

  it('removes the stored secret only when saved', async () => {
    await admin.getByTestId('remove-secret').click();
    await expectText(admin.getByTestId('secret-state'), /Removed when you save/);
    await admin.getByTestId('save-sso').click();
    await toastOf(admin, 'Single sign-on settings saved').last().waitFor();
    await expectText(admin.getByTestId('secret-state'), /^\s*Not set\s*$/);
    expect((await (await adminApi()).get('/api/v1/admin/sso')).body.clientSecretSet).toBe(false);
  });
});
