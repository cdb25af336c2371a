// Evidence: docs/microsoft-365.md#exo-invoke, #exo-batch
import { setImmediate } from 'node:timers/promises';
import { z } from 'zod';
import type { CallOutcome, TenantBudget } from './tenantBudget.ts';
import { ExchangeBatcher, type BatchOrigin, type ExchangeBatchPool, type QueuedCmdlet } from './exchangeBatcher.ts';
import { log } from '../log.ts';
import { exchangeError, hasExchangeError, invalidResponse, M365Error } from './errors.ts';
import { resilientCall, type CallContext, type CallOptions } from './resilientCall.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
import {
  calendarProcessing,
  exchangeGroupMember,
  exchangeMailbox,
  exchangeRoomList,
  exchangePlace,
  invokeCommandPage,
  type CalendarProcessing,
  type ExchangeMailbox,
  type ExchangePlace,
} from './schemas.ts';
import type { HttpResponse, Transport } from './transport.ts';
import { ITEMS_PER_TURN } from './turns.ts';

export interface ExchangeClientOptions {
  /** The Exchange Online host, e.g. `https://outlook.office365.com` (`https://outlook.office365.us` for GCC High). */
  baseUrl: string;
  /** Tenant id (or its initial domain): part of every InvokeCommand URL. */
  tenantId: string;
  /** An Exchange token (`https://outlook.office365.com/.default`); called before every attempt. */
  getToken: () => Promise<string>;
  budget: TenantBudget;
  transport: Transport;
  retry?: Partial<RetryPolicy>;
  /** Warnings (`@adminapi.warnings`) of read cmdlets, which have no other place to go. */
  onWarnings?: (cmdlet: string, warnings: string[]) => void;
  /** A listed object we could not read and skipped (logged when not given). */
  onUnreadable?: (cmdlet: string, reason: string) => void;
  /**
   * Send concurrent single-object cmdlets together in `$batch` envelopes of up to 10 (default true); false
   * sends every cmdlet as its own InvokeCommand (a one-call-at-a-time client, for comparisons).
   */
  batch?: boolean;
  /** Share envelopes with the process's other clients of the same user (`key`: the signed-in user's id). */
  batchPool?: { pool: ExchangeBatchPool; key: string };
}

/** A write cmdlet's result: Exchange's non-fatal messages, e.g. "The command completed successfully but no settings … have been modified." */
export interface CmdletResult {
  warnings: string[];
}

export type RecipientTypeDetails = 'RoomMailbox' | 'EquipmentMailbox' | 'UserMailbox' | 'SharedMailbox';

/** Set-CalendarProcessing parameters (domain.md §1b), PascalCase as the cmdlet takes them. */
export interface CalendarProcessingParams {
  AutomateProcessing?: 'None' | 'AutoUpdate' | 'AutoAccept';
  AddOrganizerToSubject?: boolean;
  DeleteComments?: boolean;
  DeleteSubject?: boolean;
  RemovePrivateProperty?: boolean;
  ProcessExternalMeetingMessages?: boolean;
  AllowRecurringMeetings?: boolean;
  DeleteAttachments?: boolean;
  AddAdditionalResponse?: boolean;
  AdditionalResponse?: string | null;
  AllowConflicts?: boolean;
  BookingWindowInDays?: number;
  MaximumDurationInMinutes?: number;
  EnforceSchedulingHorizon?: boolean;
  ScheduleOnlyDuringWorkHours?: boolean;
  ConflictPercentageAllowed?: number;
  MaximumConflictInstances?: number;
  AllBookInPolicy?: boolean;
  BookInPolicy?: string[];
  ResourceDelegates?: string[];
  EnforceCapacity?: boolean;
}

/** The Set-Mailbox parameters we use (the password-bearing ones need the module's key and are left out). */
export interface MailboxParams {
  HiddenFromAddressListsEnabled?: boolean;
  MailTip?: string | null;
  ResourceCapacity?: number | null;
  Type?: 'Regular' | 'Room' | 'Equipment' | 'Shared';
  WindowsEmailAddress?: string;
  Office?: string | null;
}

