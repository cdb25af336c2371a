// Evidence: docs/microsoft-365.md#entra-refresh-token
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SealingKey } from '../config.ts';

/**
 * AES-256-GCM sealing for what background work keeps at rest (an admin's refresh token). The key is the
 * app's own (`JOB_SEALING_KEY`), never derived from the client credential: rotating the client secret must
 * not strand work in flight, and a leaked store alone must not reveal tokens. Each sealed value names the key
 * id it was sealed with, so keys rotate: the first key seals, every listed key still opens.
 */
export interface Sealer {
  /** The id of the key new values are sealed with. */
  readonly currentKeyId: string;
  seal(plain: string): string;
  /** Throws SealedValueError for a value no listed key opens. */
  open(sealed: string): string;
  /** The key id a sealed value names, without opening it. */
  keyIdOf(sealed: string): string | undefined;
}

export class SealedValueError extends Error {
  override name = 'SealedValueError';
}

const VERSION = 's1';

export function createSealer(keys: readonly SealingKey[]): Sealer {
  const [current] = keys;
  if (!current) throw new Error('createSealer needs at least one key');
  const byId = new Map(keys.map((entry) => [entry.id, entry.key]));
  return {
    currentKeyId: current.id,
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      // The key id is authenticated too: a value cannot be relabelled to another key.
      cipher.setAAD(Buffer.from(current.id, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, current.id, ...[iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'))].join('.');
    },
    open(sealed) {
      const [version, keyId, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !keyId || !iv || !tag || body === undefined) throw new SealedValueError('Not a sealed value.');
      const key = byId.get(keyId);
      if (!key)
        throw new SealedValueError(`Sealed with key '${keyId}', which is not configured (JOB_SEALING_KEY / JOB_SEALING_KEYS_RETIRED).`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(keyId, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SealedValueError(`Key '${keyId}' does not open this value: it was changed, or the key was replaced under the same id.`);
      }
    },
    keyIdOf(sealed) {
      const [version, keyId] = sealed.split('.');
      return version === VERSION ? keyId : undefined;
    },
  };
}

/** A fresh key in the form JOB_SEALING_KEY takes. */
export function newSealingKeyText(id = `k${Date.now().toString(36)}`): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}
