import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isProduction, type AppConfig } from '../config/app-config';
import { ConfigError } from '../config/config-error';
import { ROLE_NAMES, type Principal, type Role } from './principal';

interface KeyEntry {
  principal: Principal;
  digest: Buffer;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * API keys held as SHA-256 digests and compared in constant time. Sources: `API_KEYS` (`role:key,…`, the
 * principal named after the role) or `API_KEYS_FILE` (`[{ role, key | sha256, name }]`).
 */
export class KeyRegistry {
  private constructor(
    private readonly entries: KeyEntry[],
    /** Keys made at start because none were configured (development only): printed once. */
    readonly generated: { role: Role; key: string }[],
  ) {}

  static fromConfig(config: AppConfig): KeyRegistry {
    const entries: KeyEntry[] = [];
    if (config.apiKeys) {
      for (const pair of config.apiKeys.split(',').map((s) => s.trim()).filter(Boolean)) {
        const at = pair.indexOf(':');
        const role = pair.slice(0, at) as Role;
        const key = pair.slice(at + 1);
        if (at < 1 || !ROLE_NAMES.includes(role) || key.length < 16) throw new ConfigError(`API_KEYS: each entry is role:key with a known role and a key of 16+ characters (bad entry for "${pair.slice(0, Math.max(at, 0))}")`);
        entries.push({ principal: { name: role, role }, digest: sha256(key) });
      }
    }
    if (config.apiKeysFile) entries.push(...readKeyFile(config.apiKeysFile));
    if (entries.length > 0) return new KeyRegistry(entries, []);
    if (isProduction(config)) throw new ConfigError('no API keys configured (API_KEYS or API_KEYS_FILE): refusing to start in production');
    const generated = ROLE_NAMES.map((role) => ({ role, key: randomBytes(24).toString('base64url') }));
    return new KeyRegistry(
      generated.map(({ role, key }) => ({ principal: { name: role, role }, digest: sha256(key) })),
      generated,
    );
  }

  /** The principal owning this key, or undefined. Every entry is compared, so timing says nothing about which matched. */
  authenticate(key: string): Principal | undefined {
    const digest = sha256(key);
    let found: Principal | undefined;
    for (const entry of this.entries) if (timingSafeEqual(entry.digest, digest) && !found) found = entry.principal;
    return found;
  }
}

function readKeyFile(path: string): KeyEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`API_KEYS_FILE ${path} cannot be read as JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new ConfigError(`API_KEYS_FILE ${path} must hold a JSON array`);
  return parsed.map((raw, i) => {
    const entry = raw as { role?: unknown; key?: unknown; sha256?: unknown; name?: unknown };
    const role = entry.role as Role;
    if (!ROLE_NAMES.includes(role)) throw new ConfigError(`API_KEYS_FILE entry ${i}: unknown role`);
    const name = typeof entry.name === 'string' && entry.name ? entry.name : role;
    if (typeof entry.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(entry.sha256)) return { principal: { name, role }, digest: Buffer.from(entry.sha256, 'hex') };
    if (typeof entry.key === 'string' && entry.key.length >= 16) return { principal: { name, role }, digest: sha256(entry.key) };
    throw new ConfigError(`API_KEYS_FILE entry ${i}: needs "key" (16+ characters) or "sha256" (64 hex digits)`);
  });
}