/** Set-Place parameters (domain.md §1c). */
export interface PlaceParams {
  Building?: string | null;
  Floor?: number | null;
  FloorLabel?: string | null;
  Capacity?: number | null;
  Street?: string | null;
  City?: string | null;
  State?: string | null;
  PostalCode?: string | null;
  CountryOrRegion?: string | null;
  Phone?: string | null;
  GeoCoordinates?: string | null;
  IsWheelChairAccessible?: boolean;
  Label?: string | null;
  Tags?: string[];
  MTREnabled?: boolean;
  AudioDeviceName?: string | null;
  VideoDeviceName?: string | null;
  DisplayDeviceName?: string | null;
}

interface InvokePage<T> {
  value: T[];
  warnings: string[];
  next?: string;
}

/** The system mailbox the EXO module anchors tenant-wide cmdlets on. */
const SYSTEM_MAILBOX = 'SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}';

/**
 * Exchange Online cmdlets through the admin API's `InvokeCommand` endpoint (domain.md §4b): Get/Set of
 * mailboxes, calendar processing and places. Pacing (per tenant and per user), paging and retries stay here.
 */
export class ExchangeClient {
  private readonly url: string;
  private readonly origin: string;
  private readonly tenantId: string;
  private readonly context: CallContext;
  private readonly onWarnings?: (cmdlet: string, warnings: string[]) => void;
  private readonly onUnreadable: (cmdlet: string, reason: string) => void;
  private readonly batcher?: ExchangeBatcher;
  private readonly batchOrigin: BatchOrigin;
  private readonly batchUrl: string;

  constructor(options: ExchangeClientOptions) {
    const base = options.baseUrl.replace(/\/+$/, '');
    this.url = `${base}/adminapi/beta/${encodeURIComponent(options.tenantId)}/InvokeCommand`;
    this.batchUrl = `${base}/adminapi/beta/${encodeURIComponent(options.tenantId)}/$batch`;
    this.origin = new URL(base).origin;
    this.tenantId = options.tenantId;
    this.onWarnings = options.onWarnings;
    this.onUnreadable = options.onUnreadable ?? ((cmdlet, reason) => log('warn', 'exchange_item_skipped', { cmdlet, reason }));
    this.context = {
      service: 'exchange',
      transport: options.transport,
      getToken: options.getToken,
      budget: options.budget,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    };
    this.batchOrigin = {
      context: this.context,
      senders: {
        sendOne: (item, context, call) => this.post(context, this.url, item.cmdlet, item.parameters, item.anchor, call),
        sendBatch: (items, context, call, outcomeOf) => this.postBatch(context, items, call, outcomeOf),
      },
    };
    if (options.batch !== false) {
      const shared = options.batchPool;
      this.batcher = shared ? shared.pool.batcherFor(`${this.url}|${shared.key}`) : new ExchangeBatcher();
    }
  }

  /**
   * Mailboxes of the given types (rooms by default; any type when only an OPATH `filter` is given), 1,000 per
   * page, following `@odata.nextLink`, with only the `select`ed properties when given.
   */
  async *listMailboxes(
    options: { recipientTypeDetails?: RecipientTypeDetails[]; filter?: string; select?: readonly string[] } = {},
    call?: CallOptions,
  ): AsyncGenerator<ExchangeMailbox> {
    const types = options.recipientTypeDetails ?? (options.filter ? undefined : ['RoomMailbox']);
    const parameters = {
      ...(types ? { RecipientTypeDetails: types } : {}),
      ...(options.filter ? { Filter: options.filter } : {}),
      ResultSize: 'Unlimited',
    };
    // `$select` trims each of the 1,000 mailboxes a page carries; the next links repeat it.
    let url: string | undefined = options.select ? `${this.url}?$select=${options.select.map(encodeURIComponent).join(',')}` : this.url;
    while (url) {
      // Each mailbox is checked on its own: one we cannot read is skipped (and reported), never the whole page;
      // ITEMS_PER_TURN of them a turn of the event loop.
      const page: InvokePage<unknown> = await this.invoke('Get-Mailbox', parameters, z.unknown(), { url, call });
      for (const [index, item] of page.value.entries()) {
        if (index > 0 && index % ITEMS_PER_TURN === 0) await setImmediate();
        const parsed = exchangeMailbox.safeParse(item);
        if (parsed.success) yield parsed.data;
        else this.onUnreadable('Get-Mailbox', `${describeItem(item)}: ${describeIssues(parsed.error.issues)}`);
      }
      url = page.next;
    }
  }

