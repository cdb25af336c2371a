import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../auth/principal.ts';
import type { Config } from '../config.ts';

/**
 * A bulk job acts on behalf of the admin who started it, so the worker (possibly another instance, after a
 * restart) needs their SSO token for the on-behalf-of exchange. It is stored only AES-GCM sealed, with a key
 * derived from the app credential every instance already shares, and is dropped when the job ends.
 */
export interface PrincipalSealer {
  seal(principal: Principal): string;
  open(sealed: string): Principal;
}

export function createPrincipalSealer(config: Config): PrincipalSealer {
  const secret = config.app.clientSecret ?? config.app.certificate?.privateKey ?? config.app.clientId;
  const key = createHash('sha256').update(`room-accounts/job-principal/v1\n${secret}`).digest();
  return {
    seal(principal) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(principal), 'utf8'), cipher.final()]);
      return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
    },
    open(sealed) {
      const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
      if (!iv || !tag || !body) throw new Error('Malformed sealed principal');
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')) as Principal;
    },
  };
}
