import { randomBytes } from 'node:crypto';
import { type AppConfig, isProduction } from '../config/app-config';
import { ConfigError } from '../config/config-error';
import { readSecretJsonFile } from '../config/secret-json-file';
import { type KeyEntry, KeyRing, sha256 } from './key-ring';
import { TokenVerifier } from './oidc-tokens';
import type { Principal } from './principal';
import { isRole, ROLE_NAMES } from './roles';

const SHA256_HEX = /^[0-9a-f]{64}$/i;
const MIN_KEY_LENGTH = 16;
/** API.md's id syntax, for the unit ids of a key's `units`. */
const UNIT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Receives the keys generated for a development run, to print them once. */
export type GeneratedKeysSink = (keys: Record<string, string>) => void;

/**
 * The principals of API_KEYS or API_KEYS_FILE, and the OIDC token verifier when OIDC_ISSUER is set. With none of them:
 * outside production, one random key per role, shown once through `announce`; in production, a refusal to start.
 */
export function loadKeyRing(config: AppConfig, announce: GeneratedKeysSink): KeyRing {
  const entries = [...(config.apiKeys ? fromPairs(config.apiKeys) : []), ...(config.apiKeysFile ? fromFile(config.apiKeysFile) : [])];
  const tokens = config.oidc ? new TokenVerifier(config.oidc) : undefined;
  if (entries.length > 0 || tokens) return new KeyRing(entries, tokens);
  if (isProduction(config)) throw new ConfigError('API_KEYS or API_KEYS_FILE is required when NODE_ENV=production (or OIDC_ISSUER for tokens)');
  const generated = Object.fromEntries(ROLE_NAMES.map((role) => [role, randomBytes(24).toString('base64url')]));
  announce(generated);
  return new KeyRing(ROLE_NAMES.map((role) => ({ sha256: sha256(generated[role]), principal: { name: role, role } })));
}

function fromPairs(text: string): KeyEntry[] {
  return text.split(',').map((pair) => {
    const at = pair.indexOf(':');
    const role = pair.slice(0, at).trim();
    const key = pair.slice(at + 1).trim();
    if (!isRole(role)) throw new ConfigError(`API_KEYS: unknown role "${role}" (one of ${ROLE_NAMES.join(', ')})`);
    if (key.length < MIN_KEY_LENGTH) throw new ConfigError(`API_KEYS: the key for ${role} is shorter than ${MIN_KEY_LENGTH} characters`);
    return { sha256: sha256(key), principal: { name: role, role } };
  });
}

/** A key's name, the actor of every event it writes: non-empty, at most 200 characters (`keys create` checks it too). */
export function isKeyName(name: unknown): name is string {
  return typeof name === 'string' && name.trim() !== '' && name.length <= 200;
}

function fromFile(path: string): KeyEntry[] {
  const parsed = readSecretJsonFile('API_KEYS_FILE', path);
  if (!Array.isArray(parsed)) throw new ConfigError('API_KEYS_FILE: must hold a JSON array of { role, key | sha256, name, units? }');
  return parsed.map((item: unknown, index) => {
    const where = `API_KEYS_FILE: entry ${index}`;
    if (typeof item !== 'object' || item === null) throw new ConfigError(`${where} is not an object`);
    const { role, key, sha256: digest, name, units } = item as Record<string, unknown>;
    if (!isRole(role)) throw new ConfigError(`${where}: role must be one of ${ROLE_NAMES.join(', ')}`);
    if (!isKeyName(name)) throw new ConfigError(`${where}: name must be a non-empty string`);
    if ((key === undefined) === (digest === undefined)) throw new ConfigError(`${where}: give exactly one of key or sha256`);
    // `units`: the key's commands are limited to these units and their subunits (libs/application checkScope).
    if (units !== undefined && !(Array.isArray(units) && units.length > 0 && units.every((u) => typeof u === 'string' && UNIT_ID.test(u)))) {
      throw new ConfigError(`${where}: units must be a non-empty array of unit ids`);
    }
    const principal: Principal = units === undefined ? { name, role } : { name, role, units: [...new Set(units as string[])] };
    if (key !== undefined) {
      if (typeof key !== 'string' || key.length < MIN_KEY_LENGTH) throw new ConfigError(`${where}: key must be a string of at least ${MIN_KEY_LENGTH} characters`);
      return { sha256: sha256(key), principal };
    }
    if (typeof digest !== 'string' || !SHA256_HEX.test(digest)) throw new ConfigError(`${where}: sha256 must be 64 hex digits`);
    return { sha256: Buffer.from(digest, 'hex'), principal };
  });
}