  /** One mailbox; kind `notFound` when Exchange has none for that identity. */
  async getMailbox(identity: string, call?: CallOptions): Promise<ExchangeMailbox> {
    return this.single('Get-Mailbox', identity, exchangeMailbox, call);
  }

  /**
   * A value outside what we know (a new AutomateProcessing mode, a wrong type) fails only this read, with
   * code `unexpected_value`: the account's calendar settings become unreadable, nothing else does.
   */
  async getCalendarProcessing(identity: string, call?: CallOptions): Promise<CalendarProcessing> {
    const raw = await this.single('Get-CalendarProcessing', identity, z.unknown(), call);
    const parsed = calendarProcessing.safeParse(raw);
    if (parsed.success) return parsed.data;
    throw new M365Error({
      service: 'exchange',
      kind: 'invalid_response',
      status: 200,
      code: 'unexpected_value',
      message: `Get-CalendarProcessing returned values this app does not know for '${identity}': ${describeIssues(parsed.error.issues, raw)}`,
    });
  }

  /** Idempotent: sending the same values twice leaves the mailbox as once (Exchange then only warns). */
  async setCalendarProcessing(identity: string, params: CalendarProcessingParams, call?: CallOptions): Promise<CmdletResult> {
    return this.write('Set-CalendarProcessing', identity, params, call);
  }

  async setMailbox(identity: string, params: MailboxParams, call?: CallOptions): Promise<CmdletResult> {
    return this.write('Set-Mailbox', identity, params, call);
  }

  async getPlace(identity: string, call?: CallOptions): Promise<ExchangePlace> {
    return this.single('Get-Place', identity, exchangePlace, call);
  }

  async setPlace(identity: string, params: PlaceParams, call?: CallOptions): Promise<CmdletResult> {
    return this.write('Set-Place', identity, params, call);
  }

  /** Every room list, paged (docs/microsoft-365.md#exo-room-lists). */
  async listRoomLists(call?: CallOptions): Promise<z.infer<typeof exchangeRoomList>[]> {
    return this.listAll('Get-DistributionGroup', { RecipientTypeDetails: 'RoomList', ResultSize: 'Unlimited' }, exchangeRoomList, call);
  }

  /** The members of one group, paged. */
  async listGroupMembers(identity: string, call?: CallOptions): Promise<z.infer<typeof exchangeGroupMember>[]> {
    return this.listAll('Get-DistributionGroupMember', { Identity: identity, ResultSize: 'Unlimited' }, exchangeGroupMember, call);
  }

  /**
   * Add one room to a room list. Not idempotent on the wire (a second add is MemberAlreadyExistsException), so
   * it is never retried blindly; the switch lets an admin who does not own the list add to it (CIPP sends it too).
   */
  async addGroupMember(identity: string, member: string, call?: CallOptions): Promise<CmdletResult> {
    const page = await this.invoke(
      'Add-DistributionGroupMember',
      { Identity: identity, Member: member, BypassSecurityGroupManagerCheck: true },
      z.unknown(),
      { call, quiet: true, once: true },
    );
    return { warnings: page.warnings };
  }

  /** Create a room list holding `members` (docs/microsoft-365.md#exo-room-lists-write); never retried blindly either. */
  async newRoomList(name: string, members: readonly string[], call?: CallOptions): Promise<CmdletResult> {
    const page = await this.invoke('New-DistributionGroup', { Name: name, RoomList: true, Members: [...members] }, z.unknown(), {
      call,
      quiet: true,
      once: true,
    });
    return { warnings: page.warnings };
  }

