import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reply } from '../support/http';
import { heapFloor, memoryBound, nativeOf, pageCacheAllowance, READ_CACHE_MB } from './memory-bound';
import { catchUpSeconds, MB, type Sample } from './metrics-samples';
import type { Stats } from './request-stats';

interface Run {
  virtualUsers: number;
  stats: Stats;
  /** Every sample kept, from the load's start until the read models caught up. */
  samples: Sample[];
  start: Sample;
  endSample: Sample;
  settled: Sample;
  loadSeconds: number;
  quiesceSeconds: number;
  lagBound: { positions: number; contractSeconds: number };
  asOfAnswersRechecked: number;
  asOfAnswersChanged: string[];
  integrity: Reply | null;
  dataDir: string;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : 0);

/** What the soak measured, as printed and asserted: requests, errors, memory against its bounds, projection lag, rechecks, and per kind of request its statuses and latencies. */
export function soakSummary({ virtualUsers, stats, samples, start, endSample, settled, loadSeconds, quiesceSeconds, lagBound, asOfAnswersRechecked, asOfAnswersChanged, integrity, dataDir }: Run): Record<string, unknown> {
  const during = samples.filter((s) => s.t <= loadSeconds);
  const maxRss = Math.max(...during.map((s) => s.rss));
  const allowance = pageCacheAllowance(endSample.readStoreBytes);
  const maxLag = Math.max(...during.map((s) => s.lag));
  const maxHealthLag = Math.max(...during.map((s) => s.healthLag ?? 0));
  const lagSeconds = catchUpSeconds(samples);
  const afterWarmup = during.filter((s) => s.t >= start.t);
  // The heap's floor over the first and the last stretch of the load after warm-up (a third of it, at most a minute).
  const floorWindow = Math.max(5, Math.min(60, (loadSeconds - start.t) / 3));
  const floorStart = heapFloor(afterWarmup, start.t, start.t + floorWindow);
  const floorEnd = heapFloor(afterWarmup, loadSeconds - floorWindow, loadSeconds);
  const requestsAfterWarmup = Math.max(1, Math.round(stats.total * ((loadSeconds - start.t) / loadSeconds)));
  const loadKinds = [...stats.kinds.entries()].filter(([kind]) => !kind.startsWith('recheck.'));
  const commands = loadKinds.filter(([kind]) => !kind.startsWith('read.')).reduce((a, [, k]) => a + k.count, 0);
  const reads = loadKinds.filter(([kind]) => kind.startsWith('read.')).reduce((a, [, k]) => a + k.count, 0);
  return {
    seconds: Math.round(loadSeconds),
    virtualUsers,
    requests: commands + reads,
    commands,
    asOfReads: reads,
    throughputPerSecond: Math.round((commands + reads) / loadSeconds),
    eventsWritten: endSample.head,
    eventsPerSecond: Math.round(endSample.head / loadSeconds),
    errors: stats.errorCount,
    conflicts409: stats.conflicts,
    firstErrors: stats.errors,
    rssMB: {
      warmupSeconds: Math.round(start.t),
      start: MB(start.rss),
      end: MB(endSample.rss),
      max: MB(maxRss),
      afterQuiesce: MB(settled.rss),
      readStorePageCacheAllowance: MB(allowance),
      readStoreFilesMB: { start: MB(Object.values(start.readStoreBytes).reduce((a, b) => a + b, 0)), end: MB(Object.values(endSample.readStoreBytes).reduce((a, b) => a + b, 0)) },
      slopeMBPerMinuteAfterWarmup: rssSlope(afterWarmup),
    },
    heapUsedMB: {
      start: MB(start.heapUsed),
      end: MB(endSample.heapUsed),
      max: MB(Math.max(...during.map((s) => s.heapUsed))),
      floorWindowSeconds: Math.round(floorWindow),
      floorStart: MB(floorStart),
      floorEnd: MB(floorEnd),
      bound: MB(memoryBound(floorStart, 0)),
    },
    heapCommittedMB: { start: MB(start.heapTotal), end: MB(endSample.heapTotal), max: MB(Math.max(...during.map((s) => s.heapTotal))) },
    versionCacheMB: { start: MB(start.cacheBytes), end: MB(endSample.cacheBytes), max: MB(Math.max(...during.map((s) => s.cacheBytes))), bound: READ_CACHE_MB },
    nativeMB: { start: MB(nativeOf(start)), end: MB(nativeOf(endSample)), bound: MB(memoryBound(nativeOf(start), allowance)) },
    smallestLeakTheBoundCatchesBytesPerRequest: Math.round((memoryBound(nativeOf(start), allowance) - nativeOf(start)) / requestsAfterWarmup),
    projectionLag: { maxPositions: maxLag, maxHealthPositions: maxHealthLag, maxCatchUpSeconds: lagSeconds, boundPositions: lagBound.positions, contractSeconds: lagBound.contractSeconds, endPositions: settled.lag, quiesceSeconds: Math.round(quiesceSeconds * 10) / 10, samples: samples.length },
    asOfAnswersRechecked,
    asOfAnswersChanged: asOfAnswersChanged.slice(0, 10),
    integrity: integrity?.body && { ok: integrity.body.ok, events: integrity.body.events, streams: integrity.body.streams },
    kinds: byKind(stats),
    dataDir,
  };
}

/** Least squares of RSS over time after warm-up, in MB per minute. */
function rssSlope(afterWarmup: Sample[]): number {
  const n = afterWarmup.length;
  if (n < 2) return 0;
  const mt = afterWarmup.reduce((a, s) => a + s.t, 0) / n;
  const mr = afterWarmup.reduce((a, s) => a + s.rss, 0) / n;
  const cov = afterWarmup.reduce((a, s) => a + (s.t - mt) * (s.rss - mr), 0);
  const varT = afterWarmup.reduce((a, s) => a + (s.t - mt) ** 2, 0);
  return varT ? MB((cov / varT) * 60) : 0;
}

/** Per kind of request, by name: its count, statuses, and latency p50, p99 and max in ms. */
function byKind(stats: Stats) {
  return Object.fromEntries(
    [...stats.kinds.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, k]) => {
        const sorted = [...k.latencies].sort((a, b) => a - b);
        const ms = (v: number) => Math.round(v * 10) / 10;
        return [kind, { count: k.count, statuses: k.statuses, p50ms: ms(percentile(sorted, 50)), p99ms: ms(percentile(sorted, 99)), maxms: ms(sorted[sorted.length - 1] ?? 0) }];
      }),
  );
}

/** The summary written to SOAK_SUMMARY (default: soak-summary.json in the data directory) and printed, with the server's stderr tail if it wrote any. */
export function printSummary(summary: Record<string, unknown>, dataDir: string, stderr: string): void {
  const file = process.env.SOAK_SUMMARY ?? join(dataDir, 'soak-summary.json');
  writeFileSync(file, JSON.stringify(summary, null, 2));
  process.stdout.write(`\n==== SOAK SUMMARY (${file})\n${JSON.stringify(summary, null, 2)}\n`);
  if (stderr.trim()) process.stdout.write(`server stderr (tail):\n${stderr}\n`);
}
