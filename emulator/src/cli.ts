/**
 * `npm run emulator -- [flags]`: start the tenant emulator as its own process. The first stdout line is one
 * JSON object (baseUrl, tenantId, clientId, clientSecret, caCertFile) for scripts; a readable summary follows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { KNOB_SPECS, knobsSchema, knobValueFromText, knobValueToText, type KnobName, type TrafficKnobs } from './limits/knobs.ts';
import { isProfileName, overridesOf, PROFILE_NAMES, type ProfileName } from './limits/profiles.ts';
import { startEmulator, type RunningEmulator } from './server.ts';
import type { TenantRegion } from './tenant/model.ts';
import { PERSONAS } from './tenant/personas.ts';
import { seedManifest, type TenantSpec } from './tenant/seed.ts';

const REGIONS: readonly TenantRegion[] = ['WW', 'GCC', 'GCCH', 'DOD'];

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  port: { type: 'string' },
  host: { type: 'string' },
  rooms: { type: 'string' },
  seed: { type: 'string' },
  tenants: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  'ca-file': { type: 'string' },
  ...Object.fromEntries(KNOB_SPECS.map((spec) => [spec.flag, { type: 'string' }])),
} satisfies ParseArgsConfig['options'];

interface CliSettings {
  port: number;
  host: string;
  tenants: TenantSpec[];
  profile: ProfileName;
  knobs: Partial<TrafficKnobs>;
  caFile: string;
}

class UsageError extends Error {}

function usage(): string {
  const knobLines = KNOB_SPECS.map((spec) => `  --${spec.flag.padEnd(28)} ${spec.help}`);
  return [
    'Usage: npm run emulator -- [options]',
    '',
    'Starts a Microsoft 365 tenant emulator (Entra, Graph v1.0, Exchange admin API) over HTTPS.',
    '',
    'Options:',
    '  --port N                       port to listen on (default 4100; 0 picks a free one)',
    '  --host HOST                    address to bind (default 127.0.0.1)',
    '  --rooms N                      room mailboxes per tenant (default 300, max 100000)',
    '  --seed N                       seed of the first tenant; tenant i uses seed+i (default 1)',
    '  --tenants N                    number of tenants (default 1)',
    `  --region R                     ${REGIONS.join('|')} (default WW)`,
    `  --profile P                    traffic profile: ${PROFILE_NAMES.join('|')} (default none)`,
    '  --ca-file PATH                 where to write the CA certificate (default ./data/emulator-ca.pem)',
    '  -h, --help                     print this help',
    '',
    'Traffic knobs (override the profile; limits of 0 mean no limit):',
    ...knobLines,
    '',
    'Trust the certificate with NODE_EXTRA_CA_CERTS=<ca-file>. Control API: <baseUrl>/emulator/{stats,profile,tenants,...}.',
  ].join('\n');
}

function integer(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || value < min || value > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not '${text}'.`);
  return value;
}

function parseCli(argv: string[]): CliSettings | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return 'help';
  const text = (name: string) => values[name] as string | undefined;
  const seed = integer('seed', text('seed'), 1, 0, 2 ** 31 - 1);
  const rooms = integer('rooms', text('rooms'), 300, 0, 100_000);
  const count = integer('tenants', text('tenants'), 1, 1, 20);
  const region = (text('region') ?? 'WW').toUpperCase();
  if (!(REGIONS as readonly string[]).includes(region))
    throw new UsageError(`--region must be one of ${REGIONS.join(', ')}, not '${text('region')}'.`);
  const profile = text('profile') ?? 'none';
  if (!isProfileName(profile)) throw new UsageError(`--profile must be one of ${PROFILE_NAMES.join(', ')}, not '${profile}'.`);
  const rawKnobs: Partial<Record<KnobName, unknown>> = { seed };
  for (const spec of KNOB_SPECS) {
    const value = text(spec.flag);
    if (value !== undefined) rawKnobs[spec.name] = knobValueFromText(spec, value);
  }
  const knobs = knobsSchema.safeParse(rawKnobs);
  if (!knobs.success) {
    const issue = knobs.error.issues[0];
    const spec = KNOB_SPECS.find((candidate) => candidate.name === issue?.path[0]);
    throw new UsageError(`--${spec?.flag ?? 'knob'} '${spec ? text(spec.flag) : ''}' is invalid: ${issue?.message ?? 'bad value'}.`);
  }
  return {
    port: integer('port', text('port'), 4100, 0, 65535),
    host: text('host') ?? '127.0.0.1',
    tenants: Array.from({ length: count }, (_, index) => ({ seed: seed + index, rooms, region: region as TenantRegion })),
    profile,
    knobs: knobs.data,
    caFile: resolve(text('ca-file') ?? 'data/emulator-ca.pem'),
  };
}

function summary(emulator: RunningEmulator, settings: CliSettings): string {
  const lines: string[] = [];
  for (const tenant of emulator.context.tenants.values()) {
    const manifest = seedManifest(tenant);
    lines.push(`Tenant ${tenant.displayName} (${tenant.domain}, ${tenant.region}) id ${tenant.id}`);
    lines.push(
      `  ${tenant.users.size} users, ${tenant.mailboxes.size} mailboxes, ${tenant.places.size} places, ${manifest.resourceAccountIds.size} resource accounts`,
    );
    const scenarios = Object.entries(manifest.byScenario)
      .map(([name, ids]) => [name, ids.length] as const)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    lines.push(`  scenarios: ${scenarios.map(([name, count]) => `${name} ${count}`).join(', ')}`);
  }
  const domain = emulator.tenant().domain;
  lines.push('Personas (POST /demo/token {"persona": id}):');
  for (const persona of PERSONAS) lines.push(`  ${persona.id.padEnd(26)} ${persona.alias}@${domain}`);
  const traffic = emulator.traffic?.current();
  if (traffic) {
    const overrides = Object.entries(overridesOf(traffic)).filter(([name]) => name !== 'seed');
    const changed = overrides.map(([name, value]) => `${name}=${knobValueToText(value as TrafficKnobs[KnobName])}`).join(', ');
    lines.push(`Traffic profile: ${traffic.profile}${changed ? ` (${changed})` : ''}; GET/PUT ${emulator.baseUrl}/emulator/profile`);
  }
  lines.push(`CA certificate: ${settings.caFile} (NODE_EXTRA_CA_CERTS=${settings.caFile})`);
  lines.push(`Control API: ${emulator.baseUrl}/emulator/stats, /emulator/tenants, /emulator/reset. Ctrl+C stops.`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  let settings;
  try {
    settings = parseCli(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`emulator: ${error.message}\nRun with --help for the options.\n`);
    process.exit(2);
  }
  if (settings === 'help') {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  const emulator = await startEmulator({
    port: settings.port,
    host: settings.host,
    tenants: settings.tenants,
    profile: settings.profile,
    traffic: settings.knobs,
  });
  mkdirSync(dirname(settings.caFile), { recursive: true });
  writeFileSync(settings.caFile, emulator.caCert);
  const first = {
    baseUrl: emulator.baseUrl,
    tenantId: emulator.tenantId,
    domain: emulator.tenant().domain,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    caCertFile: settings.caFile,
    tenantIds: [...emulator.context.tenants.keys()],
  };
  process.stdout.write(`${JSON.stringify(first)}\n${summary(emulator, settings)}\n`);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
