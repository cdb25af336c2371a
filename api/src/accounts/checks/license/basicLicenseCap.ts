import { ROLE } from '../../../auth/roles.ts';
import { BASIC_LICENSE_CAP, describeSku } from '../../../domain/licenseCatalog.ts';
import { verdict } from '../read.ts';
import type { CheckDefinition } from '../types.ts';
import { heldLicenses } from './heldLicenses.ts';

/** "You can purchase up to 25 Teams Rooms Basic licenses" (CRA license include): rooms beyond the cap need Pro. */
export const basicLicenseCap: CheckDefinition = {
  id: 'basicLicenseCap',
  group: 'license',
  label: 'Within the Teams Rooms Basic cap',
  description: `Warns on accounts with a Teams Rooms Basic license when the tenant uses more than ${BASIC_LICENSE_CAP} Basic licenses. Microsoft sells at most ${BASIC_LICENSE_CAP} Basic licenses per tenant; more rooms must be licensed with Teams Rooms Pro.`,
  powershell:
    "Get-MgSubscribedSku | Where-Object SkuPartNumber -like 'Microsoft_Teams_Rooms_Basic*' | Select-Object SkuPartNumber, ConsumedUnits",
  severity: 'recommended',
  changeRole: ROLE.licenseAdmin,
  expected: () => `at most ${BASIC_LICENSE_CAP} Basic licenses in the tenant`,
  evaluate(snapshot, { tenant }) {
    const held = heldLicenses(snapshot);
    if ('unknown' in held) return held.unknown;
    if (!held.licenses.some((license) => license.family === 'basic')) return verdict(true, 'no Basic license');
    const used = tenant.skus
      .filter((sku) => describeSku(sku.skuId, sku.skuPartNumber).family === 'basic')
      .reduce((sum, sku) => sum + sku.consumed, 0);
    return verdict(used <= BASIC_LICENSE_CAP, used, `${used} Basic licenses in use`);
  },
};
