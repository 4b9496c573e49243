import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKeyRing } from '../../../api/src/platform/auth/api-keys';
import { loadConfig } from '../../../api/src/platform/config/load-config';
import { createKey } from './keys.command';

describe('keys create', () => {
  it('when a key is created, then the file holds only its hash, readable by its owner, and the server accepts the key', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dl-keys-')), 'keys.json');
    const key = createKey(file, 'inspector', 'audit-office');
    const entries = JSON.parse(readFileSync(file, 'utf8'));
    expect(entries).toEqual([{ role: 'inspector', name: 'audit-office', sha256: createHash('sha256').update(key).digest('hex') }]);
    expect(readFileSync(file, 'utf8')).not.toContain(key);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const ring = loadKeyRing(loadConfig({ API_KEYS_FILE: file }), () => {});
    expect(ring.authenticate(key)?.principal).toEqual({ name: 'audit-office', role: 'inspector' });
  });

  it('when a name is reused, then it is refused', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dl-keys-')), 'keys.json');
    createKey(file, 'integrator', 'hr-system');
    expect(() => createKey(file, 'admin', 'hr-system')).toThrow(/exists already/);
  });

  it('when the name is blank or over 200 characters, then it is refused and the file is not written, as the server would not start on it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dl-keys-')), 'keys.json');
    for (const name of ['', '   ', 'x'.repeat(201)]) expect(() => createKey(file, 'admin', name)).toThrow(/non-empty and at most 200 characters/);
    expect(existsSync(file)).toBe(false);
    createKey(file, 'admin', 'x'.repeat(200));
    expect(() => loadKeyRing(loadConfig({ API_KEYS_FILE: file }), () => {})).not.toThrow();
  });
});
