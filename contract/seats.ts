/**
 * Seats of a subscribed license not yet assigned: the one sum the API's seat check, the summary, the
 * license-change answer and the tab's charts all use. Never negative: a tenant over its count (a lapsed
 * trial, a reduced subscription) simply has none left.
 */
export function freeSeats(sku: { enabled: number; consumed: number }): number {
  return Math.max(0, sku.enabled - sku.consumed);
}
