/**
 * License SKUs that matter to Teams Rooms (domain.md §2): which count as a Teams Rooms license, their
 * product names, and the Basic purchase cap. Matching is by skuId with a skuPartNumber prefix fallback,
 * as Microsoft's own license checker does, so new EDU/GCC/no-audio variants are still recognised.
 */
export interface SkuInfo {
  skuPartNumber: string;
  name: string;
  family: 'pro' | 'basic' | 'standard' | 'premium' | 'sharedDevices' | 'other';
}

const KNOWN: Record<string, SkuInfo> = {
  '4cde982a-ede4-4409-9ae6-b003453c8ea6': { skuPartNumber: 'Microsoft_Teams_Rooms_Pro', name: 'Microsoft Teams Rooms Pro', family: 'pro' },
  '21943e3a-2429-4f83-84c1-02735cd49e78': {
    skuPartNumber: 'Microsoft_Teams_Rooms_Pro_without_Audio_Conferencing',
    name: 'Microsoft Teams Rooms Pro without Audio Conferencing',
    family: 'pro',
  },
  'c25e2b36-e161-4946-bef2-69239729f690': {
    skuPartNumber: 'Microsoft_Teams_Rooms_Pro_FAC',
    name: 'Microsoft Teams Rooms Pro for EDU',
    family: 'pro',
  },
  '31ecb341-2a17-483e-9140-c473006d1e1a': {
    skuPartNumber: 'Microsoft_Teams_Rooms_Pro_GCC',
    name: 'Microsoft Teams Rooms Pro for GCC',
    family: 'pro',
  },
  '6af4b3d6-14bb-4a2a-960c-6c902aad34f3': {
    skuPartNumber: 'Microsoft_Teams_Rooms_Basic',
    name: 'Microsoft Teams Rooms Basic',
    family: 'basic',
  },
  'a4e376bd-c61e-4618-9901-3fc0cb1b88bb': {
    skuPartNumber: 'Microsoft_Teams_Rooms_Basic_FAC',
    name: 'Microsoft Teams Rooms Basic for EDU',
    family: 'basic',
  },
  '50509a35-f0bd-4c5e-89ac-22f0e16a00f8': {
    skuPartNumber: 'Microsoft_Teams_Rooms_Basic_without_Audio_Conferencing',
    name: 'Microsoft Teams Rooms Basic without Audio Conferencing',
    family: 'basic',
  },
  '6070a4c8-34c6-4937-8dfb-39bbc6397a60': { skuPartNumber: 'MEETING_ROOM', name: 'Microsoft Teams Rooms Standard', family: 'standard' },
  '61bec411-e46a-4dab-8f46-8b58ec845ffe': {
    skuPartNumber: 'MEETING_ROOM_NOAUDIOCONF',
    name: 'Microsoft Teams Rooms Standard without Audio Conferencing',
    family: 'standard',
  },
  '9571e9ac-2741-4b63-95fd-a79696f0d0ac': {
    skuPartNumber: 'MEETING_ROOM_GOV',
    name: 'Microsoft Teams Rooms Standard for GCC',
    family: 'standard',
  },
  'b4348f75-a776-4061-ac6c-36b9016b01d1': {
    skuPartNumber: 'MEETING_ROOM_GOV_NOAUDIOCONF',
    name: 'Microsoft Teams Rooms Standard for GCC without Audio Conferencing',
    family: 'standard',
  },
  '4fb214cb-a430-4a91-9c91-4976763aa78f': { skuPartNumber: 'MTR_PREM', name: 'Teams Rooms Premium', family: 'premium' },
  '295a8eb0-f78d-45c7-8b5b-1eed5ed02dff': { skuPartNumber: 'MCOCAP', name: 'Microsoft Teams Shared Devices', family: 'sharedDevices' },
  '420c7602-7f70-4895-9394-d3d679ea36fb': {
    skuPartNumber: 'MCOCAP_FACULTY',
    name: 'Microsoft Teams Shared Devices for Faculty',
    family: 'sharedDevices',
  },
  'b1511558-69bd-4e1b-8270-59ca96dba0f3': {
    skuPartNumber: 'MCOCAP_GOV',
    name: 'Microsoft Teams Shared Devices for GCC',
    family: 'sharedDevices',
  },
};

const PREFIXES: [RegExp, SkuInfo['family']][] = [
  [/^Microsoft_Teams_Rooms_Pro/i, 'pro'],
  [/^Microsoft_Teams_Rooms_Basic/i, 'basic'],
  [/^MEETING_ROOM/i, 'standard'],
  [/^(MTR_PREM|MMR_P)/i, 'premium'],
  [/^MCOCAP/i, 'sharedDevices'],
];

/** Microsoft caps Teams Rooms Basic purchases at 25 per tenant; more rooms must be Pro. */
export const BASIC_LICENSE_CAP = 25;

export const TEAMS_ROOMS_SKU_IDS: readonly string[] = Object.entries(KNOWN)
  .filter(([, info]) => isTeamsRoomsFamily(info.family))
  .map(([skuId]) => skuId);

export function isTeamsRoomsFamily(family: SkuInfo['family']): boolean {
  return family === 'pro' || family === 'basic' || family === 'standard' || family === 'premium';
}

/** Describe a SKU from its id, using the tenant's part number (from subscribedSkus) when we don't know the id. */
export function describeSku(skuId: string, skuPartNumber?: string): SkuInfo {
  const known = KNOWN[skuId];
  if (known) return known;
  const part = skuPartNumber ?? skuId;
  const family = PREFIXES.find(([pattern]) => pattern.test(part))?.[1] ?? 'other';
  return { skuPartNumber: part, name: part.replaceAll('_', ' '), family };
}
