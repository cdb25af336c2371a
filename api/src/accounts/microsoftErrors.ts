import type { ChangeResult } from '../../../contract/index.ts';
import { AppError } from '../errors.ts';
import { M365Error } from '../m365/index.ts';
import { alsoAccepted, leastPrivilegedRole, type WriteKind } from './permissions.ts';
import type { Change } from './plan.ts';

/*
 * The one place where the change service reads Microsoft 365's errors, and where a failed write (Microsoft's
 * error, or our own check before the call) becomes what the API says: a change's result with its reason,
 * `403 insufficient_role`, or a 502/503 for the request. (The sync's reads turn errors into source states, in
 * inventory/.)
 */

/**
 * The words of a refusal, whether Microsoft 365 refused (403) or nothing could be tried: the per-change message
 * and the `403 insufficient_role` answer naming the least-privileged role.
 */
export const refusal = {
  change(kind: WriteKind): string {
    return `Microsoft 365 refused the change: it needs the ${leastPrivilegedRole(kind)} role (or ${alsoAccepted(kind)}).`;
  },
  answer(changes: readonly { kind: WriteKind; group: string }[]): { message: string; requiredRole: string } {
    const kinds = [...new Set(changes.map((change) => change.kind))];
    const roles = [...new Set(kinds.map(leastPrivilegedRole))];
    const requiredRole = roles[0] ?? leastPrivilegedRole('calendarProcessing');
    const mailboxOnly = changes.length > 0 && changes.every((change) => change.group === 'mailbox');
    const message = mailboxOnly
      ? `You can't change mailbox settings with your current role: Microsoft 365 refused. You need the Exchange Recipient Administrator role (or Exchange Administrator, or ${alsoAccepted('calendarProcessing')}). Contact your administrator to get access.`
      : `You can't make these changes with your current role: Microsoft 365 refused. You need: ${roles.join(', ')}. Contact your administrator to get access.`;
    return { message, requiredRole };
  },
};

/** The result of a change whose write threw: refused when Microsoft 365 answered 403, else failed with the reason. */
export function failedResult(change: Change, error: unknown): ChangeResult {
  const base = { setting: change.setting, from: change.from, to: change.to };
  if (error instanceof M365Error && error.kind === 'forbidden')
    return { ...base, outcome: 'refused', message: refusal.change(change.kind), requiredRole: change.requiredRole };
  return { ...base, outcome: 'failed', message: reasonOf(error) };
}

function reasonOf(error: unknown): string {
  if (error instanceof M365Error) return `Microsoft 365 answered: ${error.message}`;
  // Our own check before the call (no seat left, no place record): its message is written for the admin.
  if (error instanceof Error) return error.message;
  return 'The change could not be made.';
}

/** Microsoft 365 refused every change: `403 insufficient_role` naming the least-privileged role. */
export function insufficientRole(changes: readonly Change[]): AppError {
  const { message, requiredRole } = refusal.answer(changes);
  return new AppError(403, 'insufficient_role', message, { requiredRole });
}

/**
 * Microsoft 365 still failing after our retries: the seed's message for the action, then Microsoft's words,
 * as 503 (try again later) or 502; the log line of the request carries the detail. Anything else is as thrown.
 */
export function upstreamFailure(error: unknown, seedMessage: string): unknown {
  if (!(error instanceof M365Error)) return error;
  const transient = error.transient || error.kind === 'throttled' || error.kind === 'unavailable' || error.kind === 'network';
  const detail = `${error.service} ${error.kind} ${error.status} ${error.code}, ${error.attempts} attempt(s)${error.gaveUp ? `, gave up on ${error.gaveUp}` : ''}`;
  return new AppError(
    transient ? 503 : 502,
    transient ? 'upstream_unavailable' : 'upstream_error',
    `${seedMessage} Microsoft 365 did not complete the request: ${error.message}`,
    {
      logDetail: detail,
    },
  );
}

/** Exchange errors that mean the wanted state already holds, or nearly: a write retried or raced, not failed. */
export const exchangeSays = {
  /** New-DistributionGroup: the name is taken (another room of the building created the list first). */
  nameTaken(error: unknown): boolean {
    return error instanceof M365Error && /already being used/i.test(error.message);
  },
  /** Add-DistributionGroupMember: the room is already in the list. */
  alreadyMember(error: unknown): boolean {
    return error instanceof M365Error && /MemberAlreadyExists|already a member/i.test(`${error.code} ${error.message}`);
  },
};

/** A read that may fail without failing the change (the read-back after a write): Microsoft 365's error, not ours. */
export function isMicrosoftFailure(error: unknown): error is M365Error {
  return error instanceof M365Error;
}
