import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../platform/config/config-error';
import { ensureDataDir } from '../platform/config/data-dir';

/**
 * `INTEGRITY_SIGNING_KEY_FILE` (a PKCS#8 PEM Ed25519 private key) when set; otherwise a development key made once and
 * kept in `DATA_DIR/integrity-key.pem`, so tree heads saved earlier still verify after a restart. A key that cannot be
 * read or is not such a key is a ConfigError naming the variable it came from.
 */
export function loadSigningKey(keyFile: string | undefined, dataDir: string): KeyObject {
  if (!keyFile) {
    ensureDataDir(dataDir);
    if (!existsSync(developmentKeyFile(dataDir))) writeNewKey(developmentKeyFile(dataDir), dataDir);
  }
  const key = existingSigningKey(keyFile, dataDir);
  if (!key) throw new ConfigError(`DATA_DIR=${JSON.stringify(dataDir)}: ${developmentKeyFile(dataDir)} was removed as it was made`);
  return key;
}

/** The key `loadSigningKey` would load, if there is one already: a tool that only signs what the server could (an export) makes none. */
export function existingSigningKey(keyFile: string | undefined, dataDir: string): KeyObject | undefined {
  if (keyFile) return ed25519(keyFile, `INTEGRITY_SIGNING_KEY_FILE=${JSON.stringify(keyFile)}`);
  const file = developmentKeyFile(dataDir);
  return existsSync(file) ? ed25519(file, `DATA_DIR=${JSON.stringify(dataDir)}: ${file}`) : undefined;
}

const developmentKeyFile = (dataDir: string): string => join(dataDir, 'integrity-key.pem');

function writeNewKey(file: string, dataDir: string): void {
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    // 'wx': a process starting beside this one (the projector, a second replica) may have written it first.
    writeFileSync(file, pem, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new ConfigError(`DATA_DIR=${JSON.stringify(dataDir)}: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? 'unwritable'})`);
  }
}

function ed25519(file: string, source: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${source}: cannot read the integrity signing key (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    // Nothing of OpenSSL's message or the text: the file holds a secret.
    throw new ConfigError(`${source}: the integrity signing key is not a PKCS#8 PEM private key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(`${source}: the integrity signing key must be an Ed25519 private key`);
  return key;
}
