import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import {
  asDeltaExpired,
  DeltaExpiredError,
  exchangeError,
  graphError,
  M365Error,
  unwrapExchangeMessage,
} from '../../api/src/m365/errors.ts';
import { graphCost } from '../../api/src/m365/graphCost.ts';

describe('m365 errors', () => {
  it('maps a Graph 403 to forbidden with the service code, message and request id', () => {
    const error = graphError({
      status: 403,
      headers: { 'request-id': 'r-1' },
      body: {
        error: {
          code: 'Authorization_RequestDenied',
          message: 'Insufficient privileges to complete the operation.',
          innerError: { 'request-id': 'r-1' },
        },
      },
    });
    assert.equal(error.kind, 'forbidden');
    assert.equal(error.code, 'Authorization_RequestDenied');
    assert.equal(error.message, 'Insufficient privileges to complete the operation.');
    assert.equal(error.requestId, 'r-1');
    assert.equal(error.service, 'graph');
    assert.equal(error.transient, false);
  });

  it('marks 429/503/504 transient and reads their Retry-After', () => {
    const error = graphError({
      status: 429,
      headers: { 'retry-after': '3' },
      body: { error: { code: 'TooManyRequests', message: 'Too many requests' } },
    });
    assert.equal(error.kind, 'throttled');
    assert.equal(error.retryAfterMs, 3000);
    assert.ok(error.transient);
    assert.ok(graphError({ status: 504, headers: {}, body: 'gateway timeout' }).transient);
    assert.equal(graphError({ status: 504, headers: {}, body: 'gateway timeout' }).message, 'HTTP 504: gateway timeout');
  });

  it('turns an expired delta answer into DeltaExpiredError', () => {
    const base = graphError({
      status: 400,
      headers: {},
      body: { error: { code: 'SyncStateNotFound', message: 'The sync state generation is not found.' } },
    });
    const expired = asDeltaExpired(base);
    assert.ok(expired instanceof DeltaExpiredError && expired instanceof M365Error);
    assert.equal(expired.code, 'SyncStateNotFound');
    assert.equal(expired.message, 'The sync state generation is not found.');
    const other = graphError({ status: 400, headers: {}, body: { error: { code: 'Request_BadRequest', message: 'bad' } } });
    assert.equal(asDeltaExpired(other), other);
  });

  it('treats any 410 Gone on a delta call as expired, whatever its code (Learn: 410 means resync)', () => {
    for (const code of ['resyncRequired', 'SomethingNew', 'HTTP410']) {
      const gone = asDeltaExpired(
        graphError({
          status: 410,
          headers: { location: 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=' },
          body: { error: { code, message: 'gone' } },
        }),
      );
      assert.ok(gone instanceof DeltaExpiredError, code);
    }
    assert.ok(asDeltaExpired(graphError({ status: 410, headers: {}, body: '' })) instanceof DeltaExpiredError, 'a bare 410');
  });

  it('keeps Exchange rate-limit headers on the error, numbers as numbers', () => {
    const error = exchangeError({
      status: 429,
      headers: {
        'rate-limit-limit': '30000',
        'rate-limit-remaining': '0',
        'rate-limit-reset': '2024-05-22T16:52:26.365Z',
        'x-concurrencycount': '2',
        'retry-after': '1',
      },
      body: { error: { code: 'TooManyRequests', message: 'Error executing cmdlet' } },
    });
    assert.deepEqual(error.rateLimit, { limit: 30000, remaining: 0, reset: '2024-05-22T16:52:26.365Z', concurrency: 2 });
    assert.equal(exchangeError({ status: 400, headers: {}, body: undefined }).rateLimit, undefined);
  });

  it('explains an Exchange 403 that has no body instead of saying only "HTTP 403"', () => {
    for (const body of [undefined, '', '   ']) {
      const error = exchangeError({ status: 403, headers: {}, body });
      assert.equal(error.kind, 'forbidden');
      assert.equal(error.code, 'AccessDenied');
      assert.match(error.message, /without giving a reason.*Exchange role/s);
    }
  });

  it('unwraps Exchange messages: details, then internal exception, then message', () => {
    const notFound = exchangeError({
      status: 400,
      headers: { 'request-id': 'x-2' },
      body: {
        error: {
          code: 'BadRequest',
          message: 'Error executing cmdlet',
          details: [
            {
              code: 'Client',
              target: '',
              message:
                "Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'x@contoso.com' couldn't be found on 'DB3PR01A001DC01.EURPR01A001.prod.outlook.com'.",
            },
          ],
        },
      },
    });
    assert.equal(notFound.kind, 'notFound');
    assert.equal(notFound.code, 'ManagementObjectNotFoundException');
    assert.match(notFound.message, /^The operation couldn't be performed because object 'x@contoso.com'/);
    assert.equal(notFound.requestId, 'x-2');

    const inner = exchangeError({
      status: 400,
      headers: {},
      body: {
        error: {
          message: 'Invalid Operation',
          innererror: {
            internalexception: {
              message: 'Cannot bind argument.',
              type: 'System.Management.Automation.ParameterBindingValidationException',
            },
          },
        },
      },
    });
    assert.equal(inner.code, 'ParameterBindingValidationException');
    assert.equal(inner.message, 'Cannot bind argument.');
    assert.equal(inner.kind, 'badRequest');

    const plain = exchangeError({ status: 401, headers: {}, body: undefined });
    assert.equal(plain.kind, 'unauthorized');
    assert.equal(plain.message, 'HTTP 401');

    assert.deepEqual(unwrapExchangeMessage('|System.Management.Automation.ParameterBindingException|Cannot process command.'), {
      type: 'ParameterBindingException',
      message: 'Cannot process command.',
    });
    assert.deepEqual(unwrapExchangeMessage('No pipes here'), { message: 'No pipes here' });
  });

  it('scrubs bearer tokens a service might echo into a message', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiIxMjMifQ.c2lnbmF0dXJl';
    const error = graphError({
      status: 401,
      headers: {},
      body: { error: { code: 'InvalidAuthenticationToken', message: `Token ${token} is bad; header was Bearer ${token}` } },
    });
    assert.ok(!error.message.includes(token));
    assert.ok(!JSON.stringify({ ...error, message: error.message, stack: error.stack }).includes(token));
  });
});

describe('m365 graphCost (graph-engineering.md §1.2)', () => {
  it('prices identity calls with the documented modifiers', () => {
    assert.deepEqual(graphCost('GET', '/users?$top=999'), { resourceUnits: 2, writes: 0 });
    assert.deepEqual(graphCost('GET', '/users?$select=id&$top=999'), { resourceUnits: 1, writes: 0 });
    assert.deepEqual(graphCost('GET', '/users/delta?$select=id'), { resourceUnits: 1, writes: 0 });
    assert.deepEqual(graphCost('GET', '/users/abc/licenseDetails'), { resourceUnits: 2, writes: 0 });
    assert.deepEqual(graphCost('GET', '/subscribedSkus'), { resourceUnits: 3, writes: 0 });
    assert.deepEqual(graphCost('GET', '/groups/g/members?$expand=manager'), { resourceUnits: 4, writes: 0 });
    assert.deepEqual(graphCost('GET', '/users/abc?$select=id&$top=5'), { resourceUnits: 1, writes: 0 }, 'never below 1');
    assert.deepEqual(graphCost('PATCH', '/users/abc'), { resourceUnits: 1, writes: 1 });
    assert.deepEqual(graphCost('POST', '/v1.0/users/abc/assignLicense'), { resourceUnits: 1, writes: 1 });
  });

  it('leaves Outlook-backed places out of the identity budget', () => {
    assert.deepEqual(graphCost('GET', '/places/microsoft.graph.room'), { resourceUnits: 0, writes: 0 });
    assert.deepEqual(graphCost('PATCH', '/places/abc'), { resourceUnits: 0, writes: 0 });
  });
});
