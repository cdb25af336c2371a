// @ts-nocheck
import { createHash } from 'node:crypto';

/** An opaque, stable id like Graph's licenseDetails ids, for objects the model does not store. */
export function opaqueId(seed: string): string {
  return createHash('sha256').update(seed).digest('base64url');
}

/** A deterministic GUID from a seed (directory role objects, subscription ids), so ids stay put between calls. */
export function guidFrom(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
