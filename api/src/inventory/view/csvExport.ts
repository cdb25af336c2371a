import type { AccountListItem, AccountStatus } from '../../../../contract/index.ts';
import { csvCell } from '../../csv.ts';

const HEADER = [
  'Display name',
  'UPN',
  'Location',
  'Building',
  'City',
  'Status',
  'Warnings',
  'Licenses',
  'Sign-in',
  'Last successful sign-in',
  'Blocking CA policies',
  'Last read',
];

/** CSV of these list rows, header first, yielded in chunks of about 64 KB for streaming. */
export function* csvOfRows(rows: readonly AccountListItem[]): Generator<string> {
  yield `${HEADER.join(',')}\r\n`;
  let chunk = '';
  for (const item of rows) {
    chunk += `${[
      item.displayName,
      item.userPrincipalName,
      item.location ?? '',
      item.building ?? '',
      item.city ?? '',
      statusLabel(item.status),
      item.warnings ?? '',
      item.licenses.map((license) => license.name).join('; '),
      item.signIn?.state ?? 'unknown',
      item.signIn?.lastSuccessfulSignIn ?? '',
      item.signIn?.blockingPolicies ?? '',
      item.lastReadAt,
    ]
      .map(csvCell)
      .join(',')}\r\n`;
    if (chunk.length > 64_000) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function statusLabel(status: AccountStatus | null): string {
  if (status === 'noActionNeeded') return 'No Action Needed';
  if (status === 'needsAction') return 'Needs Action';
  if (status === 'notAvailable') return 'N/A';
  return '';
}
