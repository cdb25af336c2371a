import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { accountListQuery, type AccountListItem } from '../../contract/index.ts';
import { DEFAULT_BASELINE } from '../../api/src/accounts/baseline.ts';
import { csvOfRows } from '../../api/src/inventory/view/csvExport.ts';
import { filtered, page } from '../../api/src/inventory/view/listQuery.ts';
import { summarize } from '../../api/src/inventory/view/summary.ts';
import type { TenantView } from '../../api/src/inventory/view/tenantView.ts';

/**
 * The read side's list query, summary and CSV as pure functions over a view's rows (issue 13: they were tested
 * only through HTTP). Rows are built as the list sends them; the contract parses each, so they stay honest.
 */
function row(id: string, patch: Partial<AccountListItem> = {}): AccountListItem {
  return {
    id,
    displayName: `Room ${id}`,
    userPrincipalName: `${id}@contoso.com`,
    location: null,
    building: null,
    city: null,
    status: 'noActionNeeded',
    warnings: 0,
    licenses: [],
    recipientType: 'RoomMailbox',
    roomLists: [],
    signIn: { state: 'recent', lastSuccessfulSignIn: '2026-12-06T08:00:00Z', blockingPolicies: 0 },
    lastReadAt: '2026-12-06T09:00:00Z',
    ...patch,
  };
}

const PRO = {
  skuId: '4cde982a-ede4-4409-9ae6-b003453c8ea6',
  skuPartNumber: 'Microsoft_Teams_Rooms_Pro',
  name: 'Microsoft Teams Rooms Pro',
  isTeamsRooms: true,
};

function view(items: AccountListItem[]): TenantView {
  return {
    dataVersion: 1,
    baselineVersion: 0,
    items,
    byKey: new Map(items.map((item) => [item.id, item])),
    skus: [{ skuId: PRO.skuId, skuPartNumber: PRO.skuPartNumber, enabled: 25, consumed: 27 }],
    roomLists: {
      status: 'ok',
      readAt: '2026-12-06T09:00:00Z',
      lists: [{ name: 'Rooms - HQ', primarySmtpAddress: 'rooms-hq@contoso.com', members: [] }],
    },
    baseline: { ...DEFAULT_BASELINE, signInWithinDays: 5 },
    lastSyncAt: '2026-12-06T09:00:00Z',
    orders: new Map(),
    results: new Map(),
    bodies: new Map(),
  };
}

const ROWS = [
  row('a', {
    displayName: 'Alpha',
    building: 'HQ',
    status: 'needsAction',
    warnings: 2,
    licenses: [PRO],
    signIn: { state: 'stale', lastSuccessfulSignIn: '2026-11-20T08:00:00Z', blockingPolicies: 1 },
  }),
  row('b', { displayName: 'bravo', building: 'HQ', roomLists: ['Rooms - HQ'], licenses: [PRO] }),
  row('c', {
    displayName: 'Charlie, the big one',
    status: null,
    signIn: { state: 'never', lastSuccessfulSignIn: null, blockingPolicies: 0 },
    roomLists: null,
  }),
  row('d', { displayName: 'Delta', status: 'notAvailable', signIn: undefined, location: '=HYPERLINK("x")' }),
];
const query = (input: Record<string, string>) => accountListQuery.parse(input);
const ids = (items: AccountListItem[]) => items.map((item) => item.id);

