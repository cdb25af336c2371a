import { mkdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import ts from 'typescript';
import type { EmulatorOptions } from '../../emulator/src/index.ts';
import type { WorkerOptions } from '../../api/src/jobs/worker.ts';
import { startDemoStack, type DemoStack } from './api.ts';

const root = new URL('../..', import.meta.url).pathname;
const hostDir = join(root, 'tests/browser/host');
const require = createRequire(import.meta.url);

/** Screenshots for review land here (git-ignored). */
export const SCREENSHOT_DIR = join(root, 'tests/artifacts/screenshots');

/** The demo stack, an HTTPS origin in front of it, and one browser: what each browser test file starts. */
export interface BrowserStack {
  stack: DemoStack;
  browser: Browser;
  /** The tab's origin as the browser sees it (HTTPS, like every Teams tab). */
  origin: string;
  close(): Promise<void>;
}

/** Start emulator + API (demo mode), the HTTPS front and Chromium in parallel. */
export async function startBrowserStack(
  tenant: { seed: number; rooms: number },
  emulator: Omit<EmulatorOptions, 'tenants'> = {},
  worker?: WorkerOptions,
): Promise<BrowserStack> {
  const [stack, browser] = await Promise.all([startDemoStack({ emulator: { ...emulator, tenants: [tenant] }, worker }), launchBrowser()]);
  const front = await startHttpsFront(stack.baseUrl);
  return {
    stack,
    browser,
    origin: front.origin,
    async close() {
      await browser.close();
      await front.close();
      await stack.close();
    },
  };
}

/**
 * An HTTPS origin passing every request through to the API. Teams tabs are always HTTPS, and teams-js refuses
 * a non-HTTPS URL for the authentication window, so the browser meets the tab the way Teams users do. It uses
 * the certificate `npm test` made for the emulator (127.0.0.1 and localhost).
 */
export async function startHttpsFront(target: string): Promise<{ origin: string; close(): Promise<void> }> {
  const keyFile = process.env.EMULATOR_TLS_KEY_FILE;
  const certFile = process.env.EMULATOR_TLS_CERT_FILE;
  if (!keyFile || !certFile) throw new Error('Run tests through `npm test` (tests/run.ts), which makes the test certificate.');
  const upstream = new URL(target);
  const server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
    const proxied = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    proxied.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One headless Debian Chromium per test file. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
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
 * A fresh browser context against our tab's origin: non-loopback requests are blocked, the fake Teams host is served
 * at /__test__/host.html on the tab's origin (so teams-js accepts it as same-origin), and every tab page is
 * checked for the API's CSP.
 */
/** Outside Teams, demo mode: pick the persona holding `role` on the sign-in page and wait until signed in. */
export async function signInAsPersona(page: Page, role: string): Promise<void> {
  const picker = page.getByTestId('persona-picker');
  await picker.getByRole('combobox').click();
  await page.getByRole('option', { name: role }).click();
  await picker.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').filter({ hasText: role }).waitFor();
}

export async function openTabContext(browser: Browser, origin: string): Promise<TabContext> {
  // The test certificate is self-signed: Chromium is told to accept it, as a browser trusting a corporate CA would.
  const context = await browser.newContext({
    viewport: { width: 1440, height: 960 },
    acceptDownloads: true,
    baseURL: origin,
    ignoreHTTPSErrors: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
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
    if (url.pathname === '/__test__/host.html')
      return route.fulfill({ contentType: 'text/html', body: readFileSync(join(hostDir, 'host.html'), 'utf8') });
    if (url.pathname === '/__test__/host.js') return route.fulfill({ contentType: 'text/javascript', body: hostScript });
    return route.fallback();
  });
  // Every tab page must run under the API's CSP (`script-src 'self'`): an inline script or eval would then show up as an error.
  context.on('response', (response) => {
    if (response.request().resourceType() !== 'document' || new URL(response.url()).pathname.startsWith('/__test__/')) return;
    if (!(response.headers()['content-security-policy'] ?? '').includes("script-src 'self'"))
      errors.push(`no script-src 'self' CSP on ${response.url()}`);
  });

  // A violation the page catches (zod probing `new Function`, say) logs nothing to the console: the page reports it
  // as an event, passed here. teams-js's CDN fetch (connect-src) is the known one, as in the console filter below.
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => {
    if (!text.includes('res.cdn.office.net')) errors.push(`csp: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      void (window as unknown as { __reportCspViolation(text: string): Promise<void> }).__reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });

  const page = await context.newPage();
  const watch = (target: Page) => {
    target.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    target.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      // Blocked non-loopback requests and expected API error answers are not page faults. teams-js fetches its
      // valid-origins list from Microsoft's CDN at load; the API's `connect-src 'self'` refuses it and teams-js
      // falls back to its built-in list (reported to the lead: allow https://res.cdn.office.net, or accept the noise).
      if (
        text.includes('ERR_BLOCKED_BY_CLIENT') ||
        text.includes('res.cdn.office.net/teams-js/validDomains') ||
        /Failed to load resource: the server responded with a status of (4\d\d)/.test(text)
      )
        return;
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
  // Let opening animations (dialogs fade in) end, or axe measures contrast against a half-transparent layer.
  await frame.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
        .map((animation) => animation.finished),
    ),
  );
  const violations = await frame.evaluate(async () => {
    type Violation = { id: string; impact: string | null; nodes: { target: unknown[]; html: string }[] };
    const axe = (window as unknown as { axe: { run(context: object, options: object): Promise<{ violations: Violation[] }> } }).axe;
    // Tabster (Fluent UI's focus manager) puts aria-hidden focus sentinels around focus groups; focusing one moves
    // focus on at once, so they are not content a screen reader could land on.
    const result = await axe.run({ include: [['html']], exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      targets: violation.nodes.map((node) => node.html.slice(0, 160)).slice(0, 3),
    }));
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.targets.join(' ')}`);
}

/** Save a screenshot of the whole window under tests/artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}
