import { ROLE } from '../../../auth/roles.ts';
import { describeSku, isTeamsRoomsFamily } from '../../../domain/licenseCatalog.ts';
import { verdict } from '../read.ts';
import type { CheckDefinition } from '../types.ts';
import { heldLicenses } from './heldLicenses.ts';

/** Each Teams Rooms resource account "needs a Teams Rooms license" (license-check doc, domain.md §2). */
export const teamsRoomsLicense: CheckDefinition = {
  id: 'teamsRoomsLicense',
  group: 'license',
  label: 'Teams Rooms license',
  setting: 'license',
  description:
    'Whether the account holds a Teams Rooms license (Pro, Basic, or legacy Standard/Premium). User licenses and Teams Shared Devices licenses are not supported for Teams Rooms devices.',
  powershell: "Set-MgUserLicense -UserId <upn> -AddLicenses @{SkuId='4cde982a-ede4-4409-9ae6-b003453c8ea6'} -RemoveLicenses @()",
  severity: 'required',
  changeRole: ROLE.licenseAdmin,
  expected: (baseline) => describeSku(baseline.licenseSkuId).name,
  evaluate(snapshot) {
    const held = heldLicenses(snapshot);
    if ('unknown' in held) return held.unknown;
    const rooms = held.licenses.filter((license) => isTeamsRoomsFamily(license.family));
    return verdict(
      rooms.length > 0,
      held.licenses.map((license) => license.name),
    );
  },
  fix: (_snapshot, { baseline }) => ({
    kind: 'assignLicense',
    setting: 'license',
    skuId: baseline.licenseSkuId,
    to: describeSku(baseline.licenseSkuId).name,
  }),
};
