import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import ts from 'typescript';

const root = new URL('../..', import.meta.url).pathname;
const hostDir = join(root, 'tests/browser/host');
const require = createRequire(import.meta.url);

/** Screenshots for review land here (git-ignored). */
export const SCREENSHOT_DIR = join(root, 'tests/artifacts/screenshots');

/** The CSP the API is meant to send for the tab; tests add it to every tab page so inline scripts or eval would fail. */
export const TAB_CSP = "script-src 'self'; object-src 'none'; base-uri 'self'";

/** One headless Debian Chromium per test file. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface TabContext {
  context: BrowserContext;
  page: Page;
  /** Page errors, console errors and CSP violations seen so far (blocked non-loopback requests excluded). */
  errors: string[];
  /** Non-loopback URLs the page tried to reach (teams-js's CDN list, for instance); all were blocked. */
  blocked: string[];
}

/**
 * A fresh browser context against our API: non-loopback requests are blocked, the fake Teams host is served
 * at /__test__/host.html on the API's origin (so teams-js accepts it as same-origin), and tab pages get the
 * production CSP.
 */
export async function openTabContext(browser: Browser, baseUrl: string): Promise<TabContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, acceptDownloads: true, baseURL: baseUrl });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const errors: string[] = [];
  const blocked: string[] = [];
  const hostScript = ts.transpileModule(readFileSync(join(hostDir, 'host.ts'), 'utf8'), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;

  await context.route('**/*', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      blocked.push(request.url());
      return route.abort('blockedbyclient');
    }
    if (url.pathname === '/__test__/host.html') return route.fulfill({ contentType: 'text/html', body: readFileSync(join(hostDir, 'host.html'), 'utf8') });
    if (url.pathname === '/__test__/host.js') return route.fulfill({ contentType: 'text/javascript', body: hostScript });
    if (request.resourceType() === 'document') {
      const response = await route.fetch();
      return route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': TAB_CSP } });
    }
    return route.fallback();
  });

  const page = await context.newPage();
  const watch = (target: Page) => {
    target.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    target.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      // Blocked non-loopback requests and expected API error answers are not page faults.
      if (text.includes('ERR_BLOCKED_BY_CLIENT') || /Failed to load resource: the server responded with a status of (4\d\d)/.test(text)) return;
      errors.push(`console: ${text}`);
    });
  };
  watch(page);
  context.on('page', watch);
  return { context, page, errors, blocked };
}

/** Serious and critical axe-core violations in a frame, as readable lines ("rule: target"). */
export async function seriousAxeViolations(frame: Frame): Promise<string[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(source);
  const violations = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, targets: violation.nodes.map((node) => JSON.stringify(node.target)).slice(0, 3) }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id} (${violation.impact}): ${violation.targets.join(' ')}`);
}

/** Save a screenshot of the whole window under tests/artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}
