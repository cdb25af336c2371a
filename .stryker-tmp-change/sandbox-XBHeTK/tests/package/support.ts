// @ts-nocheck
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export const ROOT = new URL('../../', import.meta.url).pathname;

/** The values a provisioned environment would hold, for rendering templates in tests. */
export const TEST_VALUES: Record<string, string> = {
  TEAMS_APP_ID: '3f0c1d2e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  AAD_APP_CLIENT_ID: '8d1e2f3a-5b6c-4d7e-9f80-a1b2c3d4e5f6',
  TAB_DOMAIN: 'room-accounts.contoso.com',
  APP_NAME_SUFFIX: '',
};

export const readText = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The entries of a zip file (stored or deflated), read with nothing but zlib. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
