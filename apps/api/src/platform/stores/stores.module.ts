import { type DynamicModule, Global, Inject, Injectable, Module, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { join } from 'node:path';
import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { SqliteEventStore } from '@duty-ledger/event-store/sqlite/sqlite.event-store';
import { READ_STORE, type ReadStore } from '@duty-ledger/read-store/read-store.port';
import { removeDatabaseFiles } from '@duty-ledger/read-store/sqlite/remove-database-files';
import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { SwitchableReadStore } from '@duty-ledger/read-store/switchable.read-store';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ensureDataDir } from '../config/data-dir';
import { AdoptingGenerationPointer } from './adopting.generation-pointer';
import { FileGenerationPointer } from './file.generation-pointer';
import { GENERATION_POINTER, type GenerationPointer } from './generation-pointer';
import { mongoDatabaseOf, sqliteFileOf } from './read-model-generations';

/** Stores given from outside (tests: in-memory stubs) instead of the ones the configuration picks. */
export interface StoreOverrides {
  eventStore?: EventStore;
  readStore?: ReadStore;
}

/** The embedded default: the event log in SQLite under DATA_DIR. A server is chosen by its connection string. */
export function makeEventStore(config: AppConfig): EventStore {
  if (config.eventStoreConnectionString) {
    // Required here, not imported above: the embedded default never loads the gRPC client.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see above)
    const { EsdbEventStore } = require('@duty-ledger/event-store/esdb/esdb.event-store') as typeof import('@duty-ledger/event-store/esdb/esdb.event-store');
    return new EsdbEventStore({ connectionString: config.eventStoreConnectionString, confidentialFields: CONFIDENTIAL_FIELDS });
  }
  ensureDataDir(config.dataDir);
  return new SqliteEventStore({ file: join(config.dataDir, 'events.db'), confidentialFields: CONFIDENTIAL_FIELDS, writer: config.eventLogWriter });
}

/** The pointer to the generation in force, kept beside the read models: in MongoDB with them, else in DATA_DIR. */
export function makeGenerationPointer(config: AppConfig): GenerationPointer {
  if (config.mongodbUri) {
    // Required here, not imported above: the embedded default never loads the MongoDB driver.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see above)
    const { MongoGenerationPointer } = require('./mongo.generation-pointer') as typeof import('./mongo.generation-pointer');
    // An earlier version kept it in the rebuilding replica's DATA_DIR: adopted from there while MongoDB has none.
    return new AdoptingGenerationPointer(new MongoGenerationPointer({ uri: config.mongodbUri }), new FileGenerationPointer(config.dataDir));
  }
  return new FileGenerationPointer(config.dataDir);
}

/**
 * The read store of a generation (`undefined`: the first, unnamed one; the one in force: `readStoreInForce`).
 * `unsealed`: for a generation a rebuild builds (see SqliteReadStoreOptions); MongoDB's writes are durable as they are.
 * `readers`: the API's readers' store, which keeps the versions it read to answer again (READ_CACHE_MB; with
 * PROJECTIONS=inline the projections read and write through it too, their own commits distrusting what it holds open;
 * unsealed, from its seal).
 */
export function makeReadStore(config: AppConfig, generation: string | undefined, options: { unsealed?: boolean; readers?: boolean } = {}): ReadStore {
  if (config.mongodbUri) {
    // Required here, not imported above: the embedded default never loads the MongoDB driver.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see above)
    const { MongoReadStore } = require('@duty-ledger/read-store/mongo/mongo.read-store') as typeof import('@duty-ledger/read-store/mongo/mongo.read-store');
    return new MongoReadStore({ uri: config.mongodbUri, database: generation ? mongoDatabaseOf(generation) : undefined });
  }
  ensureDataDir(config.dataDir);
  const cacheBytes = options.readers ? config.readCacheMb * 1024 * 1024 : 0;
  return new SqliteReadStore({ file: sqliteFileOf(config, generation), unsealed: options.unsealed, cacheBytes });
}

/** The generation in force as the pointer names it now, asked once (a pointer of its own, closed after). */
export async function generationInForce(config: AppConfig): Promise<string | undefined> {
  const pointer = makeGenerationPointer(config);
  try {
    return await pointer.inForce();
  } finally {
    await pointer.close();
  }
}

/** The read store of the generation in force (the CLI's reports). */
export async function readStoreInForce(config: AppConfig): Promise<{ store: ReadStore; generation: string | undefined }> {
  const generation = await generationInForce(config);
  return { store: makeReadStore(config, generation), generation };
}

/**
 * Resolves once the other processes can have moved off a generation just replaced: they read it until they next look
 * at the pointer. An embedded one's files may go at once (a process that has them open reads on until it moves); a
 * MongoDB one waits three looks' time, as its readers would otherwise find it empty.
 */
export async function othersMovedOff(config: AppConfig): Promise<void> {
  if (config.mongodbUri) await new Promise((resolve) => setTimeout(resolve, 3 * config.generationPollMs));
}

/**
 * Deletes a generation no longer in force that no store here holds open (the CLI's rebuild): an embedded one's files,
 * without opening them; a MongoDB one's collections (`ReadStore.drop`).
 */
export async function dropGeneration(config: AppConfig, generation: string | undefined): Promise<void> {
  if (config.mongodbUri) return makeReadStore(config, generation).drop();
  removeDatabaseFiles(sqliteFileOf(config, generation));
}

@Injectable()
class StoresLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(GENERATION_POINTER) private readonly pointer: GenerationPointer,
  ) {}

  /** After the projections stopped (Nest shuts modules down in reverse order of their imports). */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.eventStore.close(), this.readStore.close(), this.pointer.close()]);
  }
}

/** EVENT_STORE, READ_STORE (on the generation in force) and GENERATION_POINTER for the whole app. */
@Global()
@Module({})
export class StoresModule {
  static forRoot(overrides: StoreOverrides = {}): DynamicModule {
    const providers: Provider[] = [
      overrides.eventStore ? { provide: EVENT_STORE, useValue: overrides.eventStore } : { provide: EVENT_STORE, useFactory: makeEventStore, inject: [APP_CONFIG] },
      { provide: GENERATION_POINTER, useFactory: makeGenerationPointer, inject: [APP_CONFIG] },
      // Readers hold a switchable store, so a rebuild, here or in another process, can put a new generation in force under them.
      overrides.readStore
        ? { provide: READ_STORE, useValue: overrides.readStore }
        : {
            provide: READ_STORE,
            useFactory: async (config: AppConfig, pointer: GenerationPointer) => {
              const generation = await pointer.inForce();
              return new SwitchableReadStore(makeReadStore(config, generation, { readers: true }), generation);
            },
            inject: [APP_CONFIG, GENERATION_POINTER],
          },
      StoresLifecycle,
    ];
    return { module: StoresModule, providers, exports: [EVENT_STORE, READ_STORE, GENERATION_POINTER] };
  }
}
