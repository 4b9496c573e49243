import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../api/src/platform/config/config-error';
import { EXIT_CONFIG, EXIT_USAGE } from '../../api/src/platform/config/exit-codes';
import { registerExportCommand } from './export/export-trail.command';
import { registerKeysCommand } from './keys/keys.command';
import { registerRebuildCommand } from './rebuild/rebuild.command';
import { registerReplayCommand } from './replay/replay.command';
import { registerReportCommand } from './report/report.command';
import { registerSeedCommand } from './seed/seed.command';
import { registerStatsCommand } from './stats/stats.command';
import { registerVerifyCommand } from './verify/verify.command';

/** Operators' tools over the configured stores (the embedded ones in DATA_DIR by default). */
const program = new Command()
  .name('duty-ledger')
  .description('Operate a duty-ledger data directory or servers')
  .addHelpText('after', '\nExit codes: 0 done; 1 the command failed; 64 a command line it cannot use; 78 a setting it cannot use (verify: 0, 1, 2).');

// Commander's usage errors, help and version come back here rather than exiting 1, so that they exit EX_USAGE (or 0);
// set before the commands are added, which inherit it (`verify` keeps its own: 0, 1 or 2). Commander has printed what
// it raises; what a command throws is printed here.
let raisedByCommander: unknown;
program.exitOverride((error) => {
  raisedByCommander = error;
  throw error;
});

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
  if (error !== raisedByCommander) process.stderr.write(`duty-ledger: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(exitCodeOf(error));
});

/** 64 for a command line it cannot use (an unknown option, a bad value), 78 for a bad setting, 1 for anything else. */
function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
  return error instanceof ConfigError ? EXIT_CONFIG : 1;
}
