-- Tenant settings hold the Conditional Access fact, whose groups list every resource account they hold: a
-- megabyte for 10,000 rooms. Every apply grades against them, so readers keep them parsed per process and
-- re-read them only when this number moves (data_version moves on every snapshot write, so it can't serve).
alter table tenant_state add column settings_version bigint not null default 0;
