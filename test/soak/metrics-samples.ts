import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerProcess } from '../support/server-process';
import type { Stats } from './request-stats';

export interface Sample {
  t: number;
  rss: number;
  heapUsed: number;
  /** V8's committed heap: what RSS holds for JS, used or not. */
  heapTotal: number;
  /** Heap the readers' kept versions are reckoned to take (`read_store_cache_bytes`; bounded by READ_CACHE_MB). */
  cacheBytes: number;
  head: number;
  lag: number;
  healthLag: number | null;
  readStoreBytes: Record<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Bytes in MB, to one decimal, as reported. */
export const MB = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** The read-store SQLite files of a data directory (every *.db but the event log, whose cache is SQLite's default 2 MB), and their logical sizes (page_count × page_size, WAL included). */
function readStoreBytes(dataDir: string): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const file of readdirSync(dataDir).filter((f) => f.endsWith('.db') && f !== 'events.db')) {
    try {
      const db = new Database(join(dataDir, file), { readonly: true, fileMustExist: true });
      try {
        sizes[file] = Number(db.pragma('page_count', { simple: true })) * Number(db.pragma('page_size', { simple: true }));
      } finally {
        db.close();
      }
    } catch {
      /* a generation being removed: not counted */
    }
  }
  return sizes;
}

const metric = (text: string, name: string) => {
  const values = [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].map((m) => Number(m[1]));
  return values;
};

async function sample(server: ServerProcess, t0: number, dataDir: string): Promise<Sample> {
  const [metrics, health] = await Promise.all([server.http.get<string>('/metrics', { role: null }), server.http.get('/health', { role: null })]);
  if (metrics.status !== 200 || health.status !== 200) throw new Error(`/metrics ${metrics.status}, /health ${health.status}`);
  const text = metrics.body;
  return {
    t: (performance.now() - t0) / 1000,
    rss: metric(text, 'process_resident_memory_bytes')[0],
    heapUsed: metric(text, 'nodejs_heap_size_used_bytes')[0],
    heapTotal: metric(text, 'nodejs_heap_size_total_bytes')[0],
    cacheBytes: metric(text, 'read_store_cache_bytes')[0] ?? 0,
    head: metric(text, 'event_store_head_position')[0],
    lag: Math.max(0, ...metric(text, 'projection_lag_positions')),
    healthLag: health.body.projectionLag,
    readStoreBytes: readStoreBytes(dataDir),
  };
}

/**
 * /metrics, /health and the read-store files sampled every `everyMs` from t0 on, while the load runs and until stopped;
 * a failed sample is recorded in Stats.
 */
export class Sampler {
  readonly samples: Sample[] = [];
  private afterWarmup: Sample | null = null;
  private sampling = true;
  private readonly loop: Promise<void>;

  constructor(
    private readonly server: ServerProcess,
    private readonly dataDir: string,
    private readonly t0: number,
    stats: Stats,
    options: { everyMs: number; warmupSeconds: number },
  ) {
    this.loop = (async () => {
      while (this.sampling) {
        try {
          const s = await this.take();
          this.samples.push(s);
          if (!this.afterWarmup && s.t >= options.warmupSeconds) this.afterWarmup = s;
        } catch (error) {
          stats.fail('sample', 'GET', '/metrics', 'sample', String(error));
        }
        await sleep(options.everyMs);
      }
    })();
  }

  /** Memory's start: the first sample after warm-up (the first of all if there is none). */
  get start(): Sample {
    return this.afterWarmup ?? this.samples[0];
  }

  get latest(): Sample | undefined {
    return this.samples[this.samples.length - 1];
  }

  /** One sample more, kept with the others: the load's end. */
  async endOfLoad(): Promise<Sample> {
    const end = await this.take();
    this.samples.push(end);
    return end;
  }

  /** Load over: samples (not kept) until the read models have caught up with the head, /health agreeing, or 30 s have passed. */
  async untilCaughtUp(endOfLoad: Sample): Promise<{ settled: Sample; seconds: number }> {
    const quiesceStart = performance.now();
    let settled = endOfLoad;
    while (settled.lag > 0 || settled.healthLag !== 0) {
      if (performance.now() - quiesceStart > 30_000) break;
      await sleep(100);
      settled = await this.take();
    }
    return { settled, seconds: (performance.now() - quiesceStart) / 1000 };
  }

  async stop(): Promise<void> {
    this.sampling = false;
    await this.loop;
  }

  private take(): Promise<Sample> {
    return sample(this.server, this.t0, this.dataDir);
  }
}

/** For each sample with a lag, how long until every projection had reached the head of that moment (sampling resolution). */
export function catchUpSeconds(samples: Sample[]): number {
  let worst = 0;
  for (let i = 0; i < samples.length; i++) {
    if (samples[i].lag === 0) continue;
    const j = samples.findIndex((s, k) => k > i && s.head - s.lag >= samples[i].head);
    worst = Math.max(worst, j === -1 ? Infinity : samples[j].t - samples[i].t);
  }
  return worst;
}
