-- Room Accounts store, version 1. Runs unchanged on PGlite (PostgreSQL 18) and PostgreSQL 15 or later.
-- Every row is keyed by tenant id, so one database can serve several tenants and several API instances.

-- The last read of each resource account: the input of every check. Status is derived on read.
create table account_snapshots (
  tenant_id text not null,
  account_id text not null,                      -- Entra user id
  upn text not null,
  display_name text not null default '',
  mail text,
  building text,
  city text,
  country text,
  location text,
  license_sku_ids text[] not null default '{}',
  recipient_type text,
  sources jsonb not null default '{}',           -- { user, licenses, place, mailbox, calendarProcessing }: each { status, readAt, data?, error? }
  read_at timestamptz not null,
  updated_at timestamptz not null default now(),
  row_version bigint not null,                   -- the tenant's data_version of the write that last touched the row
  primary key (tenant_id, account_id)
);

create table tenant_state (
  tenant_id text primary key,
  users_delta_link text,
  users_delta_at timestamptz,
  data_version bigint not null default 0,        -- moves on every change readers derive from, so they can cache
  last_full_sync_at timestamptz,
  settings jsonb not null default '{}'
);

create table sync_runs (
  id uuid primary key default gen_random_uuid(),
  tenant_id text not null,
  kind text not null check (kind in ('full', 'refresh')),
  status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
  phase text,
  done int not null default 0,
  total int not null default 0,
  started_by text not null,
  started_at timestamptz not null default now(),
  heartbeat_at timestamptz not null default now(),
  finished_at timestamptz,
  error jsonb,
  stats jsonb
);
-- At most one running sync per tenant, whichever API instance started it.
create unique index sync_runs_one_running on sync_runs (tenant_id) where status = 'running';
create index sync_runs_latest on sync_runs (tenant_id, started_at desc);

create table audit_log (
  id bigserial primary key,
  tenant_id text not null,
  at timestamptz not null default now(),
  actor_id text not null,
  actor_upn text not null,
  account_id text,
  setting text not null,
  before jsonb,
  after jsonb,
  outcome text not null check (outcome in ('succeeded', 'failed', 'refused')),
  message text,
  correlation_id text,
  job_id uuid,
  idempotency_key text
);
-- A retried write carries the same key and is recorded once.
create unique index audit_log_idempotency on audit_log (tenant_id, idempotency_key) where idempotency_key is not null;
create index audit_log_newest on audit_log (tenant_id, id desc);
create index audit_log_account on audit_log (tenant_id, account_id, id desc);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
end;
$$;
create trigger audit_log_no_update_or_delete before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();

create table baselines (
  tenant_id text not null,
  version int not null,
  "values" jsonb not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, version)
);

create table jobs (
  id uuid primary key default gen_random_uuid(),
  tenant_id text not null,
  kind text not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  created_by text not null,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  cancel_requested boolean not null default false,
  request jsonb not null default '{}',
  totals jsonb
);
create index jobs_tenant_recent on jobs (tenant_id, created_at desc);

create table job_tasks (
  job_id uuid not null references jobs (id) on delete cascade,
  tenant_id text not null,
  account_id text not null,
  status text not null default 'pending' check (status in ('pending', 'running', 'applied', 'skipped', 'failed', 'cancelled')),
  attempts int not null default 0,
  claimed_by text,
  claimed_at timestamptz,
  lease_until timestamptz,
  result jsonb,
  updated_at timestamptz not null default now(),
  primary key (job_id, account_id)
);
-- Claiming scans only unfinished tasks: pending ones, and running ones whose lease may have expired.
create index job_tasks_claimable on job_tasks (job_id, account_id) where status in ('pending', 'running');

-- A token bucket per tenant and budget, shared by every API instance.
create table throttle_budget (
  tenant_id text not null,
  bucket text not null,
  tokens double precision not null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, bucket)
);
