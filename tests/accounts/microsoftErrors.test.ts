import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { MESSAGES } from '../../contract/index.ts';
import {
  exchangeSays,
  failedResult,
  insufficientRole,
  isMicrosoftFailure,
  refusal,
  upstreamFailure,
} from '../../api/src/accounts/microsoftErrors.ts';
import { planLicenses, type Change } from '../../api/src/accounts/plan.ts';
import { AppError } from '../../api/src/errors.ts';
import { M365Error, type M365ErrorInit } from '../../api/src/m365/errors.ts';
import { compliantSnapshot } from '../helpers/snapshots.ts';

const BASIC = '6af4b3d6-14bb-4a2a-960c-6c902aad34f3';
const license = planLicenses(compliantSnapshot(), { add: [BASIC], remove: [] }, [])[0] as Change;
const microsoft = (init: Partial<M365ErrorInit>) =>
  new M365Error({
    service: 'graph',
    kind: 'badRequest',
    status: 400,
    code: 'Request_BadRequest',
    message: 'License assignment failed.',
    ...init,
  });

describe('Microsoft 365 errors in API terms, in one place', () => {
  it('a 403 is a refused change naming the least-privileged role and what else Microsoft accepts', () => {
    const result = failedResult(license, microsoft({ kind: 'forbidden', status: 403, code: 'Authorization_RequestDenied' }));
    assert.equal(result.outcome, 'refused');
    assert.equal(result.requiredRole, 'License Administrator');
    assert.equal(result.message, refusal.change('license'));
    assert.match(result.message ?? '', /License Administrator role \(or License or User Administrator over an administrative unit/);
  });

  it("any other Microsoft error is a failed change in Microsoft's words; our own check keeps its message", () => {
    const failed = failedResult(license, microsoft({}));
    assert.deepEqual(
      [failed.outcome, failed.message, failed.requiredRole],
      ['failed', 'Microsoft 365 answered: License assignment failed.', undefined],
    );
    const ours = failedResult(license, new AppError(409, 'conflict', 'No Microsoft Teams Rooms Basic licenses are left to assign.'));
    assert.deepEqual([ours.outcome, ours.message], ['failed', 'No Microsoft Teams Rooms Basic licenses are left to assign.']);
    assert.deepEqual([ours.from, ours.to], [license.from, license.to]);
    assert.equal(failedResult(license, 'odd').message, 'The change could not be made.');
  });

  it('every change refused: 403 insufficient_role with the role; mailbox-only refusals name the Exchange role', () => {
    const error = insufficientRole([license]);
    assert.deepEqual([error.status, error.code, error.extra.requiredRole], [403, 'insufficient_role', 'License Administrator']);
    const mailbox = refusal.answer([{ kind: 'calendarProcessing', group: 'mailbox' }]);
    assert.match(mailbox.message, /^You can't change mailbox settings with your current role/);
    assert.equal(mailbox.requiredRole, 'Exchange Recipient Administrator');
  });

  it('Microsoft 365 failing after retries: 503 when it may pass later, else 502, with the seed message first', () => {
    const throttled = upstreamFailure(
      microsoft({ kind: 'throttled', status: 429, code: 'TooManyRequests', message: 'Slow down.' }),
      MESSAGES.save,
    );
    assert.ok(throttled instanceof AppError);
    assert.deepEqual([throttled.status, throttled.code], [503, 'upstream_unavailable']);
    assert.equal(throttled.message, `${MESSAGES.save} Microsoft 365 did not complete the request: Slow down.`);
    assert.match(throttled.extra.logDetail ?? '', /graph throttled 429 TooManyRequests, 1 attempt/);
    const broken = upstreamFailure(microsoft({}), MESSAGES.apply);
    assert.ok(broken instanceof AppError);
    assert.deepEqual([broken.status, broken.code], [502, 'upstream_error']);
  });

  it('anything not from Microsoft passes through unchanged', () => {
    const ours = new AppError(404, 'not_found', 'gone');
    assert.equal(upstreamFailure(ours, MESSAGES.save), ours);
    assert.equal(isMicrosoftFailure(ours), false);
    assert.equal(isMicrosoftFailure(microsoft({})), true);
  });

  it('Exchange answers that mean a room-list write already holds (a retry or a race) are told apart from failures', () => {
    const exchange = (code: string, message: string) => microsoft({ service: 'exchange', code, message });
    assert.equal(exchangeSays.nameTaken(exchange('ADObjectAlreadyExistsException', "The name 'Rooms - B1' is already being used.")), true);
    assert.equal(
      exchangeSays.alreadyMember(exchange('MemberAlreadyExistsException', 'The recipient is already a member of the group.')),
      true,
    );
    assert.equal(exchangeSays.alreadyMember(exchange('ManagementObjectNotFoundException', 'The group was not found.')), false);
    assert.equal(exchangeSays.nameTaken(new Error('already being used')), false, 'only Microsoft says so');
  });
});
