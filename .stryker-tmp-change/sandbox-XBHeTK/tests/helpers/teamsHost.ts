// @ts-nocheck
import type { Frame, FrameLocator, Page } from 'playwright-core';

export type TeamsTheme = 'default' | 'dark' | 'contrast';

/** How the fake host opens the tab (see tests/browser/host/host.ts). */
export interface HostOptions {
  /** The tab URL inside the iframe, e.g. `/index.html` (the static tab), `/config.html` or a saved contentUrl. */
  tab: string;
  frameContext: 'content' | 'settings';
  theme: TeamsTheme;
  locale: string;
  /** The demo persona whose SSO token getAuthToken returns. */
  persona: string;
  appId: string;
  entityId: string;
  subPageId?: string;
  channelId?: string;
  tenantId: string;
  userPrincipalName: string;
  /** How many getAuthToken calls fail (as when consent is missing) before tokens are given. */
  failGetAuthToken?: number;
}

export interface HostCall {
  func: string;
  args: unknown[];
  from: 'tab' | 'auth';
}

/** The Teams app id our fake host reports in the context (any GUID works; deep links carry it). */
export const TEST_TEAMS_APP_ID = '5d1f3a2b-8c4e-4f6a-9b7d-2e0c1a3b5d7f';

interface HostApi {
  calls(func?: string): HostCall[];
  failNextGetAuthToken(times: number): void;
  setTheme(theme: TeamsTheme): void;
  save(): void;
  config(): unknown;
  validity(): boolean | null;
  saveResult(): string | null;
}

/**
 * The test vocabulary for the fake Teams host: open the tab as Teams would, then `setTheme('dark')`,
 * `failNextGetAuthToken()`, `save()` the configuration page, and read `calls('authentication.getAuthToken')`.
 */
export class TeamsHost {
  private constructor(
    readonly page: Page,
    readonly options: HostOptions,
  ) {}

  /** Load the host page, which loads the tab in its iframe with the given context. */
  static async open(page: Page, options: Partial<HostOptions> = {}): Promise<TeamsHost> {
    const full: HostOptions = {
      tab: '/index.html',
      frameContext: 'content',
      theme: 'default',
      locale: 'en-us',
      persona: 'global-admin',
      appId: TEST_TEAMS_APP_ID,
      entityId: 'accounts',
      tenantId: '00000000-0000-0000-0000-000000000000',
      userPrincipalName: 'admin@contoso.example',
      ...options,
    };
    await page.goto(`/__test__/host.html?${new URLSearchParams({ options: JSON.stringify(full) })}`);
    return new TeamsHost(page, full);
  }

  /** Locators inside the tab's iframe. */
  get tab(): FrameLocator {
    return this.page.frameLocator('#tab');
  }

  /** The tab's frame, for evaluating scripts (axe) in it. */
  async frame(): Promise<Frame> {
    const frame = await (await this.page.waitForSelector('#tab')).contentFrame();
    if (!frame) throw new Error('The tab iframe has no frame.');
    return frame;
  }

  calls(func?: string): Promise<HostCall[]> {
    return this.page.evaluate((name) => (window as unknown as { __host: HostApi }).__host.calls(name), func);
  }

  /** The next `times` getAuthToken calls fail as Teams does when the app needs consent. */
  failNextGetAuthToken(times = 1): Promise<void> {
    return this.page.evaluate((count) => (window as unknown as { __host: HostApi }).__host.failNextGetAuthToken(count), times);
  }

  /** Switch the Teams theme; the tab gets a themeChange event. */
  setTheme(theme: TeamsTheme): Promise<void> {
    return this.page.evaluate((name) => (window as unknown as { __host: HostApi }).__host.setTheme(name), theme);
  }

  /** Press Teams' Save on the configuration page and wait for the page's answer. */
  async save(): Promise<{ result: string | null; config: unknown }> {
    await this.page.evaluate(() => (window as unknown as { __host: HostApi }).__host.save());
    await this.page.waitForFunction(() => (window as unknown as { __host: HostApi }).__host.saveResult() !== null);
    return this.page.evaluate(() => {
      const host = (window as unknown as { __host: HostApi }).__host;
      return { result: host.saveResult(), config: host.config() };
    });
  }

  /** The validity the configuration page last reported (Teams enables Save on true). */
  validity(): Promise<boolean | null> {
    return this.page.evaluate(() => (window as unknown as { __host: HostApi }).__host.validity());
  }
}
