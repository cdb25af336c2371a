import type { AccountListQuery } from '../../../../contract/index.ts';

export type StatusFilter = AccountListQuery['status'][number];
export type SortKey = AccountListQuery['sort'];
export type SignInFilter = AccountListQuery['signIn'][number];

/** The list's filter, sort and search: what the URL keeps and what the API's list and export take. */
export interface ListFilter {
  search: string;
  status: StatusFilter[];
  license: string[];
  building: string[];
  /** Room list names; `none` for rooms in no list. */
  roomList: string[];
  /** Sign-in states; `blocked` for accounts an enabled Conditional Access policy would block. */
  signIn: SignInFilter[];
  sort: SortKey;
  order: 'asc' | 'desc';
}

const STATUSES: StatusFilter[] = ['noActionNeeded', 'needsAction', 'notAvailable', 'unknown'];
export const SIGN_IN_FILTERS: SignInFilter[] = ['recent', 'stale', 'never', 'unknown', 'blocked'];
/** The summary's "not signed in within N days" figure: the two states the API counts in notSignedInRecently. */
export const NOT_SIGNED_IN_RECENTLY: SignInFilter[] = ['stale', 'never'];
const SORTS: SortKey[] = ['displayName', 'userPrincipalName', 'location', 'status', 'lastReadAt'];

const list = (value: string | null) =>
  value
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : [];

/** Read the filter from the hash route's query; unknown values are dropped rather than sent to the API. */
export function readFilter(query: URLSearchParams): ListFilter {
  const sort = query.get('sort') as SortKey | null;
  return {
    search: query.get('search') ?? '',
    status: list(query.get('status')).filter((item): item is StatusFilter => STATUSES.includes(item as StatusFilter)),
    license: list(query.get('license')),
    building: list(query.get('building')),
    roomList: list(query.get('roomList')),
    signIn: list(query.get('signIn')).filter((item): item is SignInFilter => SIGN_IN_FILTERS.includes(item as SignInFilter)),
    sort: sort && SORTS.includes(sort) ? sort : 'displayName',
    order: query.get('order') === 'desc' ? 'desc' : 'asc',
  };
}

/** The filter as hash-route query values (defaults left out). */
export function filterQuery(filter: ListFilter): Record<string, string | undefined> {
  return {
    search: filter.search || undefined,
    status: filter.status.join(',') || undefined,
    license: filter.license.join(',') || undefined,
    building: filter.building.join(',') || undefined,
    roomList: filter.roomList.join(',') || undefined,
    signIn: filter.signIn.join(',') || undefined,
    sort: filter.sort === 'displayName' ? undefined : filter.sort,
    order: filter.order === 'asc' ? undefined : filter.order,
  };
}

/** The filter as the API's query string (list and export.csv take the same parameters). */
export function listSearchParams(filter: ListFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filterQuery(filter))) if (value) params.set(key, value);
  return params;
}
