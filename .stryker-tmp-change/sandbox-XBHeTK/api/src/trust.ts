// @ts-nocheck
// Shared by auth/ (OpenID discovery, JWKS) and m365/ (Graph, Exchange): a leaf both may import.
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';

/**
 * A TLS context that trusts Node's built-in roots plus `extra` (the emulator's or a corporate proxy's
 * certificate), built once. Passing `ca` to an agent instead makes Node parse the ~140 root certificates
 * again for every new connection: about 10 ms of CPU each, a sixth of the API's CPU while a sync opens
 * its connections.
 */
export function trustingSecureContext(extra: string[]): SecureContext {
  // Node's `ca` replaces the built-in roots, so keep them next to the extra certificates.
  return createSecureContext({ ca: [...rootCertificates, ...extra] });
}
