import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caughtUp, headOf } from '../support/read-model-files';
import { ensureBuilt, startServer } from '../support/server-process';
import { changedAnswers, type Remembered } from './as-of-answers';
import { firstDifference, freshBuild } from './fresh-build';
import { MB, Sampler } from './metrics-samples';
import { Stats } from './request-stats';
import { Client } from './soak-client';
import { printSummary, soakSummary } from './soak-summary';
import { VirtualUser } from './virtual-user';

/**
 * SOAK: the built server under a steady, bounded, mixed load for SOAK_SECONDS (default 600).
 *
 * SOAK_VUS virtual users (default 8) each send request after request (closed loop: a user waits for its answer before
 * the next, so at most SOAK_VUS requests are ever in flight and nothing queues on our side). Each user owns its own
 * subtree of units, its people, duties, findings and cases, so no two users write the same stream: a 409 would be a
 * bug, not a race. About a third of the requests are commands covering every aggregate of the closed loop; the rest are
 * as-of reads (asOfPosition within what the user has written since the thing read was created, or asOf an instant after
 * it), so every answer has one expected status.
 *
 * Asserted: no request failed (network error, 5xx, or any status but the expected one); the server's JS heap in use (its
 * floor over a window, less the readers' kept versions, which stay within READ_CACHE_MB) and its native memory at the end of the load are within memoryBound() of theirs after warm-up
 * (RSS is reported); the projection lag (sampled from /metrics) stays under
 * LAG_BOUND positions (the catch-up time is reported, not asserted: no timing assertions in tests) and is 0 once the load stops; as-of answers sampled during
 * the run read the same at the end; the log's hash chains verify; and after shutdown the read models equal, row for row
 * (as a SHA-256 of the rows), those a fresh projector builds from a copy of the log.
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const VUS = Number(process.env.SOAK_VUS ?? 8);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_MS ?? 1000);
/** Load runs from the start; RSS "start" is taken once warm-up is over (V8 has grown its heap to its working size: about a minute here). */
const WARMUP_SECONDS = Math.min(60, Math.max(20, Math.round(SECONDS / 5)));
/**
 * The read models may trail the log by at most this many positions, and catch up with a head within this many seconds.
 * A read with consistentWith, or with an asOf beyond the projected position, waits up to 5 s and then answers 503: a lag
 * that lasts longer breaks clients, so 5 s is the contract's own bound. In positions: at the load's write rate (tens to a few
 * hundred events/s on one SQLite file), 5 s of writes is well under 2000.
 */
const LAG_BOUND = Number(process.env.SOAK_LAG_BOUND ?? 2000);
const LAG_SECONDS_BOUND = 5;

describe('soak', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it(
    `when ${VUS} users send mixed commands and as-of reads for ${SECONDS} s, then nothing fails, memory and projection lag stay bounded, and the read models equal a fresh build`,
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'duty-ledger-soak-'));
      const server = await startServer(dataDir);
      const stats = new Stats();
      const client = new Client(server, stats);
      const remembered: Remembered[] = [];
      let stderr = '';
      server.child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
      let head = -1;
      let summary: Record<string, unknown> = {};
      try {
        // The organisation every user hangs under: the committee, its discipline committee and secretary.
        for (const [path, body] of [
          ['/v1/units', { unitId: 'c', name: '学校党委', kind: 'party-committee', effectiveFrom: '2018-01-01' }],
          ['/v1/units', { unitId: 'dc', name: '学校纪委', kind: 'discipline-committee', parentUnitId: 'c', effectiveFrom: '2018-01-01' }],
          ['/v1/people', { personId: 'sec', name: '书记' }],
          ['/v1/people/sec/appoint', { unitId: 'c', post: 'secretary', effectiveFrom: '2018-01-01' }],
        ] as const)
          expect(await client.send('setup', 'POST', path, 201, { body })).not.toBeNull();
        const users = Array.from({ length: VUS }, (_, i) => new VirtualUser(i, client, remembered));
        expect(await Promise.all(users.map((u) => u.setUp()))).toEqual(users.map(() => true));

        const t0 = performance.now();
        const deadline = t0 + SECONDS * 1000;
        const sampler = new Sampler(server, dataDir, t0, stats, { everyMs: SAMPLE_MS, warmupSeconds: WARMUP_SECONDS });
        let lastLog = t0;
        const load = users.map(async (user) => {
          while (performance.now() < deadline) {
            await user.step();
            if (performance.now() - lastLog > Number(process.env.SOAK_PROGRESS_MS ?? 60_000)) {
              lastLog = performance.now();
              const s = sampler.latest;
              process.stderr.write(`soak: ${Math.round((lastLog - t0) / 1000)} s, ${stats.total} requests, ${stats.errorCount} errors, RSS ${MB(s?.rss ?? 0)} MB, lag ${s?.lag} positions\n`);
            }
          }
        });
        await Promise.all(load);
        const loadSeconds = (performance.now() - t0) / 1000;
        const endSample = await sampler.endOfLoad();

        // Load over: the read models catch up to the head, and stay there.
        const { settled, seconds: quiesceSeconds } = await sampler.untilCaughtUp(endSample);
        await sampler.stop();

        // Every remembered as-of answer reads the same now.
        const changed = await changedAnswers(client, remembered);
        const integrity = await client.send('recheck.integrity', 'GET', '/v1/integrity', 200, { role: 'inspector' });

        summary = soakSummary({
          virtualUsers: VUS,
          stats,
          samples: sampler.samples,
          start: sampler.start,
          endSample,
          settled,
          loadSeconds,
          quiesceSeconds,
          lagBound: { positions: LAG_BOUND, contractSeconds: LAG_SECONDS_BOUND },
          asOfAnswersRechecked: remembered.length,
          asOfAnswersChanged: changed,
          integrity,
          dataDir,
        });
        head = endSample.head;
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }

      // After shutdown: the read models are caught up and equal, row for row, what a fresh projector builds from the log.
      expect(headOf(dataDir)).toBe(head);
      const { fresh, ours, theirs, seconds } = await freshBuild(dataDir, head);
      summary.rebuild = { rows: ours.rows, sha256: ours.sha256, freshRows: theirs.rows, freshSha256: theirs.sha256, seconds };
      printSummary(summary, dataDir, stderr);

      const s = summary as any;
      expect(s.firstErrors).toEqual([]);
      expect(s.errors).toBe(0);
      expect(s.conflicts409).toBe(0);
      expect(s.heapUsedMB.floorEnd).toBeLessThan(s.heapUsedMB.bound);
      expect(s.versionCacheMB.max).toBeLessThanOrEqual(s.versionCacheMB.bound);
      expect(s.nativeMB.end).toBeLessThan(s.nativeMB.bound);
      expect(s.projectionLag.maxPositions).toBeLessThanOrEqual(LAG_BOUND);
      expect(s.projectionLag.endPositions).toBe(0);
      expect(s.asOfAnswersChanged).toEqual([]);
      expect(s.integrity).toMatchObject({ ok: true });
      expect(caughtUp(dataDir, head)).toBe(true);
      expect(caughtUp(fresh, head)).toBe(true);
      if (ours.sha256 !== theirs.sha256) {
        // Only on a mismatch: the first differing rows, to say which document.
        expect(firstDifference(dataDir, fresh)).toEqual({ index: -1, ours: undefined, fresh: undefined });
      }
      expect(ours).toEqual(theirs);
    },
    (SECONDS + 900) * 1000,
  );
});
