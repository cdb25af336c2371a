/** The list's last filter, so "back to the list" from an account returns to the same view. */
// @ts-nocheck

const KEY = 'room-accounts.list-hash';

export function rememberListHash(hash: string): void {
  sessionStorage.setItem(KEY, hash);
}

export function lastListHash(): string {
  return sessionStorage.getItem(KEY) ?? '#/accounts';
}
