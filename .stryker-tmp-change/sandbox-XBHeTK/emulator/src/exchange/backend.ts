/**
 * Exchange Online names the servers that handled a call in its messages and headers. The emulator derives
 * them from the tenant id so each tenant keeps the same names across calls and runs.
 */
// @ts-nocheck


export interface BackendNames {
  /** The directory server quoted by ManagementObjectNotFoundException (`…DC03.NAMPR04A007.PROD.OUTLOOK.COM`). */
  directoryServer: string;
  /** The mailbox server in `X-CalculatedBETarget` (`SN6PR04MB1234.namprd04.prod.outlook.com`). */
  mailboxServer: string;
}

export function backendNames(tenantId: string): BackendNames {
  let hash = 0;
  for (const char of tenantId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const forest = String(hash % 20).padStart(2, '0');
  const unit = String((hash >>> 5) % 1000).padStart(3, '0');
  const dc = String((hash >>> 9) % 10).padStart(2, '0');
  const machine = String((hash >>> 3) % 10000).padStart(4, '0');
  return {
    directoryServer: `SN6PR${forest}A${unit}DC${dc}.NAMPR${forest}A${unit}.PROD.OUTLOOK.COM`,
    mailboxServer: `SN6PR${forest}MB${machine}.namprd${forest}.prod.outlook.com`,
  };
}