  /** Every item of a list cmdlet, following `@odata.nextLink`; items must match `schema`. */
  private async listAll<T extends z.ZodType>(
    cmdlet: string,
    parameters: Record<string, unknown>,
    schema: T,
    call?: CallOptions,
  ): Promise<z.infer<T>[]> {
    const items: z.infer<T>[] = [];
    let url: string | undefined = this.url;
    while (url) {
      const page: InvokePage<z.infer<T>> = await this.invoke(cmdlet, parameters, schema, { url, call });
      items.push(...page.value);
      url = page.next;
    }
    return items;
  }

  private async single<T extends z.ZodType>(cmdlet: string, identity: string, schema: T, call?: CallOptions): Promise<z.infer<T>> {
    const page = await this.perObject(cmdlet, { Identity: identity }, identity, schema, call);
    if (page.warnings.length > 0) this.onWarnings?.(cmdlet, page.warnings);
    const [first] = page.value;
    if (first === undefined) {
      throw new M365Error({
        service: 'exchange',
        kind: 'notFound',
        status: 200,
        code: 'ManagementObjectNotFoundException',
        message: `${cmdlet} returned nothing for '${identity}'.`,
      });
    }
    return first;
  }

  private async write(cmdlet: string, identity: string, params: object, call?: CallOptions): Promise<CmdletResult> {
    const page = await this.perObject(cmdlet, { Identity: identity, ...params }, identity, z.unknown(), call);
    return { warnings: page.warnings };
  }

  /** A cmdlet on one object: through the batcher when there is one, its answer parsed as any single call's. */
  private async perObject<T extends z.ZodType>(
    cmdlet: string,
    parameters: Record<string, unknown>,
    anchor: string,
    schema: T,
    call?: CallOptions,
  ): Promise<InvokePage<z.infer<T>>> {
    const res = this.batcher
      ? await this.batcher.run({ cmdlet, parameters, anchor }, this.batchOrigin, call)
      : await this.post(this.context, this.url, cmdlet, parameters, anchor, call);
    return parsePage(cmdlet, schema, res);
  }

  private async invoke<T extends z.ZodType>(
    cmdlet: string,
    parameters: Record<string, unknown>,
    schema: T,
    /**
     * `once`: a write that is not idempotent (New-, Add-): counted as a write and not retried after an
     * ambiguous failure. `quiet`: warnings go back to the caller only, not to `onWarnings`.
     */
    options: { url?: string; call?: CallOptions; quiet?: boolean; once?: boolean },
  ): Promise<InvokePage<z.infer<T>>> {
    const url = options.url ?? this.url;
    if (new URL(url).origin !== this.origin) {
      throw invalidResponse('exchange', cmdlet, [{ path: ['@odata.nextLink'], message: `link leaves ${this.origin}` }]);
    }
    const page = parsePage(cmdlet, schema, await this.post(this.context, url, cmdlet, parameters, undefined, options.call, options.once));
    if (page.warnings.length > 0 && !options.quiet) this.onWarnings?.(cmdlet, page.warnings);
    return page;
  }

  /** One plain InvokeCommand, anchored on `anchor` (one object) or on the system mailbox (tenant-wide). */
  private post(
    context: CallContext,
    url: string,
    cmdlet: string,
    parameters: Record<string, unknown>,
    anchor: string | undefined,
    call?: CallOptions,
    once = false,
  ): Promise<HttpResponse> {
    return resilientCall(
      context,
      {
        method: 'POST',
        url,
        headers: { ...this.itemHeaders(cmdlet, anchor), prefer: 'odata.maxpagesize=1000' },
        body: { CmdletInput: { CmdletName: cmdlet, Parameters: parameters } },
        cost: { service: 'exchange', writes: isWrite(cmdlet) || once ? 1 : 0 },
        // Get-* and Set-* are idempotent; New-/Add- (once) are not.
        idempotent: !once,
        toError: exchangeError,
        userOf: tokenObjectId,
      },
      call,
    );
  }

