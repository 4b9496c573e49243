import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '@duty-ledger/application/reads/clock';
import { ReadPointResolver } from '@duty-ledger/application/reads/read-point';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { APP_CONFIG } from '../platform/config/app-config';
import { ProjectionsModule } from '../projections/projections.module';
import { configuredSigner } from './configured-integrity';
import { IntegrityController } from './integrity.controller';
import { INTEGRITY_STORE, makeIntegrityStore } from './integrity-store';
import { MerkleIndexing } from './merkle-indexing';
import { LogVerifications } from './log-verifications';
import { MerkleLogReader } from './merkle-log.reader';
import { MerkleMetrics } from './merkle-metrics';
import { TreeHeadSigner } from './tree-head-signer';

/** `GET /v1/integrity*`: chain verification, signed Merkle tree heads and their proofs, for auditors (every reading role). */
@Module({
  // Reads resolve asOf/asOfPosition/consistentWith against the projections' progress, as every read does.
  imports: [ProjectionsModule],
  controllers: [IntegrityController],
  providers: [
    { provide: INTEGRITY_STORE, useFactory: makeIntegrityStore, inject: [APP_CONFIG] },
    { provide: TreeHeadSigner, useFactory: configuredSigner, inject: [APP_CONFIG] },
    { provide: MerkleLogReader, useFactory: (events: EventStore, store: ReadStore) => new MerkleLogReader(events, store), inject: [EVENT_STORE, INTEGRITY_STORE] },
    MerkleIndexing,
    LogVerifications,
    MerkleMetrics,
    ReadPointResolver,
    { provide: CLOCK, useValue: systemClock },
  ],
})
export class IntegrityModule {}
