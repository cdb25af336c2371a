import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Teams, Microsoft 365 and Outlook client ids that may call our API with an SSO token (teams-platform.md §1.5). */
export const TEAMS_CLIENT_IDS = [
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264', // Teams desktop and mobile
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346', // Teams web
  '4765445b-32c6-49b0-83e6-1d93765276ca', // Microsoft 365 web
  '0ec893e0-5785-4de6-99da-4ed124e5296c', // Microsoft 365 desktop
  'd3590ed6-52b3-4102-aeff-aad2292ab01c', // Microsoft 365 mobile, Outlook desktop
  'bc59ab01-8403-45c6-8796-ac3ef710b3e3', // Outlook web
  '27922004-5251-4030-b22d-91ecd9a37ea4', // Outlook mobile
] as const;

export interface Endpoints {
  /** e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** e.g. https://graph.microsoft.com */
  graph: string;
  /** e.g. https://outlook.office365.com */
  exchange: string;
}

/** The resources tokens are requested for (`<resource>/.default`); in a national cloud they differ from worldwide. */
export interface Resources {
  graph: string;
  exchange: string;
}

export interface AppCredentials {
  clientId: string;
  clientSecret?: string;
  certificate?: { privateKey: string; thumbprintSha256: string };
}

/** A key for sealing what background work keeps at rest (auth/sealing.ts). */
export interface SealingKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

export interface Config {
  mode: 'demo' | 'tenant';
  port: number;
  /** Loopback in demo mode; all interfaces in tenant mode (App Service and containers route to it). */
  host: string;
  /** Serve HTTPS with this certificate (Teams needs https://localhost for a local run); plain HTTP otherwise. */
  tls?: { cert: string; key: string };
  databaseUrl?: string;
  dataDir: string;
  app: AppCredentials;
  /** A tenant id, or `common` for a multi-tenant registration. */
  tenantId: string;
  /** Tenants allowed to sign in when `tenantId` is `common`. */
  allowedTenants: string[];
  tabDomain: string;
  endpoints: Endpoints;
  resources: Resources;
  /** Client ids whose SSO tokens we accept (`azp`). */
  allowedClientIds: string[];
  /** Extra CA certificates (PEM) trusted for calls to Microsoft 365: the emulator's, or a corporate proxy's. */
  extraCaCerts?: string;
  /**
   * Sealing keys, the current one first (JOB_SEALING_KEY, then JOB_SEALING_KEYS_RETIRED, which only open).
   * Required in tenant mode; in demo mode, when unset, the store keeps a generated one (see bootstrap.ts).
   */
  sealingKeys: SealingKey[];
}

const url = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));
const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(53000),
  HOST: z.string().min(1).optional(),
  SSL_CRT_FILE: z.string().min(1).optional(),
  SSL_KEY_FILE: z.string().min(1).optional(),
  EXTRA_ALLOWED_CLIENT_IDS: z
    .string()
    .optional()
    .transform((value) =>
      value
        ? value
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(guid)),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  AAD_APP_CLIENT_ID: guid.optional(),
  AAD_APP_TENANT_ID: z.union([guid, z.literal('common'), z.literal('organizations')]).optional(),
  ALLOWED_TENANT_IDS: z
    .string()
    .optional()
    .transform((value) =>
      value
        ? value
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(guid)),
  SECRET_AAD_APP_CLIENT_SECRET: z.string().min(1).optional(),
  AAD_APP_CERTIFICATE_FILE: z.string().min(1).optional(),
  AAD_APP_CERTIFICATE_THUMBPRINT_SHA256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits')
    .optional(),
  TAB_DOMAIN: z.string().min(1).optional(),
  AUTHORITY_HOST: url.default('https://login.microsoftonline.com'),
  GRAPH_ENDPOINT: url.default('https://graph.microsoft.com'),
  EXCHANGE_ENDPOINT: url.default('https://outlook.office365.com'),
  GRAPH_RESOURCE: url.optional(),
  EXCHANGE_RESOURCE: url.optional(),
  EXTRA_CA_CERT_FILE: z.string().min(1).optional(),
  JOB_SEALING_KEY: z.string().optional().transform(sealingKeyList),
  JOB_SEALING_KEYS_RETIRED: z.string().optional().transform(sealingKeyList),
});

/** `id:base64,id:base64`: each key 32 random bytes, e.g. from `openssl rand -base64 32`. */
function sealingKeyList(value: string | undefined, ctx: z.RefinementCtx): SealingKey[] {
  const keys: SealingKey[] = [];
  for (const item of (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/_-]+={0,2})$/.exec(item);
    const key = match ? Buffer.from(match[2] as string, 'base64') : undefined;
    if (!match || key?.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'must be <key id>:<base64 of 32 random bytes>, e.g. k1:$(openssl rand -base64 32)' });
      return [];
    }
    keys.push({ id: match[1] as string, key });
  }
  return keys;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Demo-mode wiring supplied by main.ts after it starts the embedded emulator. */
export interface DemoWiring {
  baseUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caCert: string;
  demoClientIds: string[];
}

/** True when no app registration is configured: `npm start` then serves the embedded demo tenant. */
export function isDemoEnv(env: NodeJS.ProcessEnv): boolean {
  return !env.AAD_APP_CLIENT_ID;
}

