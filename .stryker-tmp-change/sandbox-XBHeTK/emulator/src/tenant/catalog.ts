/** Fixed Microsoft 365 identifiers the emulated tenant uses: role template ids and license SKUs (domain.md §2, §5). */
// @ts-nocheck


export const ROLE = {
  globalAdmin: '62e90394-69f5-4237-9190-012177145e10',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  exchangeAdmin: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  exchangeRecipientAdmin: '31392ffb-586c-42d1-9346-e59415a2cc4e',
  userAdmin: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  licenseAdmin: '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
  teamsAdmin: '69091246-20e8-4a56-aa4d-066075b2a7a8',
  teamsDevicesAdmin: '3d762c5a-1b6c-493f-843e-55a3b42923d4',
  placesAdmin: '78b0ccd1-afc2-4f92-9116-b41aedd09592',
} as const;

export const ROLE_NAMES: Record<string, string> = {
  [ROLE.globalAdmin]: 'Global Administrator',
  [ROLE.globalReader]: 'Global Reader',
  [ROLE.exchangeAdmin]: 'Exchange Administrator',
  [ROLE.exchangeRecipientAdmin]: 'Exchange Recipient Administrator',
  [ROLE.userAdmin]: 'User Administrator',
  [ROLE.licenseAdmin]: 'License Administrator',
  [ROLE.teamsAdmin]: 'Teams Administrator',
  [ROLE.teamsDevicesAdmin]: 'Teams Devices Administrator',
  [ROLE.placesAdmin]: 'Places Administrator',
};

export interface SkuDefinition {
  skuId: string;
  skuPartNumber: string;
  servicePlans: { servicePlanId: string; servicePlanName: string }[];
}

const plan = (servicePlanId: string, servicePlanName: string) => ({ servicePlanId, servicePlanName });

/** The SKUs the seeded tenants subscribe to. Ids from Microsoft's licensing service plan reference, except the two marked fictitious. */
export const SKU = {
  roomsPro: {
    skuId: '4cde982a-ede4-4409-9ae6-b003453c8ea6',
    skuPartNumber: 'Microsoft_Teams_Rooms_Pro',
    servicePlans: [
      plan('0374d34c-6be4-4dbb-b3f0-26105db0b28a', 'Teams_Rooms_Pro'),
      plan('4828c8ec-dc2e-4779-b502-87ac9ce28ab7', 'MCOEV'),
      plan('41781fb2-bc02-4b7c-bd55-b576c07bb09d', 'AAD_PREMIUM'),
      plan('c1ec4a95-1f05-45b3-a911-aa3fa01094f5', 'INTUNE_A'),
    ],
  },
  roomsBasic: {
    skuId: '6af4b3d6-14bb-4a2a-960c-6c902aad34f3',
    skuPartNumber: 'Microsoft_Teams_Rooms_Basic',
    servicePlans: [plan('c8529366-cffd-4415-ab8f-be0144a33ab1', 'Teams_Rooms_Basic')],
  },
  roomsStandard: {
    skuId: '6070a4c8-34c6-4937-8dfb-39bbc6397a60',
    skuPartNumber: 'MEETING_ROOM',
    servicePlans: [plan('92c6b761-01de-457a-9dd9-793a975238f7', 'Teams_Room_Standard')],
  },
  roomsPremium: {
    skuId: '4fb214cb-a430-4a91-9c91-4976763aa78f',
    skuPartNumber: 'MTR_PREM',
    servicePlans: [
      plan('79d69417-9e27-4a13-b7a5-80c513145533', 'Teams_Room_Premium'),
      plan('bdaa59a3-74fd-4137-981a-31d4f84eb8a0', 'MMR_P1'),
    ],
  },
  roomsProGcc: {
    skuId: '31ecb341-2a17-483e-9140-c473006d1e1a',
    skuPartNumber: 'Microsoft_Teams_Rooms_Pro_GCC',
    servicePlans: [plan('0374d34c-6be4-4dbb-b3f0-26105db0b28a', 'Teams_Rooms_Pro')],
  },
  sharedDevices: {
    skuId: '295a8eb0-f78d-45c7-8b5b-1eed5ed02dff',
    skuPartNumber: 'MCOCAP',
    servicePlans: [plan('4828c8ec-dc2e-4779-b502-87ac9ce28ab7', 'MCOEV')],
  },
  e3: {
    skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965',
    skuPartNumber: 'SPE_E3',
    servicePlans: [plan('57ff2da0-773e-42df-b2af-ffb7a2317929', 'TEAMS1')],
  },
  /**
   * Fictitious, on purpose: a Teams Rooms Pro variant Microsoft might add, whose skuId no catalog knows and
   * whose part number keeps the `Microsoft_Teams_Rooms_Pro` prefix. The id is made up (not in Microsoft's list).
   */
  roomsProUnlisted: {
    skuId: 'e0a1a7e5-7e57-4c0d-9f00-00000000a001',
    skuPartNumber: 'Microsoft_Teams_Rooms_Pro_Emulated_Variant',
    servicePlans: [plan('0374d34c-6be4-4dbb-b3f0-26105db0b28a', 'Teams_Rooms_Pro')],
  },
  /** Fictitious, on purpose: an SKU nobody knows (made-up id and part number, no service plans we use). */
  unknownAddOn: {
    skuId: 'e0a1a7e5-7e57-4c0d-9f00-00000000a002',
    skuPartNumber: 'EMULATED_UNKNOWN_ADDON',
    servicePlans: [],
  },
} as const satisfies Record<string, SkuDefinition>;

/** Well-known first-party client ids that appear as `azp` of tokens. */
export const FIRST_PARTY_CLIENTS = {
  teamsDesktop: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
  teamsWeb: '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
} as const;

/** Resource application ids, as in real tokens' `aud` for v1 resources. */
export const RESOURCE = {
  graph: { appId: '00000003-0000-0000-c000-000000000000', uri: 'https://graph.microsoft.com' },
  exchange: { appId: '00000002-0000-0ff1-ce00-000000000000', uri: 'https://outlook.office365.com' },
} as const;
