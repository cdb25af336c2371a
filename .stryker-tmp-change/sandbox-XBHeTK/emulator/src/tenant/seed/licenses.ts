// @ts-nocheck
import { SKU, type SkuDefinition } from '../catalog.ts';
import type { EmSubscription, Tenant, TenantRegion } from '../model.ts';

/**
 * Every Teams Rooms SKU of domain.md §2 (Pro, Basic, Standard and Premium families, with their EDU, GCC and
 * no-audio variants). Shared Devices (MCOCAP*) is deliberately absent: it is not a Teams Rooms license.
 */
export const TEAMS_ROOMS_SKU_IDS: ReadonlySet<string> = new Set([
  '4cde982a-ede4-4409-9ae6-b003453c8ea6', // Microsoft_Teams_Rooms_Pro
  '21943e3a-2429-4f83-84c1-02735cd49e78', // Microsoft_Teams_Rooms_Pro_without_Audio_Conferencing
  'c25e2b36-e161-4946-bef2-69239729f690', // Microsoft_Teams_Rooms_Pro_FAC
  '31ecb341-2a17-483e-9140-c473006d1e1a', // Microsoft_Teams_Rooms_Pro_GCC
  '6af4b3d6-14bb-4a2a-960c-6c902aad34f3', // Microsoft_Teams_Rooms_Basic
  'a4e376bd-c61e-4618-9901-3fc0cb1b88bb', // Microsoft_Teams_Rooms_Basic_FAC
  '50509a35-f0bd-4c5e-89ac-22f0e16a00f8', // Microsoft_Teams_Rooms_Basic_without_Audio_Conferencing
  '6070a4c8-34c6-4937-8dfb-39bbc6397a60', // MEETING_ROOM
  '61bec411-e46a-4dab-8f46-8b58ec845ffe', // MEETING_ROOM_NOAUDIOCONF
  '9571e9ac-2741-4b63-95fd-a79696f0d0ac', // MEETING_ROOM_GOV
  'b4348f75-a776-4061-ac6c-36b9016b01d1', // MEETING_ROOM_GOV_NOAUDIOCONF
  '4fb214cb-a430-4a91-9c91-4976763aa78f', // MTR_PREM
]);

/** Microsoft's license-check script matches these part-number prefixes, which new variants keep. */
const TEAMS_ROOMS_PART_PREFIXES = ['Microsoft_Teams_Rooms_Pro', 'Microsoft_Teams_Rooms_Basic', 'MEETING_ROOM', 'MTR_PREM', 'MMR_P'];

export function isTeamsRoomsSku(skuId: string, skuPartNumber?: string): boolean {
  if (TEAMS_ROOMS_SKU_IDS.has(skuId)) return true;
  return skuPartNumber !== undefined && TEAMS_ROOMS_PART_PREFIXES.some((prefix) => skuPartNumber.startsWith(prefix));
}

/** The SKUs a seeded tenant assigns; government clouds get the GCC variant of Pro. */
export interface LicensePlan {
  pro: SkuDefinition;
  basic: SkuDefinition;
  standard: SkuDefinition;
  sharedDevices: SkuDefinition;
  e3: SkuDefinition;
  /** A Teams Rooms SKU recognisable only by its part number, and an SKU nobody knows (both fictitious). */
  unlistedRooms: SkuDefinition;
  unknown: SkuDefinition;
}

export function licensePlan(region: TenantRegion): LicensePlan {
  return {
    pro: region === 'WW' ? SKU.roomsPro : SKU.roomsProGcc,
    basic: SKU.roomsBasic,
    standard: SKU.roomsStandard,
    sharedDevices: SKU.sharedDevices,
    e3: SKU.e3,
    unlistedRooms: SKU.roomsProUnlisted,
    unknown: SKU.unknownAddOn,
  };
}

/**
 * Subscribe the tenant to every SKU of the plan with seats for what is assigned, plus free seats where a
 * real tenant keeps some: a few Pro (at least 3 or 5 %), 2 Shared Devices, 2 of the unlisted Teams Rooms
 * variant, 10 % E3. Basic is bought exactly to what is assigned, which may exceed Microsoft's 25-seat
 * purchase cap on purpose.
 */
export function subscribe(tenant: Tenant, plan: LicensePlan): void {
  const spare = (sku: SkuDefinition, consumed: number): number => {
    if (sku === plan.pro) return Math.max(3, Math.ceil(consumed * 0.05));
    if (sku === plan.sharedDevices || sku === plan.unlistedRooms) return 2;
    if (sku === plan.e3) return Math.max(5, Math.ceil(consumed * 0.1));
    return 0;
  };
  for (const sku of [plan.pro, plan.basic, plan.standard, plan.sharedDevices, plan.e3, plan.unlistedRooms, plan.unknown]) {
    const consumed = tenant.consumedUnits(sku.skuId);
    const subscription: EmSubscription = {
      skuId: sku.skuId,
      skuPartNumber: sku.skuPartNumber,
      servicePlans: sku.servicePlans.map((servicePlan) => ({ ...servicePlan })),
      prepaidEnabled: consumed + spare(sku, consumed),
    };
    tenant.subscriptions.set(sku.skuId, subscription);
  }
}
