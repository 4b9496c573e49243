import { createHash, timingSafeEqual } from 'node:crypto';
import type { TokenVerifier } from './oidc-tokens';
import type { Principal } from './principal';

export interface KeyEntry {
  /** sha256 of the key: the plain key is not kept in memory once hashed. */
  sha256: Buffer;
  principal: Principal;
}

export interface Authenticated {
  principal: Principal;
  /** First 16 hex digits of the key's sha256: safe to log, distinct per key. */
  keyId: string;
}

export const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * The configured keys. Lookups compare digests in constant time and visit every entry, so timing tells nothing.
 * `tokens`: the OIDC verifier when OIDC_ISSUER is set (the authentication hook sends JWT-shaped bearers there).
 */
export class KeyRing {
  constructor(
    readonly entries: readonly KeyEntry[],
    readonly tokens?: TokenVerifier,
  ) {}

  authenticate(key: string): Authenticated | null {
    const digest = sha256(key);
    let found: KeyEntry | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.sha256, digest) && found === null) found = entry;
    }
    return found && { principal: found.principal, keyId: digest.toString('hex').slice(0, 16) };
  }
}
