import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSigningKey } from './signing-key';

const publicPem = (key: ReturnType<typeof loadSigningKey>) => key.asymmetricKeyType + ':' + key.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('loadSigningKey', () => {
  it('given no key file, then a key is made once in DATA_DIR (owner-only) and the same key is loaded at every start', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'signing-key-'));
    const first = loadSigningKey(undefined, dataDir);
    const file = join(dataDir, 'integrity-key.pem');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const written = readFileSync(file, 'utf8');
    expect(publicPem(loadSigningKey(undefined, dataDir))).toBe(publicPem(first));
    expect(readFileSync(file, 'utf8')).toBe(written);
    expect(first.asymmetricKeyType).toBe('ed25519');
  });

  it('given INTEGRITY_SIGNING_KEY_FILE, then that key is loaded and nothing is written to DATA_DIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'signing-key-'));
    const keyFile = join(dir, 'key.pem');
    writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const dataDir = mkdtempSync(join(tmpdir(), 'signing-key-data-'));
    expect(publicPem(loadSigningKey(keyFile, dataDir))).toBe(publicPem(loadSigningKey(keyFile, dataDir)));
    expect(() => statSync(join(dataDir, 'integrity-key.pem'))).toThrow();
  });

});
