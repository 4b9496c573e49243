import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config';
import { ConfigError } from '../config/config-error';
import { loadKeyRing } from './api-keys';
import { sha256 } from './key-ring';

const never = () => {
  throw new Error('no keys should be generated');
};

describe('loadKeyRing', () => {
  it('when API_KEYS lists role:key pairs, then each key authenticates as its role, named for the role', () => {
    const ring = loadKeyRing(loadConfig({ API_KEYS: 'integrator:integrator-key-0000000,inspector:inspector-key-00000000' }), never);
    expect(ring.authenticate('integrator-key-0000000')?.principal).toEqual({ name: 'integrator', role: 'integrator' });
    expect(ring.authenticate('inspector-key-00000000')?.principal).toEqual({ name: 'inspector', role: 'inspector' });
    expect(ring.authenticate('integrator-key-0000001')).toBeNull();
  });

  it('when a key authenticates, then its id is a digest prefix, never the key', () => {
    const ring = loadKeyRing(loadConfig({ API_KEYS: 'admin:admin-key-0000000000000' }), never);
    expect(ring.authenticate('admin-key-0000000000000')?.keyId).toBe(sha256('admin-key-0000000000000').toString('hex').slice(0, 16));
  });

  it('when API_KEYS names an unknown role, then start-up fails naming API_KEYS', () => {
    expect(() => loadKeyRing(loadConfig({ API_KEYS: 'janitor:janitor-key-000000000' }), never)).toThrow(/^API_KEYS: unknown role "janitor"/);
  });

  it('when API_KEYS_FILE holds keys and digests, then both authenticate under their names', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys.json');
    writeFileSync(
      file,
      JSON.stringify([
        { role: 'discipline', key: 'discipline-key-000000', name: 'county-discipline' },
        { role: 'inspector', sha256: sha256('inspector-key-0000000').toString('hex'), name: 'audit-office' },
      ]),
    );
    const ring = loadKeyRing(loadConfig({ API_KEYS_FILE: file }), never);
    expect(ring.authenticate('discipline-key-000000')?.principal).toEqual({ name: 'county-discipline', role: 'discipline' });
    expect(ring.authenticate('inspector-key-0000000')?.principal).toEqual({ name: 'audit-office', role: 'inspector' });
  });

  it.each([
    ['not JSON', '{'],
    ['not an array', '{}'],
    ['a bad role', JSON.stringify([{ role: 'root', key: 'k'.repeat(20), name: 'x' }])],
    ['both key and sha256', JSON.stringify([{ role: 'admin', key: 'k'.repeat(20), sha256: 'a'.repeat(64), name: 'x' }])],
    ['a short sha256', JSON.stringify([{ role: 'admin', sha256: 'abc', name: 'x' }])],
    ['no name', JSON.stringify([{ role: 'admin', key: 'k'.repeat(20) }])],
  ])('when API_KEYS_FILE holds %s, then start-up fails naming API_KEYS_FILE', (_, content) => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys.json');
    writeFileSync(file, content);
    expect(() => loadKeyRing(loadConfig({ API_KEYS_FILE: file }), never)).toThrow(/^API_KEYS_FILE/);
  });

  it('when no keys are configured outside production, then one key per role is generated and announced once', () => {
    const announced: Record<string, string>[] = [];
    const ring = loadKeyRing(loadConfig({ NODE_ENV: 'development' }), (keys) => announced.push(keys));
    expect(announced).toHaveLength(1);
    expect(Object.keys(announced[0]).sort()).toEqual(['admin', 'discipline', 'inspector', 'integrator']);
    for (const [role, key] of Object.entries(announced[0])) expect(ring.authenticate(key)?.principal.role).toBe(role);
  });

  it('when no keys are configured in production, then start-up is refused', () => {
    expect(() => loadKeyRing(loadConfig({ NODE_ENV: 'production' }), never)).toThrow(ConfigError);
    expect(() => loadKeyRing(loadConfig({ NODE_ENV: 'production' }), never)).toThrow(/API_KEYS or API_KEYS_FILE is required when NODE_ENV=production/);
  });
});
