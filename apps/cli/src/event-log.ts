import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../api/src/platform/config/app-config';
import { ConfigError } from '../../api/src/platform/config/config-error';

/**
 * Refuses a DATA_DIR without an embedded event log before a command that reads it opens the stores, which would make
 * one: a mistyped DATA_DIR would otherwise be answered as an empty ledger. `seed` (and the server) make the log.
 */
export function requireEventLog(config: AppConfig): void {
  if (config.eventStoreConnectionString) return;
  const file = join(config.dataDir, 'events.db');
  if (!existsSync(file)) throw new ConfigError(`DATA_DIR=${JSON.stringify(config.dataDir)}: no event log at ${file} (the server or seed makes one)`);
}
