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

  it('when an API_KEYS_FILE entry carries units, then its principal is limited to them', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys.json');
    writeFileSync(file, JSON.stringify([{ role: 'integrator', key: 'branch-key-0000000000', name: 'branch-sync', units: ['b', 'b', 'c'] }]));
    const ring = loadKeyRing(loadConfig({ API_KEYS_FILE: file }), never);
    expect(ring.authenticate('branch-key-0000000000')?.principal).toEqual({ name: 'branch-sync', role: 'integrator', units: ['b', 'c'] });
  });

  it('when OIDC is configured without keys in production, then tokens alone authenticate and start-up goes on', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'k' }] }));
    const ring = loadKeyRing(loadConfig({ NODE_ENV: 'production', OIDC_ISSUER: 'https://idp.example', OIDC_AUDIENCE: 'ledger', OIDC_JWKS_FILE: file }), never);
    expect(ring.tokens).toBeDefined();
    expect(ring.entries).toHaveLength(0);
  });

  it.each([
    ['a private key', JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'x', d: 'secret' }] })],
    ['no keys', JSON.stringify({ keys: [] })],
    ['not JSON', '{'],
  ])('when OIDC_JWKS_FILE holds %s, then start-up fails naming OIDC_JWKS_FILE', (_, content) => {
    const file = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
    writeFileSync(file, content);
    expect(() => loadKeyRing(loadConfig({ OIDC_ISSUER: 'https://idp.example', OIDC_AUDIENCE: 'ledger', OIDC_JWKS_FILE: file }), never)).toThrow(/^OIDC_JWKS_FILE/);
  });

  it.each([
    ['not JSON', '{'],
    ['not an array', '{}'],
    ['a bad role', JSON.stringify([{ role: 'root', key: 'k'.repeat(20), name: 'x' }])],
    ['both key and sha256', JSON.stringify([{ role: 'admin', key: 'k'.repeat(20), sha256: 'a'.repeat(64), name: 'x' }])],
    ['a short sha256', JSON.stringify([{ role: 'admin', sha256: 'abc', name: 'x' }])],
    ['no name', JSON.stringify([{ role: 'admin', key: 'k'.repeat(20) }])],
    ['empty units', JSON.stringify([{ role: 'integrator', key: 'k'.repeat(20), name: 'x', units: [] }])],
    ['units that are not ids', JSON.stringify([{ role: 'integrator', key: 'k'.repeat(20), name: 'x', units: ['a b'] }])],
    ['units as a string', JSON.stringify([{ role: 'integrator', key: 'k'.repeat(20), name: 'x', units: 'b' }])],
  ])('when API_KEYS_FILE holds %s, then start-up fails naming API_KEYS_FILE', (_, content) => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys.json');
    writeFileSync(file, content);
    expect(() => loadKeyRing(loadConfig({ API_KEYS_FILE: file }), never)).toThrow(/^API_KEYS_FILE/);
  });

  it('when API_KEYS_FILE is not valid JSON, then start-up says where, never the text around it: part of a key would reach the log', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys.json');
    writeFileSync(file, '[{"role":"admin","name":"ops","key":"TOPSECRET-admin-key-123456"},]');
    expect(() => loadKeyRing(loadConfig({ API_KEYS_FILE: file }), never)).toThrow(/^API_KEYS_FILE: .* is not valid JSON/);
    expect(() => loadKeyRing(loadConfig({ API_KEYS_FILE: file }), never)).not.toThrow(/123456|TOPSECRET/);
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
