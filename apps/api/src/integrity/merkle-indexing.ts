import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { configuredMerkleIndexer } from './configured-integrity';
import { INTEGRITY_STORE } from './integrity-store';
import type { MerkleIndexer } from './merkle-indexer';
import { TreeHeadSigner } from './tree-head-signer';

/** With PROJECTIONS=inline this thread maintains the Merkle log too; with `thread` the projector thread does, with `off` the projector. */
@Injectable()
export class MerkleIndexing implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly indexer?: MerkleIndexer;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(INTEGRITY_STORE) private readonly store: ReadStore,
    signer: TreeHeadSigner,
  ) {
    if (config.projections === 'inline') this.indexer = configuredMerkleIndexer(config, events, store, signer);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.indexer?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.indexer?.stop();
    await this.store.close();
  }
}
