import { ROLE } from '../../../auth/roles.ts';
import { toCountryCode } from './countryCode.ts';
import { readSource, verdict } from '../read.ts';
import type { CheckDefinition } from '../types.ts';

/** Licenses can only be assigned once a usage location is set (older CRA text). */
export const usageLocationSet: CheckDefinition = {
  id: 'usageLocationSet',
  group: 'account',
  label: 'Usage location',
  setting: 'usageLocation',
  description:
    'The country where the account is used. Microsoft 365 refuses to assign a license, including a Teams Rooms license, to an account without a usage location, and it decides which services are available.',
  powershell: 'Update-MgUser -UserId <upn> -UsageLocation US',
  severity: 'recommended',
  changeRole: ROLE.licenseAdmin,
  expected: (baseline) => baseline.usageLocation ?? "the room's country",
  evaluate(snapshot) {
    const user = readSource(snapshot, 'user');
    if ('unknown' in user) return user.unknown;
    return verdict(Boolean(user.data.usageLocation), user.data.usageLocation);
  },
  fix(snapshot, { baseline }) {
    const place = readSource(snapshot, 'place');
    const country = baseline.usageLocation ?? ('data' in place ? toCountryCode(place.data.countryOrRegion) : null);
    return country ? { kind: 'userPatch', setting: 'usageLocation', patch: { usageLocation: country }, to: country } : null;
  },
};
