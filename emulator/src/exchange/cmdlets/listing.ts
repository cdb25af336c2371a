// Evidence: docs/microsoft-365.md#exo-get-mailbox
import { takePage } from '../paging.ts';
import type { CmdletEnv, CmdletOutput, ExchangeObject } from './types.ts';

/** Exchange's default -ResultSize for list cmdlets. */
const DEFAULT_RESULT_SIZE = 1000;

/** A page of a list cmdlet's output, with the warning Exchange prints when -ResultSize cut the list short. */
export function listOutput(objects: ExchangeObject[], resultSize: number | undefined, env: CmdletEnv): CmdletOutput {
  return listOutputOf(
    objects,
    (object) => String(object.Guid),
    (object) => object,
    resultSize,
    env,
  );
}

/**
 * `listOutput` over records paged by their guid, each printed only if its page holds it: printing all 10,000
 * mailboxes for each page of 1,000 was most of a Get-Mailbox list's cost.
 */
export function listOutputOf<T>(
  records: readonly T[],
  guidOf: (record: T) => string,
  print: (record: T) => ExchangeObject,
  resultSize: number | undefined,
  env: CmdletEnv,
): CmdletOutput {
  const taken = takePage(records, guidOf, resultSize ?? DEFAULT_RESULT_SIZE, env.page);
  const page = { ...taken, items: taken.items.map(print) };
  const warnings: string[] = [];
  if (page.truncated) {
    warnings.push(
      resultSize === undefined
        ? `By default only the first ${DEFAULT_RESULT_SIZE} items are returned. Use the ResultSize parameter to specify the number of items returned. To return all items specify "-ResultSize Unlimited". Be aware that, depending upon the actual number of items, returning all items can take a long time and consume a large amount of memory. Also, we don't recommend storing the results in a variable. Instead, pipe the results to another task or script to perform batch changes.`
        : 'There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.',
    );
  }
  return { value: page.items, warnings, nextSkipToken: page.nextSkipToken };
}
