import 'reflect-metadata';
import { Command } from 'commander';
import { ALL_PROJECTIONS } from '@duty-ledger/read-models/projections';
import { loadConfig } from '../../api/src/platform/config/load-config';
import { makeEventStore, makeReadStore } from '../../api/src/platform/stores/stores.module';
import { registerExportCommand } from './export/export-trail.command';
import { registerKeysCommand } from './keys/keys.command';
import { registerRebuildCommand } from './rebuild/rebuild.command';
import { registerReplayCommand } from './replay/replay.command';
import { registerReportCommand } from './report/report.command';
import { registerSeedCommand } from './seed/seed.command';
import { registerVerifyCommand } from './verify/verify.command';

/** Operators' tools over the configured stores (the embedded ones in DATA_DIR by default). */
const program = new Command().name('duty-ledger').description('Operate a duty-ledger data directory or servers');

program
  .command('stats')
  .description('events in the log, the head position, and each projection’s checkpoint and lag')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    const config = loadConfig();
    const events = makeEventStore(config);
    const reads = makeReadStore(config);
    try {
      const head = await events.headPosition();
      const projections = await Promise.all(
        ALL_PROJECTIONS.map(async (p) => {
          const checkpoint = await reads.checkpoint(p.name);
          return { name: p.name, position: checkpoint?.position ?? null, lag: head === null ? 0 : head - (checkpoint?.position ?? 0) };
        }),
      );
      const stats = { dataDir: config.dataDir, headPosition: head, projections };
      if (options.json) process.stdout.write(`${JSON.stringify(stats)}\n`);
      else {
        process.stdout.write(`log head position: ${head ?? '(empty)'}\n`);
        for (const p of projections) process.stdout.write(`  ${p.name.padEnd(10)} at ${p.position ?? '-'}  lag ${p.lag}\n`);
      }
    } finally {
      await events.close();
      await reads.close();
    }
  });

registerSeedCommand(program);
registerReportCommand(program);
registerKeysCommand(program);
registerRebuildCommand(program);
registerReplayCommand(program);
registerExportCommand(program);
registerVerifyCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`duty-ledger: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
