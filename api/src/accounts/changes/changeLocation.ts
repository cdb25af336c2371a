import type { ApplyResponse, DesiredSettings } from '../../../../contract/index.ts';
import { applySettings } from './applySettings.ts';
import type { ChangeDeps, RequestContext } from './context.ts';

/** `PATCH /accounts/{id}/location`: the room's place details, planned and applied like any other setting. */
export function changeLocation(
  deps: ChangeDeps,
  context: RequestContext,
  accountId: string,
  location: NonNullable<DesiredSettings['location']>,
): Promise<ApplyResponse> {
  return applySettings(deps, context, accountId, { location });
}
