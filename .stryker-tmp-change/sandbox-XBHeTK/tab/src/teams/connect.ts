/** The teams-js module, loaded only when the page may be inside a Microsoft 365 host. */
// @ts-nocheck

export type TeamsSdk = typeof import('@microsoft/teams-js');

export type ThemeName = 'default' | 'dark' | 'contrast';

/** What the tab reads from Teams at start: who, where, and which sub-page a deep link asked for. */
export interface TeamsSession {
  sdk: TeamsSdk;
  theme: ThemeName;
  locale: string;
  frameContext: string;
  tenantId?: string;
  userPrincipalName?: string;
  /** The deep link's `subEntityId`: the account to open. */
  subPageId?: string;
  /** The Teams app id and tab entity id, for building deep links back to this tab. */
  appId?: string;
  entityId?: string;
  channelId?: string;
}

/** Teams hosts a tab in an iframe (or opens auth windows); a top-level window with no opener is a plain browser. */
export function mayBeInTeams(): boolean {
  return window.parent !== window || Boolean(window.opener);
}

/**
 * Initialize teams-js and read the context, or answer null when no host answers: outside an iframe at once,
 * inside a foreign frame after the timeout. teams-js is imported lazily so the browser-only path never loads it.
 */
export async function connectToTeams(timeoutMs = 6000): Promise<TeamsSession | null> {
  if (!mayBeInTeams()) return null;
  const sdk = await import('@microsoft/teams-js');
  try {
    await withTimeout(sdk.app.initialize(), timeoutMs);
    const context = await withTimeout(sdk.app.getContext(), timeoutMs);
    return {
      sdk,
      theme: themeName(context.app.theme),
      locale: context.app.locale || navigator.language,
      frameContext: String(context.page.frameContext ?? 'content'),
      tenantId: context.user?.tenant?.id,
      userPrincipalName: context.user?.userPrincipalName,
      subPageId: context.page.subPageId || undefined,
      appId: context.app.appId?.toString(),
      entityId: context.page.id || undefined,
      channelId: context.channel?.id,
    };
  } catch {
    return null;
  }
}

/** Teams' theme names, with anything unknown treated as the default (light) theme. */
export function themeName(value: string | undefined): ThemeName {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('No Microsoft 365 host answered.')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
