import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { z } from 'zod';
import {
  accountDetail,
  accountListResponse,
  applyResponse,
  auditResponse,
  baselineResponse,
  clientConfig,
  demoTokenResponse,
  errorEnvelope,
  healthResponse,
  jobCreated,
  jobProgress,
  licenseChangeResponse,
  meResponse,
  planResponse,
  summaryResponse,
  syncCurrentResponse,
  syncStartResponse,
} from '../../contract/index.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';

/**
 * The tab parses every answer with its contract schema and shows "does not understand" for any body the schema
 * refuses: so every body the API really sends must parse with the schema the tab reads it with. Typed routes
 * catch most drift at compile time; this catches what types cannot (hand-built JSON, exhaustive records, enums).
 */
type Answer = { status: number; body: unknown };

function assertParses<S extends z.ZodType>(schema: S, answer: Answer, status = 200): z.output<S> {
  assert.equal(answer.status, status, `HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
  const parsed = schema.safeParse(answer.body);
  assert.ok(parsed.success, `${parsed.error?.message ?? ''}\n${JSON.stringify(answer.body).slice(0, 500)}`);
  return parsed.data;
}

describe('api: every JSON answer parses with the contract schema the tab reads it with', () => {
  let stack: DemoStack;
  const anonymous = async (path: string, init: { method?: string; body?: unknown } = {}): Promise<Answer> => {
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 13, rooms: 40 }], timeScale: 20 }, worker: { pollMs: 50 } });
  });
  afterAll(() => stack.close());

  it('health, client config, demo token and /me for personas with and without roles', async () => {
    assertParses(healthResponse, await anonymous('/api/health'));
    assertParses(clientConfig, await anonymous('/api/client-config'));
    assertParses(demoTokenResponse, await anonymous('/api/demo/token', { method: 'POST', body: { persona: 'global-reader' } }));
    for (const persona of ['global-admin', 'global-reader', 'exchange-recipient-admin', 'no-role', 'au-user-admin'])
      assertParses(meResponse, await stack.call(persona, '/api/me'));
  });

  it('sync start and progress, read while it runs and once it is done', async () => {
    assertParses(syncCurrentResponse, await stack.call('global-admin', '/api/sync/current'));
    assertParses(syncStartResponse, await stack.call('global-admin', '/api/sync', { method: 'POST', body: { kind: 'full' } }), 202);
    for (;;) {
      const { sync } = assertParses(syncCurrentResponse, await stack.call('global-admin', '/api/sync/current'));
      if (sync && sync.status !== 'running') {
        assert.equal(sync.status, 'succeeded');
        break;
      }
      await sleep(100);
    }
    assertParses(syncStartResponse, await stack.call('global-admin', '/api/sync', { method: 'POST', body: { kind: 'refresh' } }), 202);
    await stack.api.services.inventory.idle();
    assertParses(syncCurrentResponse, await stack.call('global-admin', '/api/sync/current'));
  });

  it('the list (filtered and sorted), every account and the summary, for an admin and for a persona without roles', async () => {
    const list = assertParses(accountListResponse, await stack.call('global-admin', '/api/accounts?pageSize=500'));
    assert.ok(list.items.length >= 40, `${list.items.length} accounts`);
    assertParses(
      accountListResponse,
      await stack.call(
        'global-admin',
        '/api/accounts?status=needsAction,unknown&signIn=stale,never,blocked&sort=status&order=desc&pageSize=7&page=2',
      ),
    );
    for (const item of list.items)
      assertParses(accountDetail, await stack.call('global-admin', `/api/accounts/${encodeURIComponent(item.id)}`));
    for (const item of list.items.slice(0, 5))
      assertParses(accountDetail, await stack.call('no-role', `/api/accounts/${encodeURIComponent(item.id)}`));
    assertParses(summaryResponse, await stack.call('global-admin', '/api/summary'));
    assertParses(summaryResponse, await stack.call('no-role', '/api/summary'));
  });

  it('plans, single-account writes (settings, recommended, location, licenses), refusals and the audit log', async () => {
    const list = assertParses(accountListResponse, await stack.call('global-admin', '/api/accounts?status=needsAction&pageSize=500'));
    const [first, second] = list.items;
    assert.ok(first && second, 'two accounts need action');
    const path = (id: string) => `/api/accounts/${encodeURIComponent(id)}`;
    assertParses(planResponse, await stack.call('global-admin', `${path(first.id)}/plan`, { method: 'POST', body: { recommended: true } }));
    assertParses(
      planResponse,
      await stack.call('no-role', `${path(first.id)}/plan`, {
        method: 'POST',
        body: { settings: { calendarProcessing: { AllowConflicts: false } } },
      }),
    );
    assertParses(applyResponse, await stack.call('global-admin', `${path(first.id)}/apply-recommended`, { method: 'POST' }));
    assertParses(
      applyResponse,
      await stack.call('global-admin', path(second.id), {
        method: 'PATCH',
        body: { passwordNeverExpires: true, calendarProcessing: { BookingWindowInDays: 365 } },
      }),
    );
    assertParses(
      applyResponse,
      await stack.call('global-admin', `${path(second.id)}/location`, { method: 'PATCH', body: { capacity: 9, floorLabel: '3' } }),
    );
    assertParses(
      errorEnvelope,
      await stack.call('no-role', path(second.id), { method: 'PATCH', body: { passwordNeverExpires: false } }),
      403,
    );
    assertParses(errorEnvelope, await stack.call('global-admin', path('no-such-account')), 404);

    // A license removed and given back: both answers carry the seats left.
    const licensed = assertParses(accountDetail, await stack.call('global-admin', path(first.id)));
    const license = licensed.licenses.find((item) => item.isTeamsRooms);
    assert.ok(license, 'the applied account holds a Teams Rooms license');
    assertParses(
      licenseChangeResponse,
      await stack.call('global-admin', `${path(first.id)}/licenses`, { method: 'PUT', body: { remove: [license.skuId] } }),
    );
    assertParses(
      licenseChangeResponse,
      await stack.call('global-admin', `${path(first.id)}/licenses`, { method: 'PUT', body: { add: [license.skuId] } }),
    );

    const audit = assertParses(
      auditResponse,
      await stack.call('global-admin', `/api/audit?accountId=${encodeURIComponent(first.id)}&limit=2`),
    );
    assert.ok(audit.items.length > 0);
    assertParses(auditResponse, await stack.call('global-reader', `/api/audit?limit=500`));
  });

  it('the baseline, read and saved back', async () => {
    const baseline = assertParses(baselineResponse, await stack.call('global-reader', '/api/baseline'));
    assertParses(baselineResponse, await stack.call('global-admin', '/api/baseline', { method: 'PUT', body: baseline.values }));
  });

  it('a bulk job: created, followed to the end, taken over and cancelled', async () => {
    const list = assertParses(accountListResponse, await stack.call('global-admin', '/api/accounts?status=needsAction&pageSize=500'));
    const ids = list.items.map((item) => item.id);
    assert.ok(ids.length >= 2, `${ids.length} accounts need action`);
    const created = assertParses(
      jobCreated,
      await stack.call('global-admin', '/api/jobs/apply-recommended', { method: 'POST', body: { accountIds: ids.slice(0, 3) } }),
      202,
    );
    for (;;) {
      const job = assertParses(jobProgress, await stack.call('global-admin', `/api/jobs/${created.jobId}`));
      if (job.finishedAt) break;
      await sleep(100);
    }
    // A finished job has nothing to take over: the refusal is our envelope.
    assertParses(errorEnvelope, await stack.call('global-admin', `/api/jobs/${created.jobId}/take-over`, { method: 'POST' }), 409);
    const second = assertParses(
      jobCreated,
      await stack.call('global-admin', '/api/jobs/apply-recommended', { method: 'POST', body: { filter: { status: 'needsAction' } } }),
      202,
    );
    assertParses(jobProgress, await stack.call('global-admin', `/api/jobs/${second.jobId}/take-over`, { method: 'POST' }));
    assertParses(jobProgress, await stack.call('global-admin', `/api/jobs/${second.jobId}/cancel`, { method: 'POST' }));
  });
});
