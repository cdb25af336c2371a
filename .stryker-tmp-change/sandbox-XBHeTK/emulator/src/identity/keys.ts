// @ts-nocheck
// Evidence: docs/microsoft-365.md#entra-jwks
import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK } from 'jose';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * Entra's token signing keys. Like the real service it publishes several keys at once, signs with the
 * newest, and can rotate on request so clients prove they refetch the JWKS on an unknown `kid`.
 */
export class KeyRing {
  private keys: SigningKey[] = [];
  private localSet: ReturnType<typeof createLocalJWKSet> | undefined;

  static async create(): Promise<KeyRing> {
    const ring = new KeyRing();
    await ring.rotate();
    return ring;
  }

  /** Add a new signing key. With `retireOthers`, older keys disappear from the JWKS at once. */
  async rotate(retireOthers = false): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = randomBytes(18).toString('base64url');
    const publicJwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', kty: 'RSA', alg: 'RS256' };
    this.keys = retireOthers ? [{ kid, privateKey, publicJwk }] : [{ kid, privateKey, publicJwk }, ...this.keys].slice(0, 3);
    this.localSet = createLocalJWKSet({ keys: this.keys.map((key) => key.publicJwk) });
    return kid;
  }

  get current(): SigningKey {
    const key = this.keys[0];
    if (!key) throw new Error('KeyRing used before create()');
    return key;
  }

  /** The body of /discovery/v2.0/keys. */
  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((key) => ({ ...key.publicJwk, x5t: key.kid })) };
  }

  /** Key lookup for verifying tokens this emulator issued. */
  get verificationKeys(): ReturnType<typeof createLocalJWKSet> {
    if (!this.localSet) throw new Error('KeyRing used before create()');
    return this.localSet;
  }
}
