import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { HttpMetrics } from '../platform/metrics/http-metrics';
import { INTEGRITY_STORE } from './integrity-store';
import { allDocuments } from './merkle-chunks';
import { MERKLE_LOG, TREE_HEADS, treeHeadId, type TreeHeadDocument } from './merkle-log.documents';

/**
 * How far the Merkle log trails the log's head, beside the projections' lag, and how long the oldest event no signed
 * head covers has waited for one (read at scrape time): a signer that stopped leaves record times unpinned.
 */
@Injectable()
export class MerkleMetrics implements OnModuleInit {
  /** The latest signed head seen by an earlier scrape: later scrapes read only the heads signed since. */
  private latestHead?: Pick<TreeHeadDocument, 'treeSize' | 'lastPosition'>;

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
    const unsignedFor = () => this.unsignedSeconds();
    new Gauge({
      name: 'merkle_unsigned_seconds',
      help: 'How long ago the oldest event no signed tree head covers was recorded (0: every event is under one); heads come every INTEGRITY_TREE_HEAD_SECONDS while the log grows',
      registers: [this.metrics.registry],
      async collect() {
        this.set(await unsignedFor());
      },
    });
  }

  private async unsignedSeconds(): Promise<number> {
    const signed = await allDocuments<TreeHeadDocument>(this.store, TREE_HEADS, this.latestHead && treeHeadId(this.latestHead.treeSize));
    this.latestHead = signed.at(-1) ?? this.latestHead;
    const [oldest] = await this.events.readAll({ fromPosition: (this.latestHead?.lastPosition ?? -1) + 1, limit: 1 });
    return oldest ? Math.max(0, (Date.now() - Date.parse(oldest.recordedAt)) / 1_000) : 0;
  }
}
