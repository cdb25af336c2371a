import {
  deleteSnapshots,
  deleteSnapshotsNotIn,
  getSnapshot,
  listSnapshots,
  listSnapshotsAfter,
  updateSnapshotSource,
  upsertSnapshots,
  type SnapshotInput,
  type SnapshotRow,
} from './snapshots.ts';
import type { RoomListsFact } from '../domain/roomLists.ts';
import type { ConditionalAccessFact } from '../domain/signInFacts.ts';
import type { SqlClient } from './sql.ts';
import type { SubscribedSku } from '../domain/subscribedSku.ts';
import { getTenantSettings, getTenantState, markFullSync, setUsersDeltaLink, updateTenantSettings } from './tenantState.ts';
import { locationOf, type AccountSignIn, type AccountSnapshot, type Source, type Sources } from '../domain/snapshot.ts';

/** The inventory's view of the store: AccountSnapshot in and out, with list columns derived on write. */
export function inventoryStore(db: SqlClient) {
  return {
    /** Returns the data version the snapshots were written at (0 when there were none). */
    async saveSnapshots(tenantId: string, snapshots: AccountSnapshot[]): Promise<number> {
      return upsertSnapshots(db, tenantId, snapshots.map(toRow));
    },

    async loadSnapshots(tenantId: string): Promise<AccountSnapshot[]> {
      return (await listSnapshots(db, tenantId)).map(fromRow);
    },

    /** Store accounts' calendar processing reads into their stored snapshots. */
    async saveCalendarProcessing(tenantId: string, reads: { accountId: string; read: Source<Record<string, unknown>> }[]): Promise<number> {
      return updateSnapshotSource(db, tenantId, 'calendarProcessing', reads);
    },

    /** Store accounts' sign-in activity and recent failures into their stored snapshots (issue 14). */
    async saveSignIns(tenantId: string, reads: { accountId: string; read: AccountSignIn }[]): Promise<number> {
      return updateSnapshotSource(db, tenantId, 'signIn', reads);
    },

    /** Every snapshot, a page at a time: 10,000 parsed snapshots at once would be tens of MB held together. */
    async *snapshotPages(tenantId: string, pageSize = 1_000): AsyncGenerator<AccountSnapshot[]> {
      let after = '';
      for (;;) {
        const rows = await listSnapshotsAfter(db, tenantId, after, pageSize);
        if (rows.length === 0) return;
        yield rows.map(fromRow);
        after = (rows.at(-1) as { accountId: string }).accountId;
        if (rows.length < pageSize) return;
      }
    },

    async loadSnapshot(tenantId: string, accountId: string): Promise<AccountSnapshot | null> {
      const row = await getSnapshot(db, tenantId, accountId);
      return row ? fromRow(row) : null;
    },

    deleteSnapshotsNotIn: (tenantId: string, keepIds: string[]) => deleteSnapshotsNotIn(db, tenantId, keepIds),
    deleteSnapshots: (tenantId: string, ids: string[]) => deleteSnapshots(db, tenantId, ids),

    /** The data version and the baseline version, in one round trip: what the read side's cache is keyed by. */
    async versions(tenantId: string): Promise<{ dataVersion: number; baselineVersion: number }> {
      const { rows } = await db.query<{ dataVersion: number | null; baselineVersion: number | null }>(
        `select (select data_version from tenant_state where tenant_id = $1) as "dataVersion",
                (select max(version) from baselines where tenant_id = $1) as "baselineVersion"`,
        [tenantId],
      );
      return { dataVersion: Number(rows[0]?.dataVersion ?? 0), baselineVersion: Number(rows[0]?.baselineVersion ?? 0) };
    },

    async tenantInventoryState(tenantId: string): Promise<{
      skus: SubscribedSku[];
      roomLists?: RoomListsFact;
      conditionalAccess?: ConditionalAccessFact;
      lastFullSyncAt: string | null;
    }> {
      const { settings, lastFullSyncAt } = await getTenantSettings(db, tenantId);
      const skus = Array.isArray(settings.skus) ? (settings.skus as SubscribedSku[]) : [];
      // Absent until the first sync that reads room lists: the check is then unknown, not failed.
      const roomLists = isRoomListsFact(settings.roomLists) ? settings.roomLists : undefined;
      const conditionalAccess = isConditionalAccessFact(settings.conditionalAccess) ? settings.conditionalAccess : undefined;
      return { skus, roomLists, conditionalAccess, lastFullSyncAt };
    },

    async saveConditionalAccess(tenantId: string, conditionalAccess: ConditionalAccessFact): Promise<void> {
      await updateTenantSettings(db, tenantId, { conditionalAccess });
    },

    async saveRoomLists(tenantId: string, roomLists: RoomListsFact): Promise<void> {
      await updateTenantSettings(db, tenantId, { roomLists });
    },

    async saveSkus(tenantId: string, skus: SubscribedSku[]): Promise<void> {
      await updateTenantSettings(db, tenantId, { skus });
    },

    async usersDeltaLink(tenantId: string): Promise<string | null> {
      return (await getTenantState(db, tenantId)).usersDeltaLink;
    },

    setUsersDeltaLink: (tenantId: string, link: string) => setUsersDeltaLink(db, tenantId, link),
    markFullSync: (tenantId: string, at: string) => markFullSync(db, tenantId, at),
  };
}

function toRow(snapshot: AccountSnapshot): SnapshotInput {
  const { location, building, city } = locationOf(snapshot);
  const user = snapshot.sources.user.status === 'ok' ? snapshot.sources.user.data : undefined;
  const mailbox = snapshot.sources.mailbox.status === 'ok' ? snapshot.sources.mailbox.data : undefined;
  return {
    accountId: snapshot.accountId,
    upn: snapshot.userPrincipalName,
    displayName: snapshot.displayName,
    mail: user?.mail ?? null,
    building,
    city,
    country: user?.country ?? null,
    location,
    licenseSkuIds: user?.assignedSkuIds ?? [],
    recipientType: mailbox?.recipientTypeDetails ?? null,
    sources: snapshot.signIn ? { ...snapshot.sources, signIn: snapshot.signIn } : snapshot.sources,
    readAt: snapshot.readAt,
  };
}

function fromRow(row: SnapshotRow): AccountSnapshot {
  const { signIn, ...sources } = row.sources;
  const snapshot: AccountSnapshot = {
    accountId: row.accountId,
    userPrincipalName: row.upn,
    displayName: row.displayName,
    readAt: row.readAt,
    sources: sources as Sources,
  };
  if (isAccountSignIn(signIn)) snapshot.signIn = signIn;
  return snapshot;
}

function isAccountSignIn(value: unknown): value is AccountSignIn {
  if (typeof value !== 'object' || value === null) return false;
  const signIn = value as { activity?: { status?: unknown }; failures?: { status?: unknown } };
  return typeof signIn.activity?.status === 'string' && typeof signIn.failures?.status === 'string';
}

function isConditionalAccessFact(value: unknown): value is ConditionalAccessFact {
  if (typeof value !== 'object' || value === null) return false;
  const fact = value as { status?: unknown; policies?: unknown };
  return fact.status === 'unavailable' || fact.status === 'noPremium' || (fact.status === 'ok' && Array.isArray(fact.policies));
}

function isRoomListsFact(value: unknown): value is RoomListsFact {
  if (typeof value !== 'object' || value === null) return false;
  const fact = value as { status?: unknown; lists?: unknown };
  return fact.status === 'unavailable' || (fact.status === 'ok' && Array.isArray(fact.lists));
}
