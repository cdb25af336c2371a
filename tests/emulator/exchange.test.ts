import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import type { Admission, CallInfo, TrafficGate } from '../../emulator/src/limits/types.ts';
import { defaultCalendarProcessing, type EmMailbox, type EmPlace, type EmUser, type Tenant } from '../../emulator/src/tenant/model.ts';
import { startTenant } from '../helpers/tenant.ts';
import { EXCHANGE_SCOPE, GRAPH_SCOPE, oboToken } from '../helpers/tokens.ts';

interface ExoError {
  code: string;
  message: string;
  details?: { code: string; target: string; message: string }[];
  innererror?: { message: string; type: string; internalexception?: { message: string; type: string } };
}

interface ExoBody {
  '@odata.context'?: string;
  '@odata.nextLink'?: string;
  '@adminapi.warnings'?: string[];
  value?: Record<string, unknown>[];
  error?: ExoError;
}

interface ExoReply {
  status: number;
  headers: Headers;
  body: ExoBody;
}

interface InvokeOptions {
  tenant?: string;
  version?: string;
  query?: string;
  url?: string;
  headers?: Record<string, string>;
  rawBody?: string;
}

/** An InvokeCommand client for one emulator, caching one Exchange token per persona (and tenant). */
function exchangeClient(getEmulator: () => RunningEmulator) {
  const tokens = new Map<string, Promise<string>>();
  const token = (persona: string, tenantId?: string, scope = EXCHANGE_SCOPE) => {
    const key = `${persona}|${tenantId ?? ''}|${scope}`;
    if (!tokens.has(key)) tokens.set(key, oboToken(getEmulator(), persona, scope, tenantId));
    return tokens.get(key) as Promise<string>;
  };
  const invoke = async (
    persona: string | { token: string },
    cmdletName: string,
    parameters: Record<string, unknown> = {},
    options: InvokeOptions = {},
  ): Promise<ExoReply> => {
    const emulator = getEmulator();
    const bearer = typeof persona === 'string' ? await token(persona) : persona.token;
    const url =
      options.url ??
      `${emulator.baseUrl}/adminapi/${options.version ?? 'beta'}/${options.tenant ?? emulator.tenantId}/InvokeCommand${options.query ?? ''}`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...options.headers },
      body: options.rawBody ?? JSON.stringify({ CmdletInput: { CmdletName: cmdletName, Parameters: parameters } }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as ExoBody };
  };
  return { token, invoke };
}

/** The cmdlet's own text, where Exchange puts it: innererror.internalexception. */
function errorText(reply: ExoReply): string {
  return reply.body.error?.innererror?.internalexception?.message ?? '';
}

function errorType(reply: ExoReply): string {
  return reply.body.error?.innererror?.internalexception?.type ?? '';
}

function rooms(tenant: Tenant): EmMailbox[] {
  return [...tenant.mailboxes.values()].filter((mailbox) => mailbox.recipientTypeDetails === 'RoomMailbox');
}

function ownerOf(tenant: Tenant, mailbox: EmMailbox): EmUser {
  const user = tenant.users.get(mailbox.userId);
  assert.ok(user, `no user for ${mailbox.primarySmtpAddress}`);
  return user;
}

/** Successful writes counted for one operation on one target (targets are counted lowercased). */
function writes(emulator: RunningEmulator, operation: string, target: string): number {
  return emulator.context.stats.snapshot().writes[`${operation} ${target.toLowerCase()}`] ?? 0;
}

/** Forget whatever place record the seed gave a room, so a test controls it. */
function clearPlace(tenant: Tenant, mailbox: EmMailbox): void {
  for (const [id, place] of tenant.places) {
    if (place.emailAddress.toLowerCase() === mailbox.primarySmtpAddress.toLowerCase()) tenant.places.delete(id);
  }
}

function addPlace(tenant: Tenant, mailbox: EmMailbox, overrides: Partial<EmPlace> = {}): EmPlace {
  clearPlace(tenant, mailbox);
  const place: EmPlace = {
    id: `place-${mailbox.guid}`,
    emailAddress: mailbox.primarySmtpAddress,
    displayName: mailbox.displayName,
    nickname: null,
    building: 'Building 40',
    floorNumber: 2,
    floorLabel: 'Second',
    capacity: 8,
    label: null,
    phone: null,
    address: { street: '1 Main St', city: 'Redmond', state: 'WA', countryOrRegion: 'United States', postalCode: '98052' },
    geoCoordinates: { latitude: 47.64, longitude: -122.13 },
    isWheelChairAccessible: true,
    tags: ['Whiteboard'],
    audioDeviceName: 'Room audio',
    videoDeviceName: null,
    displayDeviceName: null,
    bookingType: 'standard',
    mtrEnabled: true,
    ...overrides,
  };
  tenant.places.set(place.id, place);
  return place;
}

