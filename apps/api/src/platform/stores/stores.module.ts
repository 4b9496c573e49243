import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { SqliteEventStore } from '@duty-ledger/event-store/sqlite/sqlite.event-store';
import { READ_STORE, type ReadStore } from '@duty-ledger/read-store/read-store.port';
import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ConfigError } from '../config/config-error';

/** The embedded default: both stores in SQLite files under DATA_DIR. Servers are chosen by their URLs. */
export function makeEventStore(config: AppConfig): EventStore {
  if (config.eventStoreConnectionString) throw new ConfigError('EVENTSTORE_CONNECTION_STRING is set but this build has no EventStoreDB adapter wired yet');
  mkdirSync(config.dataDir, { recursive: true });
  return new SqliteEventStore({ file: join(config.dataDir, 'events.db'), confidentialFields: CONFIDENTIAL_FIELDS });
}

export function makeReadStore(config: AppConfig): ReadStore {
  if (config.mongodbUri) throw new ConfigError('MONGODB_URI is set but this build has no MongoDB adapter wired yet');
  mkdirSync(config.dataDir, { recursive: true });
  return new SqliteReadStore({ file: join(config.dataDir, 'read-models.db') });
}

class StoresLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.events.close();
    await this.reads.close();
  }
}

@Global()
@Module({
  providers: [
    { provide: EVENT_STORE, useFactory: makeEventStore, inject: [APP_CONFIG] },
    { provide: READ_STORE, useFactory: makeReadStore, inject: [APP_CONFIG] },
    StoresLifecycle,
  ],
  exports: [EVENT_STORE, READ_STORE],
})
export class StoresModule {}
