import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { BASIC_LICENSE_CAP, describeSku, isTeamsRoomsFamily, TEAMS_ROOMS_SKU_IDS } from '../../api/src/accounts/licenseCatalog.ts';

describe('license catalog', () => {
  it('knows Microsoft’s Teams Rooms SKUs by id, whatever part number the tenant reports', () => {
    assert.deepEqual(describeSku('4cde982a-ede4-4409-9ae6-b003453c8ea6', 'SOMETHING_ELSE'), { skuPartNumber: 'Microsoft_Teams_Rooms_Pro', name: 'Microsoft Teams Rooms Pro', family: 'pro' });
    assert.deepEqual(describeSku('6af4b3d6-14bb-4a2a-960c-6c902aad34f3'), { skuPartNumber: 'Microsoft_Teams_Rooms_Basic', name: 'Microsoft Teams Rooms Basic', family: 'basic' });
    assert.equal(describeSku('6070a4c8-34c6-4937-8dfb-39bbc6397a60').family, 'standard');
    assert.equal(describeSku('4fb214cb-a430-4a91-9c91-4976763aa78f').family, 'premium');
    assert.equal(describeSku('295a8eb0-f78d-45c7-8b5b-1eed5ed02dff').name, 'Microsoft Teams Shared Devices');
  });

  it('an unknown id is recognised by its part number prefix, in any case, and named from it', () => {
    const id = 'e0a1a7e5-7e57-4c0d-9f00-00000000a001';
    assert.deepEqual(describeSku(id, 'Microsoft_Teams_Rooms_Pro_Emulated_Variant'), { skuPartNumber: 'Microsoft_Teams_Rooms_Pro_Emulated_Variant', name: 'Microsoft Teams Rooms Pro Emulated Variant', family: 'pro' });
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
  });

  it('without a part number, the id itself is the name', () => {
    assert.deepEqual(describeSku('00000000-0000-0000-0000-000000000000'), { skuPartNumber: '00000000-0000-0000-0000-000000000000', name: '00000000-0000-0000-0000-000000000000', family: 'other' });
  });

  it('Teams Rooms families are Pro, Basic, Standard and Premium; Shared Devices is not one', () => {
    assert.deepEqual(
      (['pro', 'basic', 'standard', 'premium', 'sharedDevices', 'other'] as const).map(isTeamsRoomsFamily),
      [true, true, true, true, false, false],
    );
    assert.equal(TEAMS_ROOMS_SKU_IDS.length, 12);
    assert.ok(TEAMS_ROOMS_SKU_IDS.includes('4fb214cb-a430-4a91-9c91-4976763aa78f'));
    assert.ok(!TEAMS_ROOMS_SKU_IDS.includes('295a8eb0-f78d-45c7-8b5b-1eed5ed02dff'));
    assert.equal(BASIC_LICENSE_CAP, 25);
  });
});
