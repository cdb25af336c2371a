/**
 * Token buckets in `throttle_budget`, one row per tenant and budget, shared by every API instance on the
 * store. Refills are computed from the database clock, so instances with drifting clocks still agree.
 */
// @ts-nocheck

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
 * Returns the balance after the take, or null when the bucket row does not exist yet.
 */
export async function takeTokens(db: SqlClient, key: BucketKey, rate: BucketRate, cost: number): Promise<number | null> {
  const { rows } = await db.query<{ tokens: number }>(
    `update throttle_budget
        set tokens = ${REFILLED} - $5::float8, updated_at = greatest(updated_at, clock_timestamp())
      where tenant_id = $1 and bucket = $2
      returning tokens`,
    [key.tenantId, key.bucket, rate.ratePerSecond, rate.capacity, cost],
  );
  return rows[0] ? Number(rows[0].tokens) : null;
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
