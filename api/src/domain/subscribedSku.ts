/** A subscribed SKU as the summary and the Basic-cap check need it. */
export interface SubscribedSku {
  skuId: string;
  skuPartNumber: string;
  enabled: number;
  consumed: number;
}
