import { InvalidArgumentError, type Command, type CommanderError } from 'commander';
import { verifyDataDir } from './verify-data-dir';
import { verifyServer } from './verify-server';
import { UsageError } from './tree-head-check';
import { UNUSABLE } from './verification-report';

const samplesOf = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a whole number of inclusion proofs');
  return Number(value);
};

/** `verify`: a data directory offline, or a running server without trusting it. Exit 0 verified, 1 tampering, 2 unusable. */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'verify the event log: every stream’s hash chain and the Merkle root, either of a data directory offline (read-only) or of a ' +
        'running server (--server: its log downloaded and recomputed here, its signed tree head and proofs checked); with --tree-head, ' +
        'that the log still extends a tree head saved earlier from GET /v1/integrity/tree-head (RFC 9162 consistency)',
    )
    .option('--data-dir <dir>', 'the data directory holding events.db (default: DATA_DIR, else ./data)')
    .option('--server <url>', 'a running server’s base URL, e.g. https://ledger.example.edu')
    .option('--token <key>', 'a reading role’s API key or bearer token for --server (default: DUTY_LEDGER_TOKEN)')
    .option(
      '--public-key <base64>',
      'an Ed25519 public key (base64 SPKI DER) you trust the server to sign tree heads with — its served head and the heads it signed as the log grew, ' +
        'or offline those in the data directory’s Merkle log; give it again for each key across a key change (default: the saved head’s)',
      (key: string, keys: string[]) => [...keys, key],
      [] as string[],
    )
    .option('--samples <n>', 'inclusion proofs to ask the server for and check (--server)', samplesOf, 16)
    .option('--save-tree-head <file>', 'after a clean verification of --server, save its signed tree head here for next time')
    .option('--tree-head <saved.json>', 'a saved tree head { treeSize, rootHash, lastPosition, lastRecordedAt, signedAt, signature, publicKey }')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 the log verifies; 1 tampering found (what and where is printed); 2 usage or I/O error.\n' +
        'A chain alone cannot see events removed from the end of a stream or of the log: save tree heads and pass one.\n' +
        '\nExamples:\n' +
        '  duty-ledger verify --data-dir ./data --tree-head head-2026-06.json\n' +
        '  DUTY_LEDGER_TOKEN=… duty-ledger verify --server https://ledger.example.edu --tree-head head-2026-06.json --save-tree-head head-2026-12.json\n',
    )
    .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : UNUSABLE))
    .action(async ({ publicKey: publicKeys, ...options }: { dataDir?: string; server?: string; token?: string; publicKey: string[]; samples: number; saveTreeHead?: string; treeHead?: string; json?: boolean }) => {
      try {
        if (options.server && options.dataDir) throw new UsageError('give either --server or --data-dir, not both');
        if (options.saveTreeHead && !options.server) throw new UsageError('--save-tree-head saves a server’s head: it needs --server');
        process.exitCode = options.server ? await verifyServer({ ...options, publicKeys, server: options.server }) : await verifyDataDir({ ...options, publicKeys });
      } catch (error) {
        process.stderr.write(`duty-ledger verify: ${(error as Error)?.message ?? String(error)}\n`);
        process.exitCode = UNUSABLE;
      }
    });
}
