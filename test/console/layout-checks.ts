import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Layout measurements the responsive suite makes in the page, and where its screenshots go. */
export const DESKTOP_1440 = { width: 1440, height: 900 };
export const PHONE_390 = { width: 390, height: 844 };

/** Every suite's screenshots: CI points this at the folder it keeps as artifacts. */
export function screenshotsDir(): string {
  const dir = process.env.CONSOLE_SCREENSHOTS_DIR || join(process.cwd(), 'test-results', 'console-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The whole page, although the shell scrolls inside its content pane (a full-page shot of the
 * window would stop at the fold): the window grows to the pane's height for the shot.
 */
export async function screenshotAll(page: Page, path: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() => {
    const pane = document.querySelector('mat-sidenav-content');
    return pane ? pane.scrollHeight + pane.getBoundingClientRect().top : document.documentElement.scrollHeight;
  });
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(height)) });
  await page.screenshot({ path });
  await page.setViewportSize(viewport);
}

export interface Overflow {
  viewport: number;
  /** How far the page itself scrolls sideways. */
  pageOverflow: number;
  /** Elements of table rows (or cards) whose box leaves the viewport. */
  outside: string[];
}

/**
 * Every element of every table row or card: its box must lie within the viewport's width and
 * within the table's box (a column past its right edge is hidden until one scrolls).
 */
export function measureRows(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const outside: string[] = [];
    for (const el of Array.from(document.querySelectorAll('tr.mat-mdc-row, tr.mat-mdc-row *, tr.mat-mdc-header-row th'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      const right = Math.min(viewport, el.closest('.gw-table-wrap')?.getBoundingClientRect().right ?? viewport);
      if (box.right > right + 0.5 || box.left < -0.5) {
        outside.push(`${el.tagName.toLowerCase()}.${String(el.className).split(' ').slice(0, 3).join('.')} [${Math.round(box.left)}, ${Math.round(box.right)}]`);
      }
    }
    return { viewport, pageOverflow: document.documentElement.scrollWidth - viewport, outside: outside.slice(0, 12) };
  });
}

/**
 * Every element of a page's content must lie within the viewport's width, but for what sits in a
 * box that scrolls or clips sideways itself (a table's wrapper, a code block).
 */
export function measurePage(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const outside: string[] = [];
    const root = document.querySelector('.gw-page');
    const clips = (el: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    for (const el of Array.from(root?.querySelectorAll('*') ?? [])) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      let inside = false;
      for (let up = el.parentElement; up && up !== root; up = up.parentElement) if (clips(up)) inside = true;
      if (inside) continue;
      if (box.right > viewport + 0.5 || box.left < -0.5) {
        outside.push(`${el.tagName.toLowerCase()}.${String(el.className).split(' ').slice(0, 3).join('.')} [${Math.round(box.left)}, ${Math.round(box.right)}]`);
      }
    }
    return { viewport, pageOverflow: document.documentElement.scrollWidth - viewport, outside: outside.slice(0, 12) };
  });
}

/** Whether a header cell of this column is on screen and not covered by anything (a sticky column, say). */
export function columnVisible(page: Page, column: string): Promise<boolean> {
  return page.evaluate((name) => {
    const cell = document.querySelector(`th.mat-column-${name}`);
    if (!cell) return false;
    const box = cell.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    return box.right <= document.documentElement.clientWidth && cell.contains(document.elementFromPoint(x, y));
  }, column);
}

/** The body's background as a relative luminance (0 black, 1 white). */
export function backgroundLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const [r, g, b] = (getComputedStyle(document.body).backgroundColor.match(/\d+(\.\d+)?/g) ?? ['255', '255', '255']).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });
}

/** The texts of every cell of one column, by its column name. */
export const columnTexts = (page: Page, column: string): Promise<string[]> =>
  page.locator(`td.mat-column-${column}`).evaluateAll((cells) => cells.map((c) => (c.textContent ?? '').trim()));

/** Decimals after the point of a money string such as `−$0.000022`. */
export const decimals = (money: string): number => (money.split('.')[1] ?? '').length;
