/**
 * A fake Microsoft Teams host for browser tests, served same-origin as the tab at /__test__/host.html. It embeds
 * the tab in an iframe and answers the teams-js postMessage protocol the way Teams does for the calls we make:
 * initialize, getContext, SSO tokens (minted by POST /api/demo/token), the authentication window, the
 * configuration page's settings calls and save event, and theme changes. Tests drive it through
 * `window.__host` (see tests/helpers/teamsHost.ts).
 */

/** Options the test passes in the `options` query parameter (JSON). */
interface HostOptions {
  tab: string;
  frameContext: 'content' | 'settings';
  theme: 'default' | 'dark' | 'contrast';
  locale: string;
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

interface Call {
  func: string;
  args: unknown[];
  from: 'tab' | 'auth';
}

interface Request {
  id?: number;
  uuidAsString?: string;
  func: string;
  args?: unknown[];
}

type Reply = (args: unknown[]) => void;

const options = JSON.parse(new URLSearchParams(location.search).get('options') ?? '{}') as HostOptions;
const frame = document.getElementById('tab') as HTMLIFrameElement;
const label = document.getElementById('host-label');
if (label) label.textContent = `${options.frameContext} · ${options.persona}`;

const state = {
  calls: [] as Call[],
  failGetAuthToken: options.failGetAuthToken ?? 0,
  config: null as unknown,
  validity: null as boolean | null,
  saveResult: null as string | null,
  tokens: new Map<string, string>(),
  pendingAuth: undefined as Reply | undefined,
};

/** What the host supports: enough for pages.config and the calls the tab makes. */
const runtime = {
  apiVersion: 4,
  hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
  supports: {
    appInstallDialog: {},
    pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} },
    teamsCore: {},
    dialog: { url: {} },
  },
};

function legacyContext(from: Call['from']) {
  return {
    theme: options.theme,
    locale: options.locale,
    entityId: options.entityId,
    subEntityId: options.subPageId,
    frameContext: from === 'tab' ? options.frameContext : 'authentication',
    hostClientType: 'web',
    hostName: 'Teams',
    appId: options.appId,
    tid: options.tenantId,
    userObjectId: '00000000-0000-0000-0000-000000000001',
    userPrincipalName: options.userPrincipalName,
    loginHint: options.userPrincipalName,
    channelId: options.channelId,
    channelName: options.channelId ? 'Room admins' : undefined,
    teamId: options.channelId ? '19:team@thread.tacv2' : undefined,
    teamName: options.channelId ? 'IT' : undefined,
    appSessionId: '6c0b2c8a-0000-4000-8000-000000000000',
  };
}

async function ssoToken(): Promise<string> {
  const cached = state.tokens.get(options.persona);
  if (cached) return cached;
  const res = await fetch('/api/demo/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ persona: options.persona }),
  });
  const token = ((await res.json()) as { access_token: string }).access_token;
  state.tokens.set(options.persona, token);
  return token;
}

/** Teams opens the URL in its own window; the page there reports back with authentication.notifySuccess/Failure. */
function openAuthWindow(url: string, width: number, height: number, reply: Reply): void {
  const popup = window.open(url, 'room-accounts-auth', `width=${width},height=${height}`);
  if (!popup) return reply([false, 'CancelledByUser']);
  state.pendingAuth = reply;
  const watch = setInterval(() => {
    if (!popup.closed) return;
    clearInterval(watch);
    // Closed without a result: Teams reports it as cancelled.
    setTimeout(() => {
      state.pendingAuth?.([false, 'CancelledByUser']);
      state.pendingAuth = undefined;
    }, 500);
  }, 200);
}

async function handle(request: Request, from: Call['from'], reply: Reply): Promise<void> {
  const args = request.args ?? [];
  switch (request.func) {
    case 'initialize':
      return reply([from === 'tab' ? options.frameContext : 'authentication', 'web', JSON.stringify(runtime), '2.0.1']);
    case 'getContext':
      return reply([legacyContext(from)]);
    case 'authentication.getAuthToken':
      if (state.failGetAuthToken > 0) {
        state.failGetAuthToken -= 1;
        return reply([false, 'resourceRequiresConsent']);
      }
      return reply([true, await ssoToken()]);
    case 'authentication.authenticate':
      return openAuthWindow(String(args[0]), Number(args[1] ?? 600), Number(args[2] ?? 535), reply);
    case 'authentication.authenticate.success':
      state.pendingAuth?.([true, args[0]]);
      state.pendingAuth = undefined;
      return;
    case 'authentication.authenticate.failure':
      state.pendingAuth?.([false, args[0]]);
      state.pendingAuth = undefined;
      return;
    case 'settings.setSettings':
      state.config = args[0];
      return reply([true]);
    case 'settings.getSettings':
      return reply([state.config]);
    case 'settings.setValidityState':
      state.validity = args[0] === true;
      return;
    case 'settings.save.success':
      state.saveResult = 'success';
      return;
    case 'settings.save.failure':
      state.saveResult = `failure: ${String(args[0])}`;
      return;
    default:
      return;
  }
}

window.addEventListener('message', (event: MessageEvent<Request>) => {
  if (event.origin !== location.origin || !event.data || typeof event.data.func !== 'string') return;
  const source = event.source as Window;
  const from: Call['from'] = source === frame.contentWindow ? 'tab' : 'auth';
  const request = event.data;
  state.calls.push({ func: request.func, args: request.args ?? [], from });
  const reply: Reply = (args) => source.postMessage({ id: request.id, uuidAsString: request.uuidAsString, args }, location.origin);
  void handle(request, from, reply);
});

function sendToTab(func: string, args: unknown[]): void {
  frame.contentWindow?.postMessage({ func, args }, location.origin);
}

const api = {
  calls: (func?: string) => state.calls.filter((call) => !func || call.func === func),
  failNextGetAuthToken(times: number) {
    state.failGetAuthToken = times;
  },
  setTheme(theme: HostOptions['theme']) {
    options.theme = theme;
    sendToTab('themeChange', [theme]);
  },
  save() {
    state.saveResult = null;
    sendToTab('settings.save', [{}]);
  },
  config: () => state.config,
  validity: () => state.validity,
  saveResult: () => state.saveResult,
};

(window as unknown as { __host: typeof api }).__host = api;
frame.src = options.tab;
export {};
