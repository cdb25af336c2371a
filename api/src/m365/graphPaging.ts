import type { z } from 'zod';
import type { CheckedPage, GraphRequests } from './graphRequests.ts';
import type { CallOptions } from './resilientCall.ts';
import type { HttpResponse } from './transport.ts';

/** A collection's checked pages from `first`, following `@odata.nextLink`; callers never see the links. */
export async function* graphPages<T extends z.ZodType>(
  requests: GraphRequests,
  first: string,
  item: T,
  what: string,
  headers: Record<string, string>,
  call?: CallOptions,
): AsyncGenerator<CheckedPage<z.infer<T>>> {
  // The next page is asked for as soon as its link is known, so checking and consuming a page of 999 users
  // overlaps the round trip of the next one instead of adding to it.
  let pending: Promise<HttpResponse> | undefined = requests.send('GET', first, { headers, call });
  while (pending) {
    const res: HttpResponse = await pending;
    const link = nextLinkOf(res.body);
    pending = link ? requests.send('GET', link, { headers, call }) : undefined;
    // A page that fails its check ends the walk: the request already in flight must not go unhandled.
    pending?.catch(() => undefined);
    yield await requests.parsePageInTurns(item, res, what);
  }
}

/** Every valid item of a collection, all pages read. */
export async function collectAll<T extends z.ZodType>(
  requests: GraphRequests,
  first: string,
  item: T,
  what: string,
  call?: CallOptions,
): Promise<z.infer<T>[]> {
  const all: z.infer<T>[] = [];
  for await (const page of graphPages(requests, first, item, what, {}, call)) all.push(...page.items);
  return all;
}

/** `@odata.nextLink` of a response body, before the page is checked (the check then validates it too). */
function nextLinkOf(body: unknown): string | undefined {
  const link = body && typeof body === 'object' ? (body as Record<string, unknown>)['@odata.nextLink'] : undefined;
  return typeof link === 'string' ? link : undefined;
}
