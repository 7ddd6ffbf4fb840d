// Debian's Chromium (apt-get install chromium) driven by playwright-core, for the web pages' tests. No browser is
// downloaded: playwright-core only speaks the DevTools protocol to /usr/bin/chromium (CHROMIUM_PATH overrides it).
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApp } from './app.js';

export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath()))
    throw new Error(`Chromium is missing at ${chromiumPath()}: apt-get install -y chromium (.ci/run does it)`);
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/** Listen on a free loopback port; answers the base URL. */
export async function listen(t: TestApp): Promise<string> {
  const server = t.app.getHttpServer();
  await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A fresh browser context (its own cookies) at a phone's width or a desktop's. */
/** How many times the page asked to print. */
export const printed = (page: Page): Promise<number> => page.evaluate('window.__printed') as Promise<number>;

export async function newPage(
  browser: Browser,
  base: string,
  width: 360 | 1280 = 1280,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: base,
    viewport: { width, height: width === 360 ? 740 : 900 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  // Printing opens no dialog in a headless browser: count the calls instead.
  await page.addInitScript('window.__printed = 0; window.print = () => { window.__printed++; };');
  return { context, page };
}

const axeSource = (): string => readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** axe-core's WCAG 2.1 A/AA rules over the page as it is now; answers the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the pages' CSP (no inline scripts) stays on.
  await page.evaluate(axeSource());
  const result = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => ({ violations: r.violations }))`,
  )) as { violations: AxeViolation[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })),
    }));
}
