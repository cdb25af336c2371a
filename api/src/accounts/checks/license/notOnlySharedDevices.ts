import { ROLE } from '../../../auth/roles.ts';
import { isTeamsRoomsFamily } from '../../../domain/licenseCatalog.ts';
import { verdict } from '../read.ts';
import type { CheckDefinition } from '../types.ts';
import { heldLicenses } from './heldLicenses.ts';

/** Shared Devices licenses "aren't supported for use with Microsoft Teams Rooms devices" (license-check doc). */
export const notOnlySharedDevices: CheckDefinition = {
  id: 'notOnlySharedDevices',
  group: 'license',
  label: 'Not licensed only for Shared Devices',
  description:
    'Warns when the account holds a Microsoft Teams Shared Devices license but no Teams Rooms license. Shared Devices licenses are for phones and panels, not Teams Rooms; the room loses Teams Rooms features and support.',
  powershell:
    "Set-MgUserLicense -UserId <upn> -AddLicenses @{SkuId='<Teams Rooms skuId>'} -RemoveLicenses @('295a8eb0-f78d-45c7-8b5b-1eed5ed02dff')",
  severity: 'recommended',
  changeRole: ROLE.licenseAdmin,
  expected: () => 'a Teams Rooms license',
  evaluate(snapshot) {
    const held = heldLicenses(snapshot);
    if ('unknown' in held) return held.unknown;
    const shared = held.licenses.some((license) => license.family === 'sharedDevices');
    const rooms = held.licenses.some((license) => isTeamsRoomsFamily(license.family));
    return verdict(
      !shared || rooms,
      held.licenses.map((license) => license.name),
    );
  },
};
