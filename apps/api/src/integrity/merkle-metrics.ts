import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { HttpMetrics } from '../platform/metrics/http-metrics';
import { INTEGRITY_STORE } from './integrity-store';
import { MERKLE_LOG } from './merkle-log.documents';

/** How far the Merkle log trails the log's head, beside the projections' lag (read at scrape time). */
@Injectable()
export class MerkleMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: HttpMetrics,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(INTEGRITY_STORE) private readonly store: ReadStore,
  ) {}

  onModuleInit(): void {
    const { events, store } = this;
    new Gauge({
      name: 'merkle_log_lag_positions',
      help: "Positions between the log's head and the Merkle log's checkpoint (heads and proofs read the events since from the log)",
      registers: [this.metrics.registry],
      async collect() {
        const head = (await events.headPosition()) ?? 0;
        this.set(Math.max(0, head - ((await store.checkpoint(MERKLE_LOG))?.position ?? 0)));
      },
    });
  }
}
