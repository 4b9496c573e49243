import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { READ_STORE, type CacheStats, type ReadStore } from '@duty-ledger/read-store/read-store.port';
import { SwitchableReadStore } from '@duty-ledger/read-store/switchable.read-store';
import { ALL_PROJECTIONS } from '@duty-ledger/read-models/projections';
import { lagSeconds } from '../platform/health/lag-seconds';
import { HttpMetrics } from '../platform/metrics/http-metrics';
import { sharedWhilePending } from '../platform/metrics/shared-while-pending';
import { runningTotal } from '../platform/metrics/running-total';
import { ProjectionLifecycle } from './projection-lifecycle';

/**
 * What operators watch beside request latency: the log's head, its commits and the requests each carried (the
 * group-commit batch size), failed commits, each projection's lag behind the head in positions and in seconds, reads
 * of the read models that failed, and the read-model generation this process
 * reads (replicas that disagree for longer than a look at the pointer are worth an alert), and what its sweeps of
 * generations nothing reads deleted or failed to (failures that keep coming leave storage behind). Read at scrape
 * time, never on a hot path.
 */
@Injectable()
export class LedgerMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: HttpMetrics,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly lifecycle: ProjectionLifecycle,
  ) {}

  onModuleInit(): void {
    const registry = this.metrics.registry;
    const registers = [registry];
    const events = this.events;
    const reads = this.reads;
    // The head and every projection's checkpoint read once a scrape for the three gauges that show them.
    const lags = sharedWhilePending(() => projectionLags(events, reads, new Date()));
    const totals = (name: 'commits' | 'requests' | 'events' | 'failedCommits', help: string) =>
      runningTotal(registry, `event_store_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_total`, help, () => events.stats?.()[name]);
    totals('commits', 'Transactions committed to the event log');
    totals('requests', 'Append requests committed (requests ÷ commits = the group-commit batch size)');
    totals('events', 'Events appended');
    totals('failedCommits', 'Commits that failed because the store could not write');
    const batches = new Histogram({
      name: 'event_store_commit_batch_requests',
      help: 'Append requests each commit of the log carried (group commit: concurrent commands share one commit and its fsync)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    });
    events.onCommit?.(({ requests }) => batches.observe(requests));
    new Gauge({
      name: 'event_store_writes_failing',
      help: '1 while the last commit failed because the store could not write (it still reads), 0 once one succeeds',
      registers,
      collect() {
        this.set(events.stats?.().failing ? 1 : 0);
      },
    });
    new Gauge({
      name: 'event_store_head_position',
      help: 'Position of the last event in the log',
      registers,
      async collect() {
        this.set((await lags()).head);
      },
    });
    if (reads instanceof SwitchableReadStore) {
      new Gauge({
        name: 'read_model_generation_info',
        help: 'The read-model generation this process reads, as a label ("first": the first, unnamed one); always 1',
        labelNames: ['generation'] as const,
        registers,
        collect() {
          this.reset();
          this.set({ generation: reads.generation ?? 'first' }, 1);
        },
      });
    }
    const sweeps = this.lifecycle.sweeps;
    new Counter({
      name: 'read_model_generations_swept_total',
      help: 'Read-model generations this process deleted as nothing reads them: left by a rebuild that died, or replaced',
      labelNames: ['why'] as const,
      registers,
      collect() {
        this.reset();
        this.inc({ why: 'abandoned' }, sweeps.abandoned);
        this.inc({ why: 'replaced' }, sweeps.replaced);
      },
    });
    runningTotal(
      registry,
      'read_model_sweep_failures_total',
      'Sweeps of read-model generations that failed (the store did not answer, or refused); tried again at the next start or switch',
      () => sweeps.failed,
    );
    new Gauge({
      name: 'projection_lag_positions',
      help: "Positions between the log's head and each projection's checkpoint",
      labelNames: ['projection'] as const,
      registers,
      async collect() {
        for (const { projection, positions } of (await lags()).projections) this.set({ projection }, positions);
      },
    });
    new Gauge({
      name: 'projection_lag_seconds',
      help: 'Seconds since the oldest event each projection has not applied was recorded (0: caught up); grows while a projector is stalled',
      labelNames: ['projection'] as const,
      registers,
      async collect() {
        for (const { projection, seconds } of (await lags()).projections) this.set({ projection }, seconds);
      },
    });
    if (reads instanceof SwitchableReadStore) {
      runningTotal(registry, 'read_store_errors_total', 'Reads of the read models that failed (a corrupt or unreadable store answers them 503)', () => reads.reads.errors);
      new Gauge({
        name: 'read_store_reads_failing',
        help: '1 while the last read of the read models failed, 0 once one succeeds',
        registers,
        collect() {
          this.set(reads.reads.failing ? 1 : 0);
        },
      });
      cacheMetrics(registry, () => reads.cacheStats());
    }
  }
}

/** The versions the readers' store keeps to answer again (READ_CACHE_MB): its hit ratio, and the heap it holds. */
function cacheMetrics(registry: Registry, stats: () => CacheStats | undefined): void {
  runningTotal(registry, 'read_store_cache_hits_total', 'Document versions read from those this process keeps (READ_CACHE_MB), not from the store', () => stats()?.hits);
  runningTotal(registry, 'read_store_cache_misses_total', 'Document versions asked of the store: not kept, or kept open and something committed since', () => stats()?.misses);
  const gauge = (name: string, help: string, value: (s: CacheStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const now = stats();
        if (now) this.set(value(now));
      },
    });
  gauge('read_store_cache_versions', 'Document versions this process keeps to answer again', (s) => s.versions);
  gauge('read_store_cache_bytes', 'Heap the kept versions are reckoned to take (at most READ_CACHE_MB)', (s) => s.bytes);
}

interface ProjectionLags {
  head: number;
  projections: { projection: string; positions: number; seconds: number }[];
}

/** Each projection's lag behind the log's head, in positions and in seconds; projections at one checkpoint share a read. */
async function projectionLags(events: EventStore, reads: ReadStore, now: Date): Promise<ProjectionLags> {
  const head = (await events.headPosition()) ?? 0;
  const secondsAfter = new Map<number | null, Promise<number>>();
  const projections = [];
  for (const { name } of ALL_PROJECTIONS) {
    const applied = (await reads.checkpoint(name))?.position ?? null;
    if (!secondsAfter.has(applied)) secondsAfter.set(applied, lagSeconds(events, applied, now));
    projections.push({ projection: name, positions: Math.max(0, head - (applied ?? 0)), seconds: await secondsAfter.get(applied)! });
  }
  return { head, projections };
}
