import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { BASIC_LICENSE_CAP, describeSku, isTeamsRoomsFamily, TEAMS_ROOMS_SKU_IDS } from '../../api/src/domain/licenseCatalog.ts';

describe('license catalog', () => {
  it('knows Microsoft’s Teams Rooms SKUs by id, whatever part number the tenant reports', () => {
    assert.deepEqual(describeSku('4cde982a-ede4-4409-9ae6-b003453c8ea6', 'SOMETHING_ELSE'), {
      skuPartNumber: 'Microsoft_Teams_Rooms_Pro',
      name: 'Microsoft Teams Rooms Pro',
      family: 'pro',
    });
    assert.deepEqual(describeSku('6af4b3d6-14bb-4a2a-960c-6c902aad34f3'), {
      skuPartNumber: 'Microsoft_Teams_Rooms_Basic',
      name: 'Microsoft Teams Rooms Basic',
      family: 'basic',
    });
    assert.equal(describeSku('6070a4c8-34c6-4937-8dfb-39bbc6397a60').family, 'standard');
    assert.equal(describeSku('4fb214cb-a430-4a91-9c91-4976763aa78f').family, 'premium');
    assert.equal(describeSku('295a8eb0-f78d-45c7-8b5b-1eed5ed02dff').name, 'Microsoft Teams Shared Devices');
  });

  it('every SKU it knows, with its part number, product name and family (the names the tab shows)', () => {
    const known: [string, string, string, string][] = [
      ['4cde982a-ede4-4409-9ae6-b003453c8ea6', 'Microsoft_Teams_Rooms_Pro', 'Microsoft Teams Rooms Pro', 'pro'],
      [
        '21943e3a-2429-4f83-84c1-02735cd49e78',
        'Microsoft_Teams_Rooms_Pro_without_Audio_Conferencing',
        'Microsoft Teams Rooms Pro without Audio Conferencing',
        'pro',
      ],
      ['c25e2b36-e161-4946-bef2-69239729f690', 'Microsoft_Teams_Rooms_Pro_FAC', 'Microsoft Teams Rooms Pro for EDU', 'pro'],
      ['31ecb341-2a17-483e-9140-c473006d1e1a', 'Microsoft_Teams_Rooms_Pro_GCC', 'Microsoft Teams Rooms Pro for GCC', 'pro'],
      ['6af4b3d6-14bb-4a2a-960c-6c902aad34f3', 'Microsoft_Teams_Rooms_Basic', 'Microsoft Teams Rooms Basic', 'basic'],
      ['a4e376bd-c61e-4618-9901-3fc0cb1b88bb', 'Microsoft_Teams_Rooms_Basic_FAC', 'Microsoft Teams Rooms Basic for EDU', 'basic'],
      [
        '50509a35-f0bd-4c5e-89ac-22f0e16a00f8',
        'Microsoft_Teams_Rooms_Basic_without_Audio_Conferencing',
        'Microsoft Teams Rooms Basic without Audio Conferencing',
        'basic',
      ],
      ['6070a4c8-34c6-4937-8dfb-39bbc6397a60', 'MEETING_ROOM', 'Microsoft Teams Rooms Standard', 'standard'],
      [
        '61bec411-e46a-4dab-8f46-8b58ec845ffe',
        'MEETING_ROOM_NOAUDIOCONF',
        'Microsoft Teams Rooms Standard without Audio Conferencing',
        'standard',
      ],
      ['9571e9ac-2741-4b63-95fd-a79696f0d0ac', 'MEETING_ROOM_GOV', 'Microsoft Teams Rooms Standard for GCC', 'standard'],
      [
        'b4348f75-a776-4061-ac6c-36b9016b01d1',
        'MEETING_ROOM_GOV_NOAUDIOCONF',
        'Microsoft Teams Rooms Standard for GCC without Audio Conferencing',
        'standard',
      ],
      ['4fb214cb-a430-4a91-9c91-4976763aa78f', 'MTR_PREM', 'Teams Rooms Premium', 'premium'],
      ['295a8eb0-f78d-45c7-8b5b-1eed5ed02dff', 'MCOCAP', 'Microsoft Teams Shared Devices', 'sharedDevices'],
      ['420c7602-7f70-4895-9394-d3d679ea36fb', 'MCOCAP_FACULTY', 'Microsoft Teams Shared Devices for Faculty', 'sharedDevices'],
      ['b1511558-69bd-4e1b-8270-59ca96dba0f3', 'MCOCAP_GOV', 'Microsoft Teams Shared Devices for GCC', 'sharedDevices'],
    ];
    for (const [skuId, skuPartNumber, name, family] of known)
      assert.deepEqual(describeSku(skuId, 'ignored'), { skuPartNumber, name, family }, skuId);
  });

  it('an unknown id is recognised by its part number prefix, in any case, and named from it', () => {
    const id = 'e0a1a7e5-7e57-4c0d-9f00-00000000a001';
    assert.deepEqual(describeSku(id, 'Microsoft_Teams_Rooms_Pro_Emulated_Variant'), {
      skuPartNumber: 'Microsoft_Teams_Rooms_Pro_Emulated_Variant',
      name: 'Microsoft Teams Rooms Pro Emulated Variant',
      family: 'pro',
    });
    assert.equal(describeSku(id, 'microsoft_teams_rooms_basic_x').family, 'basic');
    assert.equal(describeSku(id, 'MEETING_ROOM_NEW').family, 'standard');
    assert.equal(describeSku(id, 'MTR_PREM_X').family, 'premium');
    assert.equal(describeSku(id, 'MMR_P1').family, 'premium');
    assert.equal(describeSku(id, 'MCOCAP_NEW').family, 'sharedDevices');
    assert.equal(describeSku(id, 'ENTERPRISEPACK').family, 'other');
    assert.equal(describeSku(id, 'X_Microsoft_Teams_Rooms_Pro').family, 'other', 'a prefix, not anywhere in the name');
    assert.equal(describeSku(id, 'X_MEETING_ROOM').family, 'other');
    assert.equal(describeSku(id, 'X_MCOCAP').family, 'other');
    assert.equal(describeSku(id, 'X_MTR_PREM').family, 'other');
    assert.equal(describeSku(id, 'X_Microsoft_Teams_Rooms_Basic').family, 'other');
  });

  it('without a part number, the id itself is the name', () => {
    assert.deepEqual(describeSku('00000000-0000-0000-0000-000000000000'), {
      skuPartNumber: '00000000-0000-0000-0000-000000000000',
      name: '00000000-0000-0000-0000-000000000000',
      family: 'other',
    });
  });

  it('Teams Rooms families are Pro, Basic, Standard and Premium; Shared Devices is not one', () => {
    assert.deepEqual((['pro', 'basic', 'standard', 'premium', 'sharedDevices', 'other'] as const).map(isTeamsRoomsFamily), [
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    assert.equal(TEAMS_ROOMS_SKU_IDS.length, 12);
    assert.ok(TEAMS_ROOMS_SKU_IDS.includes('4fb214cb-a430-4a91-9c91-4976763aa78f'));
    assert.ok(!TEAMS_ROOMS_SKU_IDS.includes('295a8eb0-f78d-45c7-8b5b-1eed5ed02dff'));
    assert.equal(BASIC_LICENSE_CAP, 25);
  });
});
