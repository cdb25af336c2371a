import type { SummaryResponse } from '../../../../contract/index.ts';
import { seatCount } from '../../accounts/seats.ts';
import type { TenantView } from './tenantView.ts';

/** Counts by status and license, seats and buildings: computed once per view. */
export function summarize(view: TenantView): SummaryResponse {
  const byStatus = { noActionNeeded: 0, needsAction: 0, notAvailable: 0, ungraded: 0 };
  const byLicense = new Map<string, { skuPartNumber: string; name: string; count: number }>();
  const byBuilding = new Map<string, SummaryResponse['byBuilding'][number]>();
  let warnings = 0;
  let notSignedInRecently = 0;
  for (const item of view.items) {
    if (item.signIn?.state === 'stale' || item.signIn?.state === 'never') notSignedInRecently += 1;
    byStatus[item.status ?? 'ungraded'] += 1;
    const building = item.building ?? 'none';
    const counts = byBuilding.get(building) ?? { building, noActionNeeded: 0, needsAction: 0, notAvailable: 0, ungraded: 0 };
    counts[item.status ?? 'ungraded'] += 1;
    byBuilding.set(building, counts);
    warnings += item.warnings ?? 0;
    const licenses = item.licenses.length > 0 ? item.licenses : [{ skuPartNumber: 'none', name: 'No license' }];
    for (const license of licenses) {
      const entry = byLicense.get(license.skuPartNumber) ?? { skuPartNumber: license.skuPartNumber, name: license.name, count: 0 };
      entry.count += 1;
      byLicense.set(license.skuPartNumber, entry);
    }
  }
  const seats = view.skus.map(seatCount).filter((seat) => seat.isTeamsRooms || seat.skuPartNumber.startsWith('MCOCAP'));
  return {
    total: view.items.length,
    byStatus,
    byBuilding: [...byBuilding.values()].sort((a, b) => a.building.localeCompare(b.building)),
    warnings,
    byLicense: [...byLicense.values()].sort((a, b) => b.count - a.count),
    seats,
    buildings: [...new Set(view.items.map((item) => item.building).filter((b): b is string => Boolean(b)))].sort(),
    roomLists: view.roomLists?.status === 'ok' ? view.roomLists.lists.map((list) => list.name).sort() : [],
    notSignedInRecently,
    signInWithinDays: view.baseline.signInWithinDays,
    lastSyncAt: view.lastSyncAt,
  };
}
