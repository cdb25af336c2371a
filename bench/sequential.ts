import { USER_SELECT } from '../api/src/reads/readers.ts';
import { TEAMS_ROOMS_SKU_IDS } from '../api/src/domain/licenseCatalog.ts';
import type { BenchTenant } from './emulator.ts';
import { httpsRequest, type HttpsReply } from './http.ts';

/**
 * The baseline admins script today, written here only for the comparison: one call at a time, no `$batch`,
 * each page after the previous one, then Get-Mailbox for licensed accounts and Get-CalendarProcessing for
 * every mailbox, one by one, waiting out any 429. It reads what a full sync reads.
 */
export class SequentialClient {
  private graphToken = '';
  private exchangeToken = '';
  calls = 0;
  throttled = 0;

  constructor(
    private readonly tenant: BenchTenant,
    private readonly persona = 'global-admin',
  ) {}

  /** On-behalf-of tokens for Graph and Exchange, as the EXO and Graph PowerShell modules hold them. */
  async signIn(): Promise<void> {
    const assertion = await this.tenant.client.token(this.persona);
    const { emulator } = this.tenant;
    const obo = async (scope: string) => {
      const form = new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        requested_token_use: 'on_behalf_of',
        client_id: emulator.clientId,
        client_secret: emulator.clientSecret,
        assertion,
        scope,
      });
      const reply = await httpsRequest(`${emulator.baseUrl}/${emulator.tenantId}/oauth2/v2.0/token`, this.tenant.client.agent, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      const token = (reply.body as { access_token?: string }).access_token;
      if (!token) throw new Error(`on-behalf-of for ${scope}: ${reply.status} ${JSON.stringify(reply.body)}`);
      return token;
    };
    this.graphToken = await obo('https://graph.microsoft.com/.default');
    this.exchangeToken = await obo('https://outlook.office365.com/.default');
  }

  /** Every listing a sync needs; returns the mailboxes to read calendar processing for. */
  async listEverything(): Promise<string[]> {
    await this.graphPages('/v1.0/subscribedSkus');
    const users = await this.graphPages(`/v1.0/users?$select=${USER_SELECT.join(',')}&$top=999`);
    await this.roomPages();
    const rooms = await this.cmdletPages('Get-Mailbox', { RecipientTypeDetails: ['RoomMailbox'], ResultSize: 'Unlimited' });
    const roomIds = new Set(rooms.map((mailbox) => String(mailbox.ExternalDirectoryObjectId)));
    const mailboxes = rooms.map((mailbox) => String(mailbox.UserPrincipalName));
    // Licensed accounts that are not room mailboxes: Get-Mailbox each.
    for (const user of users) {
      const licensed = ((user.assignedLicenses as { skuId: string }[] | undefined) ?? []).some((license) =>
        TEAMS_ROOMS_SKU_IDS.includes(license.skuId),
      );
      if (!licensed || roomIds.has(String(user.id)) || user.userType === 'Guest') continue;
      const reply = await this.cmdlet('Get-Mailbox', { Identity: String(user.userPrincipalName) });
      if (reply.status === 200) mailboxes.push(String(user.userPrincipalName));
    }
    return mailboxes;
  }

  async calendarProcessing(identity: string): Promise<void> {
    const reply = await this.cmdlet('Get-CalendarProcessing', { Identity: identity });
    if (reply.status !== 200) throw new Error(`Get-CalendarProcessing ${identity}: ${reply.status}`);
  }

  /** Places sends no nextLink: rooms are read 999 at a time by `$skip` until a page comes back short. */
  private async roomPages(): Promise<void> {
    for (let skip = 0; ; skip += 999) {
      const rooms = await this.graphPages(`/v1.0/places/microsoft.graph.room?$top=999&$skip=${skip}`);
      if (rooms.length < 999) return;
    }
  }

  private async graphPages(first: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let url: string | undefined = `${this.tenant.emulator.baseUrl}${first}`;
    while (url) {
      const target: string = url;
      const reply = await this.send(() =>
        httpsRequest(target, this.tenant.client.agent, { method: 'GET', headers: { authorization: `Bearer ${this.graphToken}` } }),
      );
      const page = reply.body as { value?: Record<string, unknown>[]; '@odata.nextLink'?: string };
      if (reply.status !== 200) throw new Error(`GET ${target}: ${reply.status}`);
      items.push(...(page.value ?? []));
      url = page['@odata.nextLink'];
    }
    return items;
  }

  private async cmdletPages(name: string, parameters: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let url: string | undefined;
    do {
      const reply = await this.cmdlet(name, parameters, url);
      if (reply.status !== 200) throw new Error(`${name}: ${reply.status}`);
      const page = reply.body as { value?: Record<string, unknown>[]; '@odata.nextLink'?: string };
      items.push(...(page.value ?? []));
      url = page['@odata.nextLink'];
    } while (url);
    return items;
  }

  private cmdlet(name: string, parameters: Record<string, unknown>, url?: string): Promise<HttpsReply> {
    const { emulator } = this.tenant;
    const target = url ?? `${emulator.baseUrl}/adminapi/beta/${emulator.tenantId}/InvokeCommand`;
    return this.send(() =>
      httpsRequest(target, this.tenant.client.agent, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.exchangeToken}`,
          prefer: 'odata.maxpagesize=1000',
          'x-anchormailbox': `UPN:${String(parameters.Identity ?? 'admin')}`,
        },
        body: { CmdletInput: { CmdletName: name, Parameters: parameters } },
      }),
    );
  }

  /** One call; on 429 wait what the service asks (the emulator's exact ms when time is scaled) and send again. */
  private async send(attempt: () => Promise<HttpsReply>): Promise<HttpsReply> {
    for (;;) {
      this.calls += 1;
      const reply = await attempt();
      if (reply.status !== 429) return reply;
      this.throttled += 1;
      const wait = Number(reply.headers['x-ms-retry-after-ms'] ?? Number(reply.headers['retry-after'] ?? 1) * 1000);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/**
 * The baseline's time for a full read of the tenant: listings and lookups in full, then calendar processing
 * for `sample` mailboxes, extrapolated linearly to all of them (one call at a time, so its time is a sum).
 */
export async function timeSequentialBaseline(
  tenant: BenchTenant,
  sample: number,
): Promise<{ seconds: number; measuredSeconds: number; mailboxes: number; sampled: number; calls: number; throttled: number }> {
  const client = new SequentialClient(tenant);
  await client.signIn();
  const started = performance.now();
  const mailboxes = await client.listEverything();
  const listed = performance.now();
  const sampled = mailboxes.slice(0, Math.min(sample, mailboxes.length));
  for (const identity of sampled) await client.calendarProcessing(identity);
  const ended = performance.now();
  const perMailbox = sampled.length > 0 ? (ended - listed) / sampled.length : 0;
  return {
    seconds: (listed - started + perMailbox * mailboxes.length) / 1000,
    measuredSeconds: (ended - started) / 1000,
    mailboxes: mailboxes.length,
    sampled: sampled.length,
    calls: client.calls,
    throttled: client.throttled,
  };
}
