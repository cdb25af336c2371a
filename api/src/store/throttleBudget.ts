/**
 * Token buckets in `throttle_budget`, one row per tenant and budget, shared by every API instance on the
 * store. Refills are computed from the database clock, so instances with drifting clocks still agree.
 */
import type { SqlClient } from './sql.ts';

export interface BucketKey {
  tenantId: string;
  bucket: string;
}

/** The rate and capacity the caller applies now (its adaptive factor may have shrunk them). */
export interface BucketRate {
  ratePerSecond: number;
  capacity: number;
}

/** Tokens refilled since the row was last touched, capped at the capacity: the same expression in every statement. */
const REFILLED = `least($4::float8, tokens + greatest(0, extract(epoch from (clock_timestamp() - updated_at)))::float8 * $3::float8)`;

/** Create the bucket full if no instance has yet; an existing bucket is left as it is. */
export async function ensureBucket(db: SqlClient, key: BucketKey, capacity: number): Promise<void> {
  await db.query(
    `insert into throttle_budget (tenant_id, bucket, tokens, updated_at) values ($1, $2, $3, clock_timestamp())
     on conflict (tenant_id, bucket) do nothing`,
    [key.tenantId, key.bucket, capacity],
  );
}

/**
 * Refill and take `cost` tokens in one atomic UPDATE (the row lock orders concurrent takers of every
 * instance). The balance may go negative: it is a reservation, and the caller waits `-balance / rate`.
 * Up to `lease` more are taken only from what is left over (never into debt), for the caller to spend
 * without asking the store again (StoreRateBucket). Returns the balance after the take and how many were
 * leased, or null when the bucket row does not exist yet.
 */
export async function takeTokens(
  db: SqlClient,
  key: BucketKey,
  rate: BucketRate,
  cost: number,
  lease = 0,
): Promise<{ balance: number; leased: number } | null> {
  // The refilled balance less the cost is computed once (a CTE), so the lease is cut from that same figure.
  const { rows } = await db.query<{ tokens: number; leased: number }>(
    `with left_over as (
       select ${REFILLED} - $5::float8 as tokens from throttle_budget where tenant_id = $1 and bucket = $2 for update
     )
     update throttle_budget b
        set tokens = left_over.tokens - least($6::float8, greatest(0, left_over.tokens)),
            updated_at = greatest(b.updated_at, clock_timestamp())
       from left_over
      where b.tenant_id = $1 and b.bucket = $2
      returning b.tokens, least($6::float8, greatest(0, left_over.tokens)) as leased`,
    [key.tenantId, key.bucket, rate.ratePerSecond, rate.capacity, cost, lease],
  );
  const row = rows[0];
  return row ? { balance: Number(row.tokens), leased: Number(row.leased) } : null;
}

/** Give back a reservation the caller will not use (its wait would end after its deadline). */
export async function returnTokens(db: SqlClient, key: BucketKey, capacity: number, cost: number): Promise<void> {
  await db.query(`update throttle_budget set tokens = least($3::float8, tokens + $4::float8) where tenant_id = $1 and bucket = $2`, [
    key.tenantId,
    key.bucket,
    capacity,
    cost,
  ]);
}

/**
 * A 429 for this bucket: drain it so far below zero that no instance spends again before Retry-After has
 * passed (at the current rate), which pauses every instance, not only the one that was throttled.
 */
export async function pauseBucket(db: SqlClient, key: BucketKey, rate: BucketRate, pauseMs: number): Promise<void> {
  await db.query(
    `update throttle_budget
        set tokens = least(${REFILLED}, -$5::float8), updated_at = greatest(updated_at, clock_timestamp())
      where tenant_id = $1 and bucket = $2`,
    [key.tenantId, key.bucket, rate.ratePerSecond, rate.capacity, (pauseMs / 1000) * rate.ratePerSecond],
  );
}
