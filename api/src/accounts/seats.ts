import { freeSeats, type SummaryResponse } from '../../../contract/index.ts';
import { AppError } from '../errors.ts';
import type { SubscribedSku } from '../domain/subscribedSku.ts';
import { describeSku, isTeamsRoomsFamily } from '../domain/licenseCatalog.ts';

/** One subscribed license's seats as the summary and the license-change answer report them. */
export function seatCount(sku: SubscribedSku): SummaryResponse['seats'][number] {
  const info = describeSku(sku.skuId, sku.skuPartNumber);
  return {
    skuId: sku.skuId,
    skuPartNumber: sku.skuPartNumber,
    name: info.name,
    isTeamsRooms: isTeamsRoomsFamily(info.family),
    enabled: sku.enabled,
    consumed: sku.consumed,
    available: freeSeats(sku),
  };
}

/** No seat left of a license to assign: `409 conflict`, said the same whichever route meets it. */
export class NoSeatLeft extends AppError {
  override name = 'NoSeatLeft';

  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

/**
 * Before assigning: a seat of each license is free, read from the tenant's subscriptions just now. Said by us
 * (409 naming the license and the seats left) rather than as Graph's error, whichever route assigns it.
 */
export function assertSeatsLeft(skus: readonly SubscribedSku[], skuIds: readonly string[]): void {
  for (const skuId of skuIds) {
    const sku = skus.find((candidate) => candidate.skuId === skuId);
    const name = describeSku(skuId, sku?.skuPartNumber).name;
    if (!sku) {
      throw new NoSeatLeft(
        `Your organization has no ${name} subscription, so no seat is left to assign. Buy one in the Microsoft 365 admin center, or choose another license.`,
      );
    }
    if (freeSeats(sku) <= 0) {
      throw new NoSeatLeft(
        `No ${name} licenses are left to assign: 0 seats left (${sku.consumed} of ${sku.enabled} assigned). Buy more or free one up, then try again.`,
      );
    }
  }
}