  /**
   * One `$batch` envelope (docs/microsoft-365.md#exo-batch), shaped as CIPP-API sends it: each item a POST of
   * the InvokeCommand URL with its own cmdlet body and routing headers; `odata.continue-on-error` so one
   * failed item does not stop the rest. It holds one concurrency slot and spends one cmdlet per item.
   */
  private postBatch(
    context: CallContext,
    items: readonly { id: string; item: QueuedCmdlet }[],
    call: CallOptions,
    outcomeOf: (res: HttpResponse) => CallOutcome,
  ): Promise<HttpResponse> {
    return resilientCall(
      context,
      {
        method: 'POST',
        url: this.batchUrl,
        headers: {
          'x-anchormailbox': `UPN:${items[0]?.item.anchor ?? ''}`,
          'x-clientapplication': 'RoomAccounts',
          prefer: 'odata.maxpagesize=1000;odata.continue-on-error',
        },
        body: {
          requests: items.map(({ id, item }) => ({
            id,
            method: 'POST',
            url: this.url,
            headers: this.itemHeaders(item.cmdlet, item.anchor),
            body: { CmdletInput: { CmdletName: item.cmdlet, Parameters: item.parameters } },
          })),
        },
        cost: { service: 'exchange', cmdlets: items.length, writes: items.filter(({ item }) => isWrite(item.cmdlet)).length },
        idempotent: true,
        toError: exchangeError,
        outcomeOf,
        userOf: tokenObjectId,
      },
      call,
    );
  }

  private itemHeaders(cmdlet: string, anchor: string | undefined): Record<string, string> {
    return {
      'x-anchormailbox': anchor ? `UPN:${anchor}` : `APP:${SYSTEM_MAILBOX}@${this.tenantId}`,
      'x-cmdletname': cmdlet,
      'x-responseformat': 'json',
      'x-clientapplication': 'RoomAccounts',
    };
  }
}

const isWrite = (cmdlet: string) => cmdlet.startsWith('Set-');

function parsePage<T extends z.ZodType>(cmdlet: string, schema: T, res: HttpResponse): InvokePage<z.infer<T>> {
  // A write may answer with no body at all.
  if (res.body === undefined) return { value: [], warnings: [] };
  // A 200 can still carry the cmdlet's failure: it is the same error a 4xx with that body would be.
  if (hasExchangeError(res.body)) throw exchangeError(res);
  const parsed = invokeCommandPage(schema).safeParse(res.body);
  if (!parsed.success) throw invalidResponse('exchange', cmdlet, parsed.error.issues, res);
  return { value: parsed.data.value as z.infer<T>[], warnings: parsed.data['@adminapi.warnings'], next: parsed.data['@odata.nextLink'] };
}

/** Which object a skipped item was, as far as it says. */
function describeItem(item: unknown): string {
  if (typeof item !== 'object' || item === null) return `an item of type ${typeof item}`;
  const record = item as Record<string, unknown>;
  const name = [record.Identity, record.ExternalDirectoryObjectId, record.Guid].find((value) => typeof value === 'string' && value !== '');
  return name ? `mailbox '${String(name)}'` : 'a mailbox without an identity';
}

/** The first few problems as `Field: what was wrong (got value)`. */
function describeIssues(issues: readonly z.core.$ZodIssue[], raw?: unknown): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const field = issue.path.map(String).join('.') || '(item)';
      const got =
        raw && typeof raw === 'object' && issue.path.length === 1 ? (raw as Record<string, unknown>)[String(issue.path[0])] : undefined;
      return `${field}: ${issue.message}${got !== undefined ? ` (got ${JSON.stringify(got)})` : ''}`;
    })
    .join('; ');
}

/** The signed-in user (`oid`) behind a token, for Exchange's per-user limits; read, not verified. */
function tokenObjectId(token: string): string {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { oid?: unknown };
    return typeof payload.oid === 'string' ? payload.oid : '';
  } catch {
    return '';
  }
}
