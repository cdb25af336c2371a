// @ts-nocheck
import type { AccountSnapshot } from '../../../inventory/snapshot.ts';
import { describeSku, type SkuInfo } from '../../licenseCatalog.ts';
import { readSource } from '../read.ts';
import type { Evaluation } from '../types.ts';

/** The account's licenses with their family, or why they can't be read. */
export function heldLicenses(snapshot: AccountSnapshot): { licenses: (SkuInfo & { skuId: string })[] } | { unknown: Evaluation } {
  const read = readSource(snapshot, 'licenses');
  if ('unknown' in read) return read;
  return { licenses: read.data.map((license) => ({ skuId: license.skuId, ...describeSku(license.skuId, license.skuPartNumber) })) };
}
