import { accessSync, constants, mkdirSync } from 'node:fs';
import { ConfigError } from './config-error';

/**
 * Makes DATA_DIR (and its parents) when missing and checks that it takes files. Every store kept there starts here, so
 * a file in its place or a directory nobody may write to is a ConfigError naming the variable, not a bare EEXIST.
 * What it makes is the server user's alone (0700): the event log keeps every accountability rationale and its salt in
 * plain, and SQLite creates its files readable by all (0644 under the usual umask), so a DATA_DIR made 0755 let any
 * local account read them. A DATA_DIR that exists keeps the mode its operator gave it; the files in it are made 0600
 * as they are opened (keepToOwner).
 */
export function ensureDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    accessSync(dataDir, constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'is not a directory' : `cannot be used as the data directory (${code ?? 'unusable'})`;
    throw new ConfigError(`DATA_DIR=${JSON.stringify(dataDir)}: ${why}`);
  }
}
