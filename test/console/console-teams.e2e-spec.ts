import type { Browser, Locator } from 'playwright-core';
import { waitFor } from '@gateway/testing';
import { chat, mockSetup } from '../support/gateway-setup';
import { newUser } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import { verifySignature, WebhookReceiver } from '../webhooks/webhook-receiver';
import { ConsoleTab, ensureConsoleBuilt, expectText, launchChromium, openedDialog, screenshot, pickExact, signInTab, toastOf } from './console-browser';

type User = Awaited<ReturnType<typeof newUser>>;

/**
 * The team pages in real headless Chromium against the real API: an admin creates and funds a
 * team and gives it an owner and a member; the owner creates a team key and an alert webhook
 * (each secret shown once) and watches a test delivery reach a receiver on 127.0.0.1; a member
 * gets the read-only view, an outsider nothing. Screenshots land in CONSOLE_SCREENSHOTS_DIR (test-results/console-screenshots/ by default).
 */
describe('console teams (headless Chromium)', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let browser: Browser;
  let receiver: WebhookReceiver;
  let model: string;
  let owner: User;
  let member: User;
  let outsider: User;
  const tabs: ConsoleTab[] = [];
  let teamUrl = '';
  let labKey = '';

  beforeAll(async () => {
    ensureConsoleBuilt();
    t = await startTestApp({ env: { HEALTH_PROBE_INTERVAL_SECONDS: '3600', AGGREGATE_INTERVAL_SECONDS: '3600' } });
    receiver = await new WebhookReceiver().start();
    ({ model } = await mockSetup(t, { model: 'team-model' }));
    [owner, member, outsider] = await Promise.all(['owner', 'member', 'outsider'].map((who) => newUser(t.url, `${who}-${Date.now()}@example.com`)));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await t?.close();
  });

  afterEach(() => {
    // A page error anywhere is a failure of the step that caused it.
    expect(tabs.flatMap((tab) => tab.errors.splice(0))).toEqual([]);
  });

  const signIn = (email: string, password: string) => signInTab(browser, t.url, tabs, email, password);

  const toast = toastOf;
  const pick = pickExact;

  it('lets the admin create a team with its models and limits', async () => {
    const page = await signIn(t.adminEmail, t.adminPassword);
    await page.getByRole('link', { name: 'Teams', exact: true }).click();
    await page.waitForURL('**/teams');
    await page.getByTestId('create-team').click();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('Name', { exact: true }).fill('Research Lab');
    await expectValue(dialog.getByLabel('Slug'), 'research-lab');
    await page.getByRole('combobox', { name: 'Allowed models' }).click();
    await page.getByRole('option', { name: model }).click();
    await page.keyboard.press('Escape');
    await dialog.getByLabel('Team requests / minute').fill('120');
    await dialog.getByLabel('Team tokens / minute').fill('100000');
    await screenshot(page, '30-team-form');
    await dialog.getByRole('button', { name: 'Create team' }).click();
    await toast(page, 'Team "Research Lab" created').waitFor();
    const row = page.locator('tr[data-team="research-lab"]');
    await row.getByRole('cell', { name: model }).waitFor();
    await row.getByRole('cell', { name: '120 / 100,000' }).waitFor();
    await screenshot(page, '31-teams-admin');
  });

  it('lets the admin add an owner and a member and fund the team', async () => {
    const page = tabs[0].page;
    await page.getByRole('link', { name: 'Research Lab' }).click();
    await page.waitForURL('**/teams/*');
    teamUrl = new URL(page.url()).pathname;
    await page.getByText('you manage it as an admin').waitFor();

    const add = async (user: User, role: 'Owner' | 'Member') => {
      await page.getByLabel('Email or user id').fill(user.email);
      await pick(page, 'Role', role);
      await page.getByTestId('add-member').click();
      await toast(page, `${user.email} added as ${role.toLowerCase()}`).waitFor();
      await page.locator(`tr[data-member="${user.email}"]`).waitFor();
    };
    await add(owner, 'Owner');
    await add(member, 'Member');
    // Adding someone twice is refused with the API's message.
    await page.getByLabel('Email or user id').fill(member.email);
    await page.getByTestId('add-member').click();
    await page.getByRole('alert').filter({ hasText: 'already a member' }).waitFor();

    await page.getByTestId('grant-team-credits').click();
    const dialog = await openedDialog(page);
    await dialog.getByText('(team account)').waitFor();
    await dialog.getByLabel('Amount (USD)').fill('10');
    await dialog.getByLabel('Note').fill('team e2e');
    await dialog.getByRole('button', { name: 'Grant' }).click();
    await toast(page, 'Granted $10.00 to Research Lab').waitFor();
    await page.getByTestId('team-balance').filter({ hasText: '$10.00' }).waitFor();
    await page.getByTestId('team-ledger').getByRole('cell', { name: 'team e2e' }).waitFor();
    await screenshot(page, '32-team-admin');
  });

  it('shows the owner the team; the last owner cannot step down', async () => {
    const page = await signIn(owner.email, owner.password);
    await page.getByRole('link', { name: 'Teams', exact: true }).click();
    await page.locator('tr[data-team="research-lab"]').getByTestId('team-role').filter({ hasText: 'owner' }).waitFor();
    await page.getByRole('link', { name: 'Research Lab' }).click();
    await page.waitForURL(`**${teamUrl}`);
    await page.getByTestId('my-team-role').filter({ hasText: 'owner' }).waitFor();
    await page.getByTestId('team-balance').filter({ hasText: '$10.00' }).waitFor();

    await pick(page, `Role of ${owner.email}`, 'Member');
    await toast(page, /last owner/).waitFor();
    await expectText(page.getByRole('combobox', { name: `Role of ${owner.email}` }), /Owner/);
  });

  it('lets the owner create a team key, shown once', async () => {
    const page = tabs[1].page;
    await page.getByTestId('create-team-key').click();
    const form = await openedDialog(page);
    await form.getByRole('heading', { name: 'Create a key for Research Lab' }).waitFor();
    await form.getByLabel('Name', { exact: true }).fill('lab key');
    await form.getByRole('button', { name: 'Create key' }).click();
    await openedDialog(page);
    const secret = ((await page.getByTestId('plaintext-key').textContent()) ?? '').trim();
    expect(secret).toMatch(/^gw-/);
    labKey = secret;
    await page.getByTestId('key-saved').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('team-keys-table').getByRole('cell', { name: 'lab key', exact: true }).waitFor();
    expect(await page.content()).not.toContain(secret);
  });

  it('lets the owner add a webhook (secret shown once) and see a test delivery', async () => {
    const page = tabs[1].page;
    const path = receiver.path(200);
    const url = receiver.url(path);
    await page.getByTestId('add-webhook').click();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('URL').fill(url);
    await dialog.getByRole('checkbox', { name: /balance\.low/ }).uncheck();
    await screenshot(page, '33-webhook-form');
    await dialog.getByRole('button', { name: 'Add webhook' }).click();
    const secret = ((await dialog.getByTestId('webhook-secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_/);
    await dialog.getByTestId('copy-secret').click();
    await dialog.getByTestId('copy-secret').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await dialog.getByTestId('secret-saved').click();
    await dialog.waitFor({ state: 'detached' });
    await toast(page, `Webhook to ${url} added`).waitFor();
    expect(await page.content()).not.toContain(secret);

    const hook = page.locator(`[data-webhook="${url}"]`);
    await hook.getByText('Budget threshold crossed').waitFor();
    expect(await hook.getByText('Balance low').count()).toBe(0);
    await hook.getByRole('button', { name: `Send a test to ${url}` }).click();
    await toast(page, 'Test event queued').waitFor();
    const deliveries = hook.getByTestId('deliveries-table');
    await expectText(deliveries.getByTestId('delivery-status'), /delivered/);
    await expectText(deliveries.getByTestId('delivery-code'), /200/);
    await deliveries.getByRole('cell', { name: 'webhook.test' }).waitFor();
    const [got] = receiver.at(path);
    expect(got.headers['x-gateway-event']).toBe('webhook.test');
    expect(verifySignature(got.headers['x-gateway-signature'], got.raw, secret)).not.toBeNull();
    await screenshot(page, '34-team-owner');
  });

  it("scopes the owner's Keys and Usage pages with the team switcher, remembered across reloads", async () => {
    const page = tabs[1].page;
    await pick(page, 'Team for keys and usage', 'Research Lab');
    await page.getByRole('link', { name: 'API keys', exact: true }).click();
    await page.waitForURL('**/keys');
    await page.getByTestId('keys-scope').waitFor();
    await page.getByRole('cell', { name: 'lab key', exact: true }).waitFor();
    await page.reload();
    await page.getByRole('cell', { name: 'lab key', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Usage', exact: true }).click();
    await page.getByTestId('usage-scope').filter({ hasText: 'Research Lab' }).waitFor();
    await pick(page, 'Team for keys and usage', 'Personal');
    await page.getByTestId('usage-scope').waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'API keys', exact: true }).click();
    await page.getByText('You have no API keys yet.').waitFor();
  });

  it("shows the owner the team's request log: its keys' requests, who made them, filtered by a member's email", async () => {
    const res = await chat(t.url, labKey, { model, messages: [{ role: 'user', content: 'Hello from the team log test' }] });
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id');
    await res.text();
    const teamId = teamUrl.split('/').pop();
    await waitFor(async () => ((await owner.client.get(`/api/v1/teams/${teamId}/requests`)).body.items?.length === 1 ? true : null), 15_000);

    const page = tabs[1].page;
    await pick(page, 'Team for keys and usage', 'Research Lab');
    await page.getByRole('link', { name: 'Request log', exact: true }).click();
    await page.waitForURL('**/requests');
    await page.getByText('The requests of your team').waitFor();
    const row = page.locator(`tr[data-request="${requestId}"]`);
    await expectText(row, new RegExp(`${owner.email}.*lab key`));
    await screenshot(page, 'request-log-team');
    await page.getByTestId('filter-user').fill(member.email);
    await page.getByTestId('apply-filters').click();
    await page.waitForURL(/[?&]user=/);
    await page.waitForFunction(() => document.querySelectorAll('tr[data-request]').length === 0);
    await page.getByTestId('filter-user').fill(owner.email.toUpperCase());
    await page.getByTestId('apply-filters').click();
    await row.waitFor();
    await pick(page, 'Team for keys and usage', 'Personal');
    await page.getByText('Your requests').waitFor();
  });

  it('gives a member the read-only view: the models and their own usage', async () => {
    const page = await signIn(member.email, member.password);
    await page.getByRole('link', { name: 'Teams', exact: true }).click();
    await page.locator('tr[data-team="research-lab"]').getByTestId('team-role').filter({ hasText: 'member' }).waitFor();
    await page.getByRole('link', { name: 'Research Lab' }).click();
    await page.getByTestId('my-team-role').filter({ hasText: 'member' }).waitFor();
    await expectText(page.getByTestId('team-models'), new RegExp(model));
    await page.getByRole('heading', { name: 'Your usage in this team' }).waitFor();
    for (const managed of ['team-balance', 'add-member', 'create-team-key', 'team-webhooks', 'edit-budget']) {
      expect(await page.getByTestId(managed).count()).toBe(0);
    }
    await screenshot(page, '35-team-member');

    // The team's keys are its owners' business: a member sees only those made for them, and makes none.
    await pick(page, 'Team for keys and usage', 'Research Lab');
    await page.getByRole('link', { name: 'API keys', exact: true }).click();
    await expectText(page.getByTestId('keys-held'), /keys an owner made for you/);
    await page.getByText('No key of this team is yours yet.').waitFor();
    expect(await page.getByTestId('create-key').count()).toBe(0);
  });

  it("tells an outsider the team is not theirs to see, and shows them no team navigation", async () => {
    const page = await signIn(outsider.email, outsider.password);
    await page.getByRole('link', { name: 'Playground', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'Teams', exact: true }).count()).toBe(0);
    expect(await page.getByTestId('team-switcher').count()).toBe(0);
    await page.goto(teamUrl);
    await expectText(page.getByTestId('team-failure'), /Team not found/);
    expect(await page.getByTestId('team-name').count()).toBe(0);
    await screenshot(page, '36-team-outsider');
  });

  it('lets the admin force-delete the team once told what it takes with it', async () => {
    const page = tabs[0].page;
    await page.getByRole('link', { name: 'Teams', exact: true }).click();
    await page.waitForURL('**/teams');
    await page.getByRole('button', { name: 'Delete team Research Lab' }).click();
    const first = await openedDialog(page);
    await first.getByRole('button', { name: 'Delete team' }).click();
    // The refusal can open the second dialog before the first has gone: wait for the second by its title.
    await page.getByRole('heading', { name: 'Force delete Research Lab?' }).waitFor();
    const force = await openedDialog(page);
    await expectText(force, /1 live key.*revoked at once.*ledger/s);
    await screenshot(page, '37-team-force-delete');
    await force.getByRole('button', { name: 'Force delete' }).click();
    await toast(page, 'Team "Research Lab" deleted').waitFor();
    await page.locator('tr[data-team="research-lab"]').waitFor({ state: 'detached' });
  });
});

async function expectValue(locator: Locator, value: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && (await locator.inputValue()) !== value) await new Promise((r) => setTimeout(r, 100));
  expect(await locator.inputValue()).toBe(value);
}
