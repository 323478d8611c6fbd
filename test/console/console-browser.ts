import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { DESKTOP_1440 as DESKTOP, PHONE_390 as PHONE, screenshotAll, screenshotsDir } from './layout-checks';

/**
 * Browser plumbing for the console e2e: Chromium at the desktop size (1440×900), screenshots
 * of each page at that size and a phone's (390×844) into the folder CI keeps, error capture.
 */

/** The API serves `dist/console/browser`; build it when the suite's build step has not. */
export function ensureConsoleBuilt(): void {
  if (existsSync(join(process.cwd(), 'dist', 'console', 'browser', 'index.html'))) return;
  execSync('npx ng build console', { stdio: 'inherit' });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface ConsoleTab {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors other than failed requests the test provoked. */
  errors: string[];
}

export async function openTab(browser: Browser, baseURL: string): Promise<ConsoleTab> {
  const context = await browser.newContext({ baseURL, viewport: DESKTOP, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(`console: ${msg.text()}`);
  });
  return { context, page, errors };
}

/** Saves the whole of `<name>-desktop.png` and `<name>-phone.png`, then restores the desktop size. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = screenshotsDir();
  await settle(page);
  await screenshotAll(page, join(dir, `${name}-desktop.png`));
  await page.setViewportSize(PHONE);
  await settle(page);
  await screenshotAll(page, join(dir, `${name}-phone.png`));
  await page.setViewportSize(DESKTOP);
  await settle(page);
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  // A resize reaches the layout observer a little later than the viewport change.
  await page.waitForTimeout(300);
  // Let the side nav and dialogs finish their transitions after a resize.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 5_000 }).catch(() => undefined);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Waits until a dialog has opened and moved focus inside it, so typing is not stolen by its autofocus. */
export async function openedDialog(page: Page) {
  await page.waitForFunction(() => {
    const containers = document.querySelectorAll('mat-dialog-container');
    const last = containers[containers.length - 1];
    return containers.length === 1 && last.contains(document.activeElement) && document.getAnimations().every((a) => a.playState !== 'running');
  });
  return page.getByRole('dialog');
}

/** Picks an option of the Material select with this accessible name. */
export async function choose(page: Page, select: string, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: select }).click();
  await page.getByRole('option', { name: option }).click();
}

/** A new tab signed in with a password (added to `tabs`, whose page errors the suites check). */
export async function signInTab(browser: Browser, baseURL: string, tabs: ConsoleTab[], email: string, password: string): Promise<Page> {
  const tab = await openTab(browser, baseURL);
  tabs.push(tab);
  const { page } = tab;
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/dashboard');
  return page;
}

/** The first toast showing `text`. */
export const toastOf = (page: Page, text: string | RegExp) => page.locator('mat-snack-bar-container').filter({ hasText: text }).first();

/** Picks an option by exact names and waits for the list to close. */
export async function pickExact(page: Page, select: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: select, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await page.getByRole('listbox').waitFor({ state: 'detached' });
}

/**
 * The first match's text once it matches `pattern` (a RegExp, or a string it must contain),
 * waiting 15 s at most: Angular fills a view after the element is attached, and a tab's
 * content after the click that selects it.
 */
export async function textMatching(locator: Locator, pattern: RegExp | string): Promise<string> {
  const deadline = Date.now() + 15_000;
  const matches = (text: string) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.first().textContent().catch(() => '')) ?? '';
    if (matches(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${String(pattern)} in "${text}"`);
}

/** Waits (15 s at most) until the first match's text matches `pattern`. */
export async function expectText(locator: Locator, pattern: RegExp): Promise<void> {
  await textMatching(locator, pattern);
}

export const PHONE_VIEWPORT = PHONE;
export const DESKTOP_VIEWPORT = DESKTOP;