describe('read side: list query, summary and CSV', () => {
  it('sorts by name without regard to case, then by status in the order an admin acts on', () => {
    assert.deepEqual(ids(filtered(view(ROWS), query({}))), ['a', 'b', 'c', 'd']);
    assert.deepEqual(ids(filtered(view(ROWS), query({ sort: 'displayName', order: 'desc' }))), ['d', 'c', 'b', 'a']);
    const byStatus = ids(filtered(view(ROWS), query({ sort: 'status' })));
    assert.equal(byStatus[0], 'a', 'Needs Action first');
    assert.ok(byStatus.indexOf('d') < byStatus.indexOf('b'), 'N/A before No Action Needed');
  });

  it('filters by status (ungraded is "unknown"), license ("none"), building, room list ("none") and search', () => {
    const v = view(ROWS);
    assert.deepEqual(ids(filtered(v, query({ status: 'needsAction,unknown' }))), ['a', 'c']);
    assert.deepEqual(ids(filtered(v, query({ license: 'none' }))), ['c', 'd']);
    assert.deepEqual(ids(filtered(v, query({ license: 'microsoft_teams_rooms_pro' }))), ['a', 'b']);
    assert.deepEqual(ids(filtered(v, query({ building: 'hq' }))), ['a', 'b']);
    assert.deepEqual(ids(filtered(v, query({ roomList: 'Rooms - HQ' }))), ['b']);
    // A room whose lists are unknown (null) matches no room-list filter, not even "none".
    assert.deepEqual(ids(filtered(v, query({ roomList: 'none' }))), ['a', 'd']);
    assert.deepEqual(ids(filtered(v, query({ search: 'BRAVO' }))), ['b']);
  });

  it('filters by sign-in state (absent counts as unknown) and by "blocked", as alternatives', () => {
    const v = view(ROWS);
    assert.deepEqual(ids(filtered(v, query({ signIn: 'stale,never' }))), ['a', 'c']);
    assert.deepEqual(ids(filtered(v, query({ signIn: 'unknown' }))), ['d']);
    assert.deepEqual(ids(filtered(v, query({ signIn: 'blocked' }))), ['a']);
    assert.deepEqual(ids(filtered(v, query({ signIn: 'recent,blocked' }))), ['a', 'b']);
  });

  it('pages a result and keeps the total of the whole filter', () => {
    const result = page(view(ROWS), query({ pageSize: '3', page: '2' }));
    assert.equal(result.total, 4);
    assert.deepEqual(ids(result.items), ['d']);
  });

  it('summarises statuses, buildings, licenses, warnings, seats and the rooms not signed in within N days', () => {
    const summary = summarize(view(ROWS));
    assert.deepEqual(summary.byStatus, { noActionNeeded: 1, needsAction: 1, notAvailable: 1, ungraded: 1 });
    assert.equal(summary.total, 4);
    assert.equal(summary.warnings, 2);
    assert.deepEqual(
      summary.byLicense.map((entry) => [entry.skuPartNumber, entry.count]),
      [
        ['Microsoft_Teams_Rooms_Pro', 2],
        ['none', 2],
      ],
    );
    assert.deepEqual(summary.buildings, ['HQ']);
    assert.deepEqual(
      summary.byBuilding.find((entry) => entry.building === 'HQ'),
      { building: 'HQ', noActionNeeded: 1, needsAction: 1, notAvailable: 0, ungraded: 0 },
    );
    // More assigned than bought: none free, never a negative count.
    assert.equal(summary.seats.find((seat) => seat.skuId === PRO.skuId)?.available, 0);
    assert.equal(summary.notSignedInRecently, 2);
    assert.equal(summary.signInWithinDays, 5);
    assert.deepEqual(summary.roomLists, ['Rooms - HQ']);
  });

  it('writes CSV with a header, quoted commas, defused formulas and the sign-in columns', () => {
    const lines = [...csvOfRows(ROWS)].join('').trimEnd().split('\r\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0] ?? '', /^Display name,UPN,Location,.*Sign-in,Last successful sign-in,Blocking CA policies,Last read$/);
    assert.match(lines[1] ?? '', /^Alpha,a@contoso\.com,.*,stale,2026-11-20T08:00:00Z,1,/);
    assert.match(lines[3] ?? '', /^"Charlie, the big one",/);
    assert.ok(!(lines[4] ?? '').includes(',=HYPERLINK'), 'a cell starting with = is defused');
    assert.match(lines[4] ?? '', /,unknown,,,/);
  });
});