describe('emulator: Exchange admin API (InvokeCommand)', () => {
  let emulator: RunningEmulator;
  let tenant: Tenant;
  let roomList: EmMailbox[];
  const { invoke, token } = exchangeClient(() => emulator);
  /** Each test works on its own rooms, so tests stay independent of each other and of the seed's contents. */
  const room = (index: number): EmMailbox => {
    const found = roomList[index];
    assert.ok(found, `the tenant needs at least ${index + 1} rooms`);
    return found;
  };

  beforeAll(async () => {
    emulator = await startTenant({
      tenants: [
        { seed: 31, rooms: 14 },
        { seed: 32, rooms: 2 },
      ],
    });
    tenant = emulator.tenant();
    roomList = rooms(tenant).sort((a, b) => a.primarySmtpAddress.localeCompare(b.primarySmtpAddress));
  });
  afterAll(() => emulator.close());

  describe('Get-Mailbox', () => {
    it('returns one mailbox by identity in the OData envelope, with PascalCase properties joined to the Entra user', async () => {
      const mailbox = room(0);
      const reply = await invoke('global-admin', 'Get-Mailbox', { Identity: mailbox.primarySmtpAddress });
      assert.equal(reply.status, 200);
      assert.equal(
        reply.body['@odata.context'],
        `${emulator.baseUrl}/adminapi/beta/${emulator.tenantId}/$metadata#Collection(Exchange.GenericHashTable)`,
      );
      assert.deepEqual(reply.body['@adminapi.warnings'], []);
      assert.ok(reply.headers.get('request-id'));
      assert.match(reply.headers.get('content-type') ?? '', /^application\/json/);
      const [object] = reply.body.value ?? [];
      assert.ok(object);
      const owner = ownerOf(tenant, mailbox);
      assert.equal(object.ExternalDirectoryObjectId, owner.id);
      assert.equal(object.UserPrincipalName, owner.userPrincipalName);
      assert.equal(object.PrimarySmtpAddress, mailbox.primarySmtpAddress);
      assert.equal(object.WindowsEmailAddress, mailbox.primarySmtpAddress);
      assert.equal(object.Guid, mailbox.guid);
      assert.equal(object.Alias, mailbox.alias);
      assert.equal(object.RecipientType, 'UserMailbox');
      assert.equal(object.RecipientTypeDetails, 'RoomMailbox');
      assert.equal(object.AccountDisabled, !owner.accountEnabled);
      assert.equal(object.RoomMailboxAccountEnabled, owner.accountEnabled);
      assert.equal(object.IsMailboxEnabled, true);
      assert.deepEqual(object.EmailAddresses, mailbox.emailAddresses);
      for (const key of [
        'Identity',
        'Id',
        'Name',
        'DisplayName',
        'HiddenFromAddressListsEnabled',
        'MailTip',
        'ResourceCapacity',
        'Office',
      ]) {
        assert.ok(key in object, `missing ${key}`);
      }
    });

    it('resolves alias, UPN, guid and Entra id, and accepts the tenant domain and the v1.0 path', async () => {
      const mailbox = room(0);
      const owner = ownerOf(tenant, mailbox);
      for (const identity of [mailbox.alias, owner.userPrincipalName, mailbox.guid, owner.id]) {
        const reply = await invoke('global-reader', 'Get-Mailbox', { Identity: identity }, { tenant: tenant.domain, version: 'v1.0' });
        assert.equal(reply.status, 200, identity);
        assert.equal(reply.body.value?.[0]?.Guid, mailbox.guid);
      }
    });

    it('honours $select on the URL', async () => {
      const reply = await invoke('global-admin', 'Get-Mailbox', { Identity: room(0).alias }, { query: '?$select=PrimarySmtpAddress,guid' });
      assert.deepEqual(Object.keys(reply.body.value?.[0] ?? {}).sort(), ['Guid', 'PrimarySmtpAddress']);
    });

    it('pages a room list with Prefer: odata.maxpagesize and @odata.nextLink until every room mailbox is seen', async () => {
      const body = { RecipientTypeDetails: 'RoomMailbox', ResultSize: 'Unlimited' };
      const seen: string[] = [];
      let reply = await invoke('exchange-admin', 'Get-Mailbox', body, {
        headers: { Prefer: 'odata.maxpagesize=2' },
        query: '?$select=Guid,RecipientTypeDetails',
      });
      assert.equal(reply.headers.get('preference-applied'), 'odata.maxpagesize=2');
      let pages = 0;
      for (;;) {
        assert.equal(reply.status, 200, JSON.stringify(reply.body.error));
        pages += 1;
        assert.ok((reply.body.value ?? []).length <= 2);
        for (const object of reply.body.value ?? []) {
          assert.equal(object.RecipientTypeDetails, 'RoomMailbox');
          seen.push(String(object.Guid));
        }
        const next = reply.body['@odata.nextLink'];
        if (!next) break;
        assert.ok(next.startsWith(`${emulator.baseUrl}/adminapi/beta/${emulator.tenantId}/InvokeCommand?$skiptoken=`));
        assert.match(next, /\$select=Guid%2CRecipientTypeDetails/);
        reply = await invoke('exchange-admin', 'Get-Mailbox', body, { url: next, headers: { Prefer: 'odata.maxpagesize=2' } });
      }
      const expected = rooms(tenant).length;
      assert.equal(seen.length, expected);
      assert.equal(new Set(seen).size, expected);
      assert.equal(pages, Math.ceil(expected / 2));
    });

    it('refuses a $skiptoken replayed with another query, or garbled', async () => {
      const first = await invoke(
        'exchange-admin',
        'Get-Mailbox',
        { RecipientTypeDetails: 'RoomMailbox' },
        { headers: { Prefer: 'odata.maxpagesize=1' } },
      );
      const next = first.body['@odata.nextLink'];
      assert.ok(next);
      const replayed = await invoke('exchange-admin', 'Get-Mailbox', { RecipientTypeDetails: 'EquipmentMailbox' }, { url: next });
      assert.equal(replayed.status, 400);
      assert.equal(errorText(replayed), 'Expired or Invalid pagination request. Default Expiry time is 00:30:00');
      const garbled = await invoke(
        'exchange-admin',
        'Get-Mailbox',
        { RecipientTypeDetails: 'RoomMailbox' },
        { query: '?$skiptoken=not-a-token' },
      );
      assert.equal(garbled.status, 400);
    });

    it("stops at -ResultSize with Exchange's warning, and narrows lists with -Filter", async () => {
      const limited = await invoke('global-admin', 'Get-Mailbox', { RecipientTypeDetails: ['RoomMailbox'], ResultSize: 3 });
      assert.equal(limited.body.value?.length, 3);
      assert.equal(limited.body['@odata.nextLink'], undefined);
      assert.match(limited.body['@adminapi.warnings']?.[0] ?? '', /There are more results available than are currently displayed/);

      const target = room(1);
      const filtered = await invoke('global-admin', 'Get-Mailbox', {
        Filter: `{RecipientTypeDetails -eq 'RoomMailbox' -and (PrimarySmtpAddress -like '${target.alias}@*' -or Alias -eq "no-such-alias")}`,
      });
      assert.equal(filtered.status, 200);
      assert.deepEqual(
        filtered.body.value?.map((object) => object.Guid),
        [target.guid],
      );
      const negated = await invoke('global-admin', 'Get-Mailbox', {
        Filter: `-not (RecipientTypeDetails -eq 'RoomMailbox')`,
        ResultSize: 'unlimited',
      });
      assert.ok(negated.body.value?.every((object) => object.RecipientTypeDetails !== 'RoomMailbox'));

      const broken = await invoke('global-admin', 'Get-Mailbox', { Filter: 'RecipientTypeDetails -eq' });
      assert.equal(broken.status, 400);
      assert.match(errorText(broken), /^Cannot bind parameter 'Filter' to the target\. .*Invalid filter syntax/s);
    });

    it('answers a missing mailbox with ManagementObjectNotFoundException in a 400, shaped as the live service', async () => {
      const reply = await invoke('global-admin', 'Get-Mailbox', { Identity: 'nobody@nowhere.example' });
      assert.equal(reply.status, 400);
      const error = reply.body.error;
      assert.ok(error);
      assert.equal(error.code, 'BadRequest');
      assert.equal(error.message, 'Error executing cmdlet');
      assert.equal(error.details?.[0]?.code, 'Client');
      assert.match(
        error.details?.[0]?.message ?? '',
        /^Ex6F9304\|Microsoft\.Exchange\.Configuration\.Tasks\.ManagementObjectNotFoundException\|The operation couldn't be performed because object 'nobody@nowhere\.example' couldn't be found on '[A-Z0-9]+\.[A-Z0-9]+\.PROD\.OUTLOOK\.COM'\.$/,
      );
      assert.equal(error.innererror?.type, 'Microsoft.Exchange.Admin.OData.Core.ODataServiceException');
      assert.equal(errorType(reply), 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException');
      assert.equal(reply.headers.get('x-exceptiontype'), 'ManagementObjectNotFoundException');
    });
  });

  describe('Get-CalendarProcessing and Set-CalendarProcessing', () => {
    it('reads every modelled setting plus Identity and MailboxOwnerId', async () => {
      const mailbox = room(2);
      const reply = await invoke('global-reader', 'Get-CalendarProcessing', { identity: mailbox.primarySmtpAddress });
      assert.equal(reply.status, 200);
      const object = reply.body.value?.[0];
      assert.deepEqual(object, { Identity: mailbox.alias, MailboxOwnerId: mailbox.alias, ...mailbox.calendarProcessing });
    });

    it('applies the recommended values, coercing PowerShell-style strings, and counts exactly one write', async () => {
      const mailbox = room(3);
      mailbox.calendarProcessing = defaultCalendarProcessing();
      const before = writes(emulator, 'Set-CalendarProcessing', mailbox.primarySmtpAddress);
      const delegate = room(4).primarySmtpAddress;
      const reply = await invoke('exchange-recipient-admin', 'Set-CalendarProcessing', {
        Identity: mailbox.alias,
        AutomateProcessing: 'autoaccept',
        AddOrganizerToSubject: false,
        DeleteComments: 'False',
        DeleteSubject: '$false',
        RemovePrivateProperty: 0,
        ProcessExternalMeetingMessages: true,
        AllowRecurringMeetings: '$true',
        DeleteAttachments: true,
        AddAdditionalResponse: true,
        AdditionalResponse: 'This is a Microsoft Teams Meeting room!',
        BookingWindowInDays: '365',
        MaximumDurationInMinutes: 0,
        ConflictPercentageAllowed: 25,
        MaximumConflictInstances: 3,
        EnforceSchedulingHorizon: false,
        ScheduleOnlyDuringWorkHours: true,
        AllowConflicts: false,
        AllBookInPolicy: false,
        BookInPolicy: [delegate],
        ResourceDelegates: delegate,
        EnforceCapacity: true,
        Confirm: false,
      });
      assert.equal(reply.status, 200, JSON.stringify(reply.body.error));
      assert.deepEqual(reply.body.value, []);
      assert.deepEqual(reply.body['@adminapi.warnings'], []);
      assert.deepEqual(mailbox.calendarProcessing, {
        AutomateProcessing: 'AutoAccept',
        AddOrganizerToSubject: false,
        DeleteComments: false,
        DeleteSubject: false,
        RemovePrivateProperty: false,
        ProcessExternalMeetingMessages: true,
        AllowRecurringMeetings: true,
        DeleteAttachments: true,
        AddAdditionalResponse: true,
        AdditionalResponse: 'This is a Microsoft Teams Meeting room!',
        AllowConflicts: false,
        BookingWindowInDays: 365,
        MaximumDurationInMinutes: 0,
        EnforceSchedulingHorizon: false,
        ScheduleOnlyDuringWorkHours: true,
        ConflictPercentageAllowed: 25,
        MaximumConflictInstances: 3,
        AllBookInPolicy: false,
        BookInPolicy: [delegate],
        ResourceDelegates: [delegate],
        EnforceCapacity: true,
      });
      assert.equal(writes(emulator, 'Set-CalendarProcessing', mailbox.primarySmtpAddress), before + 1);

      const read = await invoke('exchange-recipient-admin', 'Get-CalendarProcessing', { Identity: mailbox.alias });
      assert.equal(read.body.value?.[0]?.BookingWindowInDays, 365);

      const again = await invoke('exchange-recipient-admin', 'Set-CalendarProcessing', { Identity: mailbox.alias, DeleteComments: false });
      assert.equal(again.status, 200);
      assert.deepEqual(again.body['@adminapi.warnings'], [
        `The command completed successfully but no settings of '${mailbox.alias}' have been modified.`,
      ]);
      assert.equal(
        writes(emulator, 'Set-CalendarProcessing', mailbox.primarySmtpAddress),
        before + 1,
        'a call that changes nothing is not a write',
      );
    });

    it('edits multi-valued lists with Exchange.GenericHashTable Add/Remove', async () => {
      const mailbox = room(5);
      const [first, second] = [room(6).primarySmtpAddress, room(7).primarySmtpAddress];
      mailbox.calendarProcessing.ResourceDelegates = [first];
      const reply = await invoke('exchange-admin', 'Set-CalendarProcessing', {
        Identity: mailbox.alias,
        ResourceDelegates: { '@odata.type': '#Exchange.GenericHashTable', Add: [second], Remove: first },
      });
      assert.equal(reply.status, 200);
      assert.deepEqual(mailbox.calendarProcessing.ResourceDelegates, [second]);
    });

    it("rejects bad values with PowerShell's messages, changing nothing even when other values were valid", async () => {
      const mailbox = room(5);
      const settingsBefore = structuredClone(mailbox.calendarProcessing);
      const writesBefore = writes(emulator, 'Set-CalendarProcessing', mailbox.primarySmtpAddress);
      const attempt = (parameters: Record<string, unknown>) =>
        invoke('exchange-admin', 'Set-CalendarProcessing', {
          Identity: mailbox.alias,
          DeleteComments: !settingsBefore.DeleteComments,
          ...parameters,
        });

      const enumReply = await attempt({ AutomateProcessing: 'Foo' });
      assert.equal(enumReply.status, 400);
      assert.equal(enumReply.body.error?.message, 'Invalid Operation');
      assert.equal(
        errorText(enumReply),
        'Cannot process argument transformation on parameter \'AutomateProcessing\'. Cannot convert value "Foo" to type "Microsoft.Exchange.Data.Storage.CalendarProcessingFlags". Error: "Unable to match the identifier name Foo to a valid enumerator name. Specify one of the following enumerator names and try again: None, AutoUpdate, AutoAccept"',
      );
      assert.equal(errorType(enumReply), 'Microsoft.Exchange.AdminApi.CommandInvocation.ParameterTransformationException');

      const rangeReply = await attempt({ BookingWindowInDays: 1081 });
      assert.equal(
        errorText(rangeReply),
        "Cannot validate argument on parameter 'BookingWindowInDays'. The 1081 argument is greater than the maximum allowed range of 1080. Supply an argument that is less than or equal to 1080 and then try the command again.",
      );
      const belowReply = await attempt({ ConflictPercentageAllowed: -1 });
      assert.match(errorText(belowReply), /The -1 argument is less than the minimum allowed range of 0\./);
      const percentReply = await attempt({ ConflictPercentageAllowed: 101 });
      assert.match(errorText(percentReply), /maximum allowed range of 100\./);

      const boolReply = await attempt({ DeleteSubject: 'yes' });
      assert.equal(
        errorText(boolReply),
        'Cannot process argument transformation on parameter \'DeleteSubject\'. Cannot convert value "System.String" to type "System.Boolean". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.',
      );
      const intReply = await attempt({ MaximumDurationInMinutes: 'abc' });
      assert.match(
        errorText(intReply),
        /Cannot convert value "abc" to type "System\.Int32"\. Error: "Input string was not in a correct format\."/,
      );
      const hugeReply = await attempt({ MaximumConflictInstances: 3_000_000_000 });
      assert.match(errorText(hugeReply), /Value was either too large or too small for an Int32/);

      const unknownRecipient = await attempt({ BookInPolicy: ['ghost@nowhere.example'] });
      assert.equal(unknownRecipient.status, 400);
      assert.equal(errorType(unknownRecipient), 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException');

      for (const reply of [enumReply, rangeReply, belowReply, percentReply, boolReply, intReply, hugeReply, unknownRecipient]) {
        assert.equal(reply.status, 400);
        assert.equal(reply.body.error?.code, 'BadRequest');
      }
      assert.deepEqual(mailbox.calendarProcessing, settingsBefore);
      assert.equal(writes(emulator, 'Set-CalendarProcessing', mailbox.primarySmtpAddress), writesBefore);
    });

    it('reports binding errors: unknown, repeated and missing parameters, null identity, unknown cmdlet, bad body', async () => {
      const mailbox = room(5);
      const unknownParameter = await invoke('exchange-admin', 'Set-CalendarProcessing', { Identity: mailbox.alias, BogusParameter: 1 });
      assert.equal(unknownParameter.status, 400);
      assert.equal(
        errorText(unknownParameter),
        'Parameter set cannot be resolved using the specified named parameters. Invalid cmdlet parameters specified. BogusParameter',
      );
      assert.equal(
        unknownParameter.body.error?.details?.[0]?.message,
        '|Microsoft.Exchange.AdminApi.CommandInvocation.AmbiguousParameterSetException|Parameter set cannot be resolved using the specified named parameters. Invalid cmdlet parameters specified. BogusParameter',
      );

      const repeated = await invoke('exchange-admin', 'Get-CalendarProcessing', { Identity: mailbox.alias, identity: mailbox.alias });
      assert.match(errorText(repeated), /^Cannot bind parameter because parameter 'Identity' is specified more than once\./);

      const missing = await invoke('exchange-admin', 'Set-CalendarProcessing', { DeleteComments: false });
      assert.equal(errorText(missing), 'Cannot process command because of one or more missing mandatory parameters: Identity.');

      const nullIdentity = await invoke('exchange-admin', 'Get-CalendarProcessing', { Identity: null });
      assert.equal(errorText(nullIdentity), "Cannot bind argument to parameter 'Identity' because it is null.");

      const unknownCmdlet = await invoke('exchange-admin', 'Remove-Mailbox', { Identity: mailbox.alias });
      assert.equal(unknownCmdlet.status, 400);
      assert.match(errorText(unknownCmdlet), /^The term 'Remove-Mailbox' is not recognized as a name of a cmdlet/);

      const notJson = await invoke('exchange-admin', 'Get-Mailbox', {}, { rawBody: '{"CmdletInput":' });
      assert.equal(notJson.status, 400);
      const noInput = await invoke('exchange-admin', 'Get-Mailbox', {}, { rawBody: '{"Cmdlet":"Get-Mailbox"}' });
      assert.equal(noInput.status, 400);
      assert.match(errorText(noInput), /CmdletInput is missing/);
      const badParameters = await invoke(
        'exchange-admin',
        'Get-Mailbox',
        {},
        { rawBody: '{"CmdletInput":{"CmdletName":"Get-Mailbox","Parameters":[1]}}' },
      );
      assert.equal(badParameters.status, 400);

      const clixml = await invoke(
        'exchange-admin',
        'Get-Mailbox',
        { Identity: mailbox.alias },
        { headers: { 'X-ResponseFormat': 'clixml' } },
      );
      assert.equal(clixml.status, 400);
      const json = await invoke(
        'exchange-admin',
        'Get-Mailbox',
        { Identity: mailbox.alias },
        { headers: { 'X-ResponseFormat': 'json', 'X-CmdletName': 'Get-Mailbox' } },
      );
      assert.equal(json.status, 200);
    });
  });

  describe('Set-Mailbox', () => {
    it('sets mailbox properties, mirroring DisplayName and Office onto the Entra user', async () => {
      const mailbox = room(8);
      const owner = ownerOf(tenant, mailbox);
      const seqBefore = tenant.currentSeq;
      const reply = await invoke('exchange-recipient-admin', 'Set-Mailbox', {
        Identity: mailbox.primarySmtpAddress,
        HiddenFromAddressListsEnabled: true,
        MailTip: 'Teams Room with a 75" display',
        ResourceCapacity: '12',
        Office: 'Building 9',
        DisplayName: 'Room Nine',
      });
      assert.equal(reply.status, 200, JSON.stringify(reply.body.error));
      assert.equal(mailbox.hiddenFromAddressListsEnabled, true);
      assert.equal(mailbox.mailTip, 'Teams Room with a 75" display');
      assert.equal(mailbox.resourceCapacity, 12);
      assert.equal(mailbox.office, 'Building 9');
      assert.equal(owner.officeLocation, 'Building 9');
      assert.equal(owner.displayName, 'Room Nine');
      assert.ok(tenant.changedSince(seqBefore).some((change) => change.userId === owner.id));
      assert.equal(writes(emulator, 'Set-Mailbox', mailbox.primarySmtpAddress), 1);
    });

    it('converts the mailbox type', async () => {
      const mailbox = room(8);
      const toShared = await invoke('exchange-admin', 'Set-Mailbox', { Identity: mailbox.alias, Type: 'Shared' });
      assert.equal(toShared.status, 200);
      assert.equal(mailbox.recipientTypeDetails, 'SharedMailbox');
      const read = await invoke('exchange-admin', 'Get-Mailbox', { Identity: mailbox.alias });
      assert.equal(read.body.value?.[0]?.RoomMailboxAccountEnabled, null);
      const back = await invoke('exchange-admin', 'Set-Mailbox', { Identity: mailbox.alias, Type: 'room' });
      assert.equal(back.status, 200);
      assert.equal(mailbox.recipientTypeDetails, 'RoomMailbox');
      const bad = await invoke('exchange-admin', 'Set-Mailbox', { Identity: mailbox.alias, Type: 'Kitchen' });
      assert.match(errorText(bad), /Specify one of the following enumerator names and try again: Regular, Room, Equipment, Shared"$/);
    });

    it('enables and disables the room account, which needs a strong RoomMailboxPassword to enable', async () => {
      const mailbox = room(9);
      const owner = ownerOf(tenant, mailbox);
      const disable = await invoke('exchange-admin', 'Set-Mailbox', { Identity: mailbox.alias, EnableRoomMailboxAccount: false });
      assert.equal(disable.status, 200);
      assert.equal(owner.accountEnabled, false);
      const read = await invoke('exchange-admin', 'Get-Mailbox', { Identity: mailbox.alias });
      assert.equal(read.body.value?.[0]?.AccountDisabled, true);
      assert.equal(read.body.value?.[0]?.RoomMailboxAccountEnabled, false);

      const noPassword = await invoke('exchange-admin', 'Set-Mailbox', { Identity: mailbox.alias, EnableRoomMailboxAccount: true });
      assert.equal(noPassword.status, 400);
      assert.match(errorText(noPassword), /RoomMailboxPassword/);
      const weak = await invoke('exchange-admin', 'Set-Mailbox', {
        Identity: mailbox.alias,
        EnableRoomMailboxAccount: true,
        RoomMailboxPassword: 'short',
      });
      assert.equal(weak.status, 400);
      assert.equal(owner.accountEnabled, false);

      const seqBefore = tenant.currentSeq;
      const enable = await invoke('exchange-admin', 'Set-Mailbox', {
        Identity: mailbox.alias,
        EnableRoomMailboxAccount: '$true',
        RoomMailboxPassword: 'Correct-Horse-42',
      });
      assert.equal(enable.status, 200);
      assert.equal(owner.accountEnabled, true);
      assert.ok(tenant.changedSince(seqBefore).some((change) => change.userId === owner.id));
    });

    it("changes the primary SMTP address, keeping the old one as an alias and updating the user's mail", async () => {
      const mailbox = room(10);
      const owner = ownerOf(tenant, mailbox);
      const oldAddress = mailbox.primarySmtpAddress;
      const newAddress = `renamed-${mailbox.alias}@${tenant.domain}`;
      const reply = await invoke('exchange-admin', 'Set-Mailbox', { Identity: oldAddress, WindowsEmailAddress: newAddress });
      assert.equal(reply.status, 200, JSON.stringify(reply.body.error));
      assert.equal(mailbox.primarySmtpAddress, newAddress);
      assert.equal(mailbox.emailAddresses[0], `SMTP:${newAddress}`);
      assert.ok(mailbox.emailAddresses.includes(`smtp:${oldAddress}`));
      assert.ok(!mailbox.emailAddresses.includes(`SMTP:${oldAddress}`));
      assert.equal(owner.mail, newAddress);
      assert.equal(writes(emulator, 'Set-Mailbox', oldAddress), 1);

      const taken = await invoke('exchange-admin', 'Set-Mailbox', {
        Identity: newAddress,
        PrimarySmtpAddress: room(11).primarySmtpAddress,
      });
      assert.equal(taken.status, 400);
      assert.match(errorText(taken), /is already being used by the proxy addresses or LegacyExchangeDN of/);
      const foreign = await invoke('exchange-admin', 'Set-Mailbox', { Identity: newAddress, PrimarySmtpAddress: 'room@fabrikam.example' });
      assert.match(errorText(foreign), /isn't an accepted domain/);
      const malformed = await invoke('exchange-admin', 'Set-Mailbox', { Identity: newAddress, PrimarySmtpAddress: 'not-an-address' });
      assert.match(errorText(malformed), /Microsoft\.Exchange\.Data\.SmtpAddress/);
      assert.equal(mailbox.primarySmtpAddress, newAddress);
    });
  });

  describe('Get-Place and Set-Place', () => {
    it("reads a room's place with PascalCase properties, and lists every room", async () => {
      const mailbox = room(12);
      addPlace(tenant, mailbox);
      const reply = await invoke('global-reader', 'Get-Place', { Identity: mailbox.primarySmtpAddress });
      assert.equal(reply.status, 200);
      const object = reply.body.value?.[0];
      assert.ok(object);
      assert.equal(object.Identity, mailbox.alias);
      assert.equal(object.Type, 'Room');
      assert.equal(object.Building, 'Building 40');
      assert.equal(object.Floor, 2);
      assert.equal(object.FloorLabel, 'Second');
      assert.equal(object.Capacity, 8);
      assert.equal(object.City, 'Redmond');
      assert.equal(object.CountryOrRegion, 'United States');
      assert.equal(object.GeoCoordinates, '47.64;-122.13');
      assert.equal(object.IsWheelChairAccessible, true);
      assert.equal(object.MTREnabled, true);
      assert.deepEqual(object.Tags, ['Whiteboard']);
      for (const key of ['State', 'Street', 'PostalCode', 'Label', 'AudioDeviceName', 'VideoDeviceName', 'DisplayDeviceName', 'Phone']) {
        assert.ok(key in object, `missing ${key}`);
      }

      const listed: unknown[] = [];
      let page = await invoke('global-reader', 'Get-Place', { Type: 'Room' }, { headers: { Prefer: 'odata.maxpagesize=5' } });
      for (;;) {
        listed.push(...(page.body.value ?? []));
        const next = page.body['@odata.nextLink'];
        if (!next) break;
        page = await invoke('global-reader', 'Get-Place', { Type: 'Room' }, { url: next, headers: { Prefer: 'odata.maxpagesize=5' } });
      }
      assert.equal(listed.length, rooms(tenant).length);

      const notARoom = await invoke('global-reader', 'Get-Place', { Identity: 'nobody@nowhere.example' });
      assert.equal(notARoom.status, 400);
    });

    it('sets location metadata, keeping capacity and city in step with the mailbox and the user', async () => {
      const mailbox = room(12);
      const owner = ownerOf(tenant, mailbox);
      const reply = await invoke('exchange-admin', 'Set-Place', {
        Identity: mailbox.alias,
        Building: 'Building 41',
        Floor: '-1',
        Capacity: 10,
        City: 'Madrid',
        CountryOrRegion: 'es',
        GeoCoordinates: '40,4168;-3,7038',
        Tags: { '@odata.type': '#Exchange.GenericHashTable', Add: 'Display' },
        MTREnabled: false,
      });
      assert.equal(reply.status, 200, JSON.stringify(reply.body.error));
      const place = tenant.placeByIdOrEmail(mailbox.primarySmtpAddress);
      assert.ok(place);
      assert.equal(place.building, 'Building 41');
      assert.equal(place.floorNumber, -1);
      assert.equal(place.capacity, 10);
      assert.equal(place.address.countryOrRegion, 'Spain');
      assert.deepEqual(place.geoCoordinates, { latitude: 40.4168, longitude: -3.7038 });
      assert.deepEqual(place.tags, ['Whiteboard', 'Display']);
      assert.equal(mailbox.resourceCapacity, 10);
      assert.equal(owner.city, 'Madrid');
      assert.equal(owner.country, 'Spain');
      assert.equal(writes(emulator, 'Set-Place', mailbox.primarySmtpAddress), 1);

      for (const [parameters, pattern] of [
        [{ Capacity: -1 }, /less than the minimum allowed range of 0/],
        [{ Floor: 'x' }, /to type "System\.Int32"/],
        [{ CountryOrRegion: 'Atlantis' }, /CountryInfo/],
        [{ GeoCoordinates: 'north' }, /GeoCoordinates/],
      ] as const) {
        const bad = await invoke('exchange-admin', 'Set-Place', { Identity: mailbox.alias, Building: 'Changed', ...parameters });
        assert.equal(bad.status, 400);
        assert.match(errorText(bad), pattern);
      }
      assert.equal(place.building, 'Building 41');
    });

    it('creates the place record of a room that had none on its first Set-Place', async () => {
      const mailbox = room(13);
      clearPlace(tenant, mailbox);
      const before = await invoke('exchange-admin', 'Get-Place', { Identity: mailbox.alias });
      assert.equal(before.body.value?.[0]?.Building, null);
      const reply = await invoke('exchange-admin', 'Set-Place', { Identity: mailbox.alias, Building: 'Annex', Label: 'A-1' });
      assert.equal(reply.status, 200);
      const place = tenant.placeByIdOrEmail(mailbox.primarySmtpAddress);
      assert.equal(place?.building, 'Annex');
      assert.equal(place?.displayName, mailbox.displayName);
    });
  });

  describe('authentication and roles', () => {
    it('lets Global Reader read but not write, and changes nothing when refused', async () => {
      const mailbox = room(2);
      for (const cmdlet of ['Get-Mailbox', 'Get-CalendarProcessing', 'Get-Place']) {
        const reply = await invoke('global-reader', cmdlet, { Identity: mailbox.alias });
        assert.equal(reply.status, 200, cmdlet);
      }
      const settingsBefore = structuredClone(mailbox.calendarProcessing);
      const refused = await invoke('global-reader', 'Set-CalendarProcessing', {
        Identity: mailbox.alias,
        DeleteComments: !settingsBefore.DeleteComments,
      });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error?.code, 'AccessDenied');
      assert.match(errorText(refused), /isn't assigned to any management roles that grant access to the cmdlet 'Set-CalendarProcessing'/);
      assert.deepEqual(mailbox.calendarProcessing, settingsBefore);
      assert.equal(writes(emulator, 'Set-CalendarProcessing', mailbox.primarySmtpAddress), 0);
    });

    it('refuses Get-Mailbox to User Administrator and to a user without roles', async () => {
      for (const persona of ['user-admin', 'no-role', 'license-admin']) {
        const reply = await invoke(persona, 'Get-Mailbox', { Identity: room(0).alias });
        assert.equal(reply.status, 403, persona);
        assert.equal(reply.body.error?.code, 'AccessDenied');
      }
    });

    it('lets Exchange Recipient Administrator set calendar processing but not places; Exchange Administrator may do both', async () => {
      const mailbox = room(1);
      const placeBefore = JSON.stringify(tenant.placeByIdOrEmail(mailbox.primarySmtpAddress) ?? null);
      const recipient = await invoke('exchange-recipient-admin', 'Set-CalendarProcessing', {
        Identity: mailbox.alias,
        AllowConflicts: true,
      });
      assert.equal(recipient.status, 200);
      const place = await invoke('exchange-recipient-admin', 'Set-Place', { Identity: mailbox.alias, Building: 'Nope' });
      assert.equal(place.status, 403);
      assert.equal(JSON.stringify(tenant.placeByIdOrEmail(mailbox.primarySmtpAddress) ?? null), placeBefore);
      const admin = await invoke('exchange-admin', 'Set-Place', { Identity: mailbox.alias, Building: 'Yes' });
      assert.equal(admin.status, 200);
    });

    it('answers 401 with a Bearer challenge for a Graph token or no token', async () => {
      const graphToken = await token('global-admin', undefined, GRAPH_SCOPE);
      const reply = await invoke({ token: graphToken }, 'Get-Mailbox', { Identity: room(0).alias });
      assert.equal(reply.status, 401);
      assert.match(
        reply.headers.get('www-authenticate') ?? '',
        /^Bearer client_id="00000002-0000-0ff1-ce00-000000000000".*error="invalid_token"/,
      );
      assert.match(errorText(reply), /Invalid audience/);
      const none = await invoke({ token: '' }, 'Get-Mailbox', {});
      assert.equal(none.status, 401);
    });

    it("refuses a token from another organization than the URL's", async () => {
      const otherTenant = [...emulator.context.tenants.values()].find((candidate) => candidate.id !== emulator.tenantId);
      assert.ok(otherTenant);
      const foreignToken = await token('global-admin', otherTenant.id);
      const reply = await invoke({ token: foreignToken }, 'Get-Mailbox', { Identity: room(0).alias });
      assert.equal(reply.status, 403);
      const own = await invoke({ token: foreignToken }, 'Get-Mailbox', { RecipientTypeDetails: 'RoomMailbox' }, { tenant: otherTenant.id });
      assert.equal(own.status, 200);
      assert.equal(own.body.value?.length, rooms(otherTenant).length);
      const unknown = await invoke('global-admin', 'Get-Mailbox', {}, { tenant: 'unknown.onmicrosoft.com' });
      assert.equal(unknown.status, 403);
    });

    it('counts every call per cmdlet', async () => {
      const before = emulator.context.stats.snapshot().calls['InvokeCommand Get-Place'] ?? 0;
      await invoke('global-admin', 'get-place', { Identity: room(0).alias });
      assert.equal(emulator.context.stats.snapshot().calls['InvokeCommand Get-Place'], before + 1);
    });
  });
});

describe('emulator: Exchange admin API traffic', () => {
  let emulator: RunningEmulator;
  const seen: CallInfo[] = [];
  const script: Admission[] = [];
  let released = 0;
  const gate: TrafficGate = {
    admit: async (call) => {
      seen.push(call);
      return script.shift() ?? { kind: 'admit', release: () => (released += 1) };
    },
  };
  const { invoke } = exchangeClient(() => emulator);

  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 33, rooms: 3 }], gate });
  });
  afterAll(() => emulator.close());

  it('admits each call once with what per-user and per-mailbox limits need, and releases it', async () => {
    const mailbox = rooms(emulator.tenant())[0];
    assert.ok(mailbox);
    await invoke('exchange-admin', 'Get-Mailbox', {});
    seen.length = 0;
    released = 0;
    const reply = await invoke('exchange-admin', 'Set-CalendarProcessing', { Identity: mailbox.alias, AllowConflicts: true });
    assert.equal(reply.status, 200);
    assert.equal(seen.length, 1);
    const call = seen[0];
    assert.ok(call);
    assert.equal(call.service, 'exchange');
    assert.equal(call.api, 'InvokeCommand Set-CalendarProcessing');
    assert.equal(call.tenantId, emulator.tenantId);
    assert.equal(call.mailbox, mailbox.primarySmtpAddress.toLowerCase());
    assert.equal(call.isWrite, true);
    assert.equal(call.resourceUnits, 1);
    assert.ok(call.userId);
    assert.equal(released, 1);

    const anchored = await invoke(
      'exchange-admin',
      'Get-Mailbox',
      { RecipientTypeDetails: 'RoomMailbox' },
      { headers: { 'X-AnchorMailbox': `UPN:${mailbox.primarySmtpAddress}` } },
    );
    assert.equal(anchored.status, 200);
    assert.equal(seen[1]?.mailbox, mailbox.primarySmtpAddress.toLowerCase());
    assert.equal(seen[1]?.isWrite, false);
    assert.equal(released, 2);
  });

  it('answers a throttle with 429 and Retry-After, a fault with 503/504, and drops the connection on drop', async () => {
    const stats = () => emulator.context.stats.snapshot();
    const api = 'InvokeCommand Get-Mailbox';
    const throttledBefore = stats().throttled[api] ?? 0;
    script.push({ kind: 'throttle', retryAfterSeconds: 7, scope: 'tenant', reason: 'ExchangeMaxCmdlets' });
    const throttled = await invoke('exchange-admin', 'Get-Mailbox', {});
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '7');
    assert.equal(throttled.body.error?.code, 'TooManyRequests');
    assert.match(errorText(throttled), /Micro delay applied\. .*exceeded the budget/);
    assert.equal(stats().throttled[api], throttledBefore + 1);

    const faultsBefore = stats().faults[api] ?? 0;
    script.push({ kind: 'fault', status: 503 }, { kind: 'fault', status: 504 });
    assert.equal((await invoke('exchange-admin', 'Get-Mailbox', {})).status, 503);
    assert.equal((await invoke('exchange-admin', 'Get-Mailbox', {})).status, 504);
    assert.equal(stats().faults[api], faultsBefore + 2);

    script.push({ kind: 'drop' });
    await assert.rejects(invoke('exchange-admin', 'Get-Mailbox', {}));
    assert.equal((await invoke('exchange-admin', 'Get-Mailbox', {})).status, 200);
  });
});
