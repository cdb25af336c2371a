// @ts-nocheck
import { generate } from 'selfsigned';

export interface TlsMaterial {
  key: string;
  cert: string;
}

/**
 * A self-signed certificate for 127.0.0.1 and localhost. msal-node refuses plain-HTTP authorities, so the
 * emulator speaks HTTPS; clients trust this certificate as their CA (NODE_EXTRA_CA_CERTS or an explicit `ca`).
 */
export async function generateTls(): Promise<TlsMaterial> {
  const notAfterDate = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'Room Accounts tenant emulator' }], {
    keySize: 2048,
    notAfterDate,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
