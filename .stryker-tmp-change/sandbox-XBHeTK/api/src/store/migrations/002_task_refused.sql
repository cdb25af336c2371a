-- A bulk-apply task whose every change Microsoft 365 refused for lack of a role (issue 11): reported as
-- refused, naming the role, rather than as one of our failures.
alter table job_tasks drop constraint if exists job_tasks_status_check;
alter table job_tasks add constraint job_tasks_status_check check (status in ('pending', 'running', 'applied', 'skipped', 'refused', 'failed', 'cancelled'));
