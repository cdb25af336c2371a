import type { SqlClient } from './sql.ts';

/** One admin's kept grant for background work (the refresh token stays sealed; this module never opens it). */
export interface StoredDelegation {
  tenantId: string;
  userId: string;
  userPrincipalName: string;
  displayName: string;
  principal: Record<string, unknown>;
  sealedGrant: string | null;
  keyId: string | null;
  status: 'active' | 'needs_signin';
  reason: string | null;
}

const COLUMNS = `tenant_id as "tenantId", user_id as "userId", user_principal_name as "userPrincipalName", display_name as "displayName",
  principal, sealed_grant as "sealedGrant", key_id as "keyId", status, reason`;

export async function loadDelegation(db: SqlClient, tenantId: string, userId: string): Promise<StoredDelegation | null> {
  const { rows } = await db.query<StoredDelegation>(`select ${COLUMNS} from delegations where tenant_id = $1 and user_id = $2`, [
    tenantId,
    userId,
  ]);
  return rows[0] ?? null;
}

/** Keep a new or rotated grant: the delegation is active again. */
export async function saveDelegation(
  db: SqlClient,
  input: {
    tenantId: string;
    userId: string;
    userPrincipalName: string;
    displayName: string;
    principal: object;
    sealedGrant: string;
    keyId: string;
  },
): Promise<void> {
  await db.query(
    `insert into delegations (tenant_id, user_id, user_principal_name, display_name, principal, sealed_grant, key_id, status, reason, updated_at)
     values ($1, $2, $3, $4, $5::jsonb, $6, $7, 'active', null, now())
     on conflict (tenant_id, user_id) do update
       set user_principal_name = excluded.user_principal_name, display_name = excluded.display_name, principal = excluded.principal,
           sealed_grant = excluded.sealed_grant, key_id = excluded.key_id, status = 'active', reason = null, updated_at = now()`,
    [
      input.tenantId,
      input.userId,
      input.userPrincipalName,
      input.displayName,
      JSON.stringify(input.principal),
      input.sealedGrant,
      input.keyId,
    ],
  );
}

/** Entra refused to renew the grant: drop the token and wait for a new sign-in. */
export async function markDelegationNeedsSignIn(db: SqlClient, tenantId: string, userId: string, reason: string): Promise<void> {
  await db.query(
    `update delegations set status = 'needs_signin', reason = $3, sealed_grant = null, key_id = null, updated_at = now()
      where tenant_id = $1 and user_id = $2`,
    [tenantId, userId, reason],
  );
}

/** The demo tenant's generated sealing key: the first caller's value wins, every later one reads it. */
export async function demoSealingKey(db: SqlClient, candidate: string): Promise<string> {
  await db.query('insert into demo_sealing_key (id, key_text) values (1, $1) on conflict (id) do nothing', [candidate]);
  const { rows } = await db.query<{ keyText: string }>('select key_text as "keyText" from demo_sealing_key where id = 1');
  return (rows[0] as { keyText: string }).keyText;
}

/** Whether a job or sync of the tenant waits for this user to sign in again (one indexed query per sign-in). */
export async function hasWorkWaitingFor(db: SqlClient, tenantId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query<{ waiting: boolean }>(
    `select exists (select 1 from jobs where tenant_id = $1 and delegate_user_id = $2 and status = 'waiting_for_signin')
         or exists (select 1 from sync_runs where tenant_id = $1 and delegate_user_id = $2 and status = 'waiting_for_signin') as waiting`,
    [tenantId, userId],
  );
  return rows[0]?.waiting === true;
}