/** Read the environment into a typed config, with one clear message per bad value. */
export function loadConfig(env: NodeJS.ProcessEnv, demo?: DemoWiring): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const extraCaCerts = e.EXTRA_CA_CERT_FILE ? readFileSync(e.EXTRA_CA_CERT_FILE, 'utf8') : undefined;
  if (Boolean(e.SSL_CRT_FILE) !== Boolean(e.SSL_KEY_FILE))
    throw new ConfigError('SSL_CRT_FILE and SSL_KEY_FILE go together: set both to serve HTTPS, or neither.');
  const tls =
    e.SSL_CRT_FILE && e.SSL_KEY_FILE
      ? { cert: readFileSync(e.SSL_CRT_FILE, 'utf8'), key: readFileSync(e.SSL_KEY_FILE, 'utf8') }
      : undefined;
  if (e.JOB_SEALING_KEY.length > 1) throw new ConfigError('JOB_SEALING_KEY holds one key; list older ones in JOB_SEALING_KEYS_RETIRED.');
  const sealingKeys = [...e.JOB_SEALING_KEY, ...e.JOB_SEALING_KEYS_RETIRED];
  if (e.JOB_SEALING_KEYS_RETIRED.length > 0 && e.JOB_SEALING_KEY.length === 0)
    throw new ConfigError('JOB_SEALING_KEYS_RETIRED needs JOB_SEALING_KEY: the retired keys only open what they sealed.');
  const common = { port: e.PORT, databaseUrl: e.DATABASE_URL, dataDir: e.DATA_DIR, tls, sealingKeys };

  if (demo) {
    return {
      ...common,
      mode: 'demo',
      host: e.HOST ?? '127.0.0.1',
      app: { clientId: demo.clientId, clientSecret: demo.clientSecret },
      tenantId: demo.tenantId,
      allowedTenants: [demo.tenantId, ...e.ALLOWED_TENANT_IDS],
      tabDomain: e.TAB_DOMAIN ?? 'localhost',
      endpoints: { authorityHost: demo.baseUrl, graph: demo.baseUrl, exchange: demo.baseUrl },
      // The emulator issues tokens for the worldwide resource ids, as Entra does.
      resources: { graph: 'https://graph.microsoft.com', exchange: 'https://outlook.office365.com' },
      allowedClientIds: [...TEAMS_CLIENT_IDS, ...demo.demoClientIds, ...e.EXTRA_ALLOWED_CLIENT_IDS],
      extraCaCerts: [demo.caCert, extraCaCerts].filter(Boolean).join('\n'),
    };
  }

  const missing = (['AAD_APP_CLIENT_ID', 'AAD_APP_TENANT_ID', 'TAB_DOMAIN'] as const).filter((key) => !e[key]);
  if (missing.length > 0) throw new ConfigError(`Tenant mode needs ${missing.join(', ')} (unset AAD_APP_CLIENT_ID for demo mode).`);
  const tenantId = e.AAD_APP_TENANT_ID === 'organizations' ? 'common' : (e.AAD_APP_TENANT_ID as string);
  if (tenantId === 'common' && e.ALLOWED_TENANT_IDS.length === 0) {
    throw new ConfigError('AAD_APP_TENANT_ID=common needs ALLOWED_TENANT_IDS: the comma-separated tenants that may use this app.');
  }
  let certificate: AppCredentials['certificate'];
  if (e.AAD_APP_CERTIFICATE_FILE) {
    if (!e.AAD_APP_CERTIFICATE_THUMBPRINT_SHA256)
      throw new ConfigError('AAD_APP_CERTIFICATE_FILE needs AAD_APP_CERTIFICATE_THUMBPRINT_SHA256.');
    certificate = {
      privateKey: readFileSync(e.AAD_APP_CERTIFICATE_FILE, 'utf8'),
      thumbprintSha256: e.AAD_APP_CERTIFICATE_THUMBPRINT_SHA256,
    };
  }
  if (!certificate && !e.SECRET_AAD_APP_CLIENT_SECRET) {
    throw new ConfigError('Tenant mode needs SECRET_AAD_APP_CLIENT_SECRET or AAD_APP_CERTIFICATE_FILE.');
  }
  if (sealingKeys.length === 0) {
    throw new ConfigError(
      'Tenant mode needs JOB_SEALING_KEY (<key id>:<base64 of 32 random bytes>, e.g. k1:$(openssl rand -base64 32)): it seals the sign-in that long syncs and bulk jobs keep. Give every instance the same value.',
    );
  }
  return {
    ...common,
    mode: 'tenant',
    host: e.HOST ?? '0.0.0.0',
    app: { clientId: e.AAD_APP_CLIENT_ID as string, clientSecret: e.SECRET_AAD_APP_CLIENT_SECRET, certificate },
    tenantId,
    allowedTenants: tenantId === 'common' ? e.ALLOWED_TENANT_IDS : [tenantId],
    tabDomain: e.TAB_DOMAIN as string,
    endpoints: { authorityHost: e.AUTHORITY_HOST, graph: e.GRAPH_ENDPOINT, exchange: e.EXCHANGE_ENDPOINT },
    // A national cloud's resource id is its endpoint; override when a proxy or test double sits in front.
    resources: { graph: e.GRAPH_RESOURCE ?? e.GRAPH_ENDPOINT, exchange: e.EXCHANGE_RESOURCE ?? e.EXCHANGE_ENDPOINT },
    // Admins scripting against the API with their own app registration add its client id here.
    allowedClientIds: [...TEAMS_CLIENT_IDS, ...e.EXTRA_ALLOWED_CLIENT_IDS],
    extraCaCerts,
  };
}
