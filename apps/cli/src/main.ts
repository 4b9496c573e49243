import 'reflect-metadata';
import { Command } from 'commander';
import { registerExportCommand } from './export/export-trail.command';
import { registerKeysCommand } from './keys/keys.command';
import { registerRebuildCommand } from './rebuild/rebuild.command';
import { registerReplayCommand } from './replay/replay.command';
import { registerReportCommand } from './report/report.command';
import { registerSeedCommand } from './seed/seed.command';
import { registerStatsCommand } from './stats/stats.command';
import { registerVerifyCommand } from './verify/verify.command';

/** Operators' tools over the configured stores (the embedded ones in DATA_DIR by default). */
const program = new Command().name('duty-ledger').description('Operate a duty-ledger data directory or servers');

// A reader that stops early (`stats | head -3`) closes the pipe: what is left has nowhere to go, which is no failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

registerStatsCommand(program);
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
