-- Work that outlives a sign-in (issue 12): the grant each admin's background work acts through, and the
-- paused states of jobs and syncs that wait for that admin to sign in again.

create table delegations (
  tenant_id text not null,
  user_id text not null,
  user_principal_name text not null,
  display_name text not null,
  -- The principal without its SSO token (roles, cloud), for audit entries and role hints.
  principal jsonb not null,
  -- The refresh token, AES-GCM sealed with JOB_SEALING_KEY (never stored in the clear); null once refused.
  sealed_grant text,
  key_id text,
  status text not null check (status in ('active', 'needs_signin')),
  reason text,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, user_id)
);

-- Demo mode without JOB_SEALING_KEY keeps a generated key here (tenant mode always configures its own).
create table demo_sealing_key (
  id int primary key check (id = 1),
  key_text text not null
);

alter table jobs drop constraint jobs_status_check;
alter table jobs add constraint jobs_status_check check (status in ('queued', 'running', 'waiting_for_signin', 'succeeded', 'failed', 'cancelled'));
-- Whose grant the job's tasks act through (the creator, or the admin who took it over).
alter table jobs add column delegate_user_id text;
alter table jobs add column delegate_upn text;
alter table jobs add column waiting_reason text;

alter table sync_runs drop constraint sync_runs_status_check;
alter table sync_runs add constraint sync_runs_status_check check (status in ('running', 'waiting_for_signin', 'succeeded', 'failed'));
alter table sync_runs add column delegate_user_id text;
-- A run that continues an interrupted one re-reads only what that chain had not read since this time.
alter table sync_runs add column resume_from timestamptz;
