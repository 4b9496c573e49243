import type { Command } from 'commander';
import { ALL_PROJECTIONS } from '@duty-ledger/read-models/projections';
import { makeIntegrityStore } from '../../../api/src/integrity/integrity-store';
import { MERKLE_LOG } from '../../../api/src/integrity/merkle-log.documents';
import { loadConfig } from '../../../api/src/platform/config/load-config';
import { requireEventLog } from '../event-log';
import { makeEventStore, readStoreInForce } from '../../../api/src/platform/stores/stores.module';

interface Follower {
  name: string;
  position: number | null;
  /** Positions between the checkpoint and the head (positions are not dense: an upper bound on events). */
  lag: number;
}

/** `stats`: the log's size and head, and how far each projection and the Merkle log trail it. */
export function registerStatsCommand(program: Command): void {
  program
    .command('stats')
    .description('events and streams in the log, its head position, and each projection’s (and the Merkle log’s) checkpoint and lag')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      requireEventLog(config);
      const events = makeEventStore(config);
      const { store: reads } = await readStoreInForce(config);
      const merkle = makeIntegrityStore(config);
      try {
        const head = await events.headPosition();
        const size = (await events.size?.()) ?? null;
        const behind = (name: string, position: number | null): Follower => ({ name, position, lag: head === null ? 0 : head - (position ?? 0) });
        const followers = await Promise.all([
          ...ALL_PROJECTIONS.map(async (p) => behind(p.name, (await reads.checkpoint(p.name))?.position ?? null)),
          (async () => behind(MERKLE_LOG, (await merkle.checkpoint(MERKLE_LOG))?.position ?? null))(),
        ]);
        const stats = { dataDir: config.dataDir, events: size?.events ?? null, streams: size?.streams ?? null, headPosition: head, projections: followers };
        if (options.json) process.stdout.write(`${JSON.stringify(stats)}\n`);
        else {
          const count = (n: number | null) => (n === null ? 'not counted by this store' : n.toLocaleString('en'));
          process.stdout.write(`events: ${count(stats.events)}\nstreams: ${count(stats.streams)}\nlog head position: ${head ?? '(empty)'}\n`);
          for (const f of followers) process.stdout.write(`  ${f.name.padEnd(22)} at ${f.position ?? '-'}  lag ${f.lag}\n`);
        }
      } finally {
        await Promise.all([events.close(), reads.close(), merkle.close()]);
      }
    });
}
