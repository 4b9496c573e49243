import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `INTEGRITY_SIGNING_KEY_FILE` (a PKCS#8 PEM Ed25519 private key) when set; otherwise a development key made once and
 * kept in `DATA_DIR/integrity-key.pem`, so tree heads saved earlier still verify after a restart.
 */
export function loadSigningKey(keyFile: string | undefined, dataDir: string): KeyObject {
  if (keyFile) return ed25519(readFileSync(keyFile, 'utf8'), `INTEGRITY_SIGNING_KEY_FILE=${keyFile}`);
  const file = join(dataDir, 'integrity-key.pem');
  mkdirSync(dataDir, { recursive: true });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    // 'wx': a process starting beside this one (the projector, a second replica) may have written it first.
    writeFileSync(file, pem, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return ed25519(readFileSync(file, 'utf8'), file);
}

function ed25519(pem: string, source: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${source}: the integrity signing key must be an Ed25519 private key`);
  return key;
}
