import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { DEFAULT_BASELINE } from '../../api/src/accounts/baseline.ts';
import { licensePayload, planLicenses, planSettings } from '../../api/src/accounts/plan.ts';
import { ROLE } from '../../api/src/auth/roles.ts';
import { SHARED, tenant } from '../helpers/checkCases.ts';
import { compliantSnapshot, withSource } from '../helpers/snapshots.ts';

const PRO = '4cde982a-ede4-4409-9ae6-b003453c8ea6';
const BASIC = '6af4b3d6-14bb-4a2a-960c-6c902aad34f3';
const licenseAdmin = [ROLE.licenseAdmin];

describe('plan: license changes (PUT /licenses and apply recommended share one change kind)', () => {
  it('adds what the account lacks and removes what it holds, in one change naming licenses before and after', () => {
    const [change, ...rest] = planLicenses(compliantSnapshot(), { add: [BASIC], remove: [PRO] }, licenseAdmin);
    assert.equal(rest.length, 0);
    assert.ok(change);
    assert.deepEqual(licensePayload(change), { add: [BASIC], remove: [PRO] });
    assert.deepEqual(
      [change.setting, change.kind, change.group, change.api],
      ['license', 'license', 'license', 'POST /users/{id}/assignLicense'],
    );
    assert.deepEqual(change.from, ['Microsoft Teams Rooms Pro']);
    assert.deepEqual(change.to, ['Microsoft Teams Rooms Basic']);
    assert.equal(change.requiredRole, 'License Administrator');
    assert.equal(change.allowed, true);
  });

  it('plans nothing when the account already holds every license added and none removed: a repeated request writes nothing', () => {
    assert.deepEqual(planLicenses(compliantSnapshot(), { add: [PRO], remove: [SHARED] }, licenseAdmin), []);
  });

  it('asks only for the part still to do, and a license both added and removed is added', () => {
    const [change] = planLicenses(compliantSnapshot(), { add: [PRO, BASIC, BASIC], remove: [BASIC] }, []);
    assert.ok(change);
    assert.deepEqual(licensePayload(change), { add: [BASIC], remove: [] });
    assert.equal(change.allowed, false, 'no role in the token: a hint only, Microsoft 365 decides');
  });

  it('with the licenses unread, asks Microsoft 365 for every license removed rather than dropping them', () => {
    const [change] = planLicenses(withSource('licenses', { status: 'unavailable' }), { add: [], remove: [PRO] }, licenseAdmin);
    assert.ok(change);
    assert.deepEqual(licensePayload(change), { add: [], remove: [PRO] });
  });

  it('apply recommended plans the baseline license as an addition of the same kind', () => {
    const plan = planSettings(withSource('licenses', [] as never), 'recommended', licenseAdmin, DEFAULT_BASELINE, tenant);
    const license = plan.changes.find((change) => change.kind === 'license');
    assert.ok(license, JSON.stringify(plan.changes));
    assert.deepEqual(licensePayload(license), { add: [DEFAULT_BASELINE.licenseSkuId], remove: [] });
    assert.equal(license.to, 'Microsoft Teams Rooms Pro');
  });

  it('planSettings: explicit settings leave nothing aside; recommended reports what it leaves to the admin', () => {
    const synced = withSource('user', { onPremisesSyncEnabled: true, accountEnabled: false, onPremisesSamAccountName: 'mtr101' });
    const explicit = planSettings(synced, { accountEnabled: true }, [ROLE.userAdmin], DEFAULT_BASELINE, tenant);
    assert.deepEqual(
      explicit.changes.map((change) => change.setting),
      ['accountEnabled'],
    );
    assert.deepEqual(explicit.leftAlone, []);
    const recommended = planSettings(synced, 'recommended', [ROLE.userAdmin], DEFAULT_BASELINE, tenant);
    assert.ok(!recommended.changes.some((change) => change.setting === 'accountEnabled'));
    assert.match(
      recommended.leftAlone.find((skip) => skip.setting === 'accountEnabled')?.message ?? '',
      /Enable-ADAccount -Identity mtr101/,
    );
  });
});
