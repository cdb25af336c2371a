// @ts-nocheck
import type { EmulatorContext } from '../../context.ts';

/** `@odata.context`: `<base>/v1.0/$metadata#users(displayName,id)` and the like. */
export function metadataUrl(ctx: EmulatorContext, fragment: string): string {
  return `${ctx.baseUrl}/v1.0/$metadata#${fragment}`;
}

/** The entity-set fragment with the selected properties, as Graph writes it when `$select` was given. */
export function setFragment(entitySet: string, select: readonly string[] | undefined): string {
  return select ? `${entitySet}(${select.join(',')})` : entitySet;
}

/** An absolute link back to this emulator, as Graph's paging links are. */
export function graphLink(ctx: EmulatorContext, path: string, query: string): string {
  return `${ctx.baseUrl}/v1.0${path}?${query}`;
}
