import { accessSync, constants, mkdirSync } from 'node:fs';
import { ConfigError } from './config-error';

/**
 * Makes DATA_DIR (and its parents) when missing and checks that it takes files. Every store kept there starts here, so
 * a file in its place or a directory nobody may write to is a ConfigError naming the variable, not a bare EEXIST.
 */
export function ensureDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'is not a directory' : `cannot be used as the data directory (${code ?? 'unusable'})`;
    throw new ConfigError(`DATA_DIR=${JSON.stringify(dataDir)}: ${why}`);
  }
}
