import 'reflect-metadata';
import Database from 'better-sqlite3';
import { Command, type CommanderError } from 'commander';
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import { canonicalJson } from '@duty-ledger/event-store/confidential';
import type { EventMetadata, RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import { scanLog, type ChainReport } from '@duty-ledger/event-store/integrity/chain-verifier';
import { consistencyProof, rootHash, verifyConsistency } from '@duty-ledger/event-store/integrity/merkle';
import type { EventRow } from '@duty-ledger/event-store/sqlite/sqlite.schema';
import { ALL_PROJECTIONS } from '@duty-ledger/read-models/projections';
import { loadConfig } from '../../api/src/platform/config/load-config';
import { makeEventStore, makeReadStore } from '../../api/src/platform/stores/stores.module';
import { registerExportCommand } from './export/export-trail.command';
import { registerKeysCommand } from './keys/keys.command';
import { registerRebuildCommand } from './rebuild/rebuild.command';
import { registerReplayCommand } from './replay/replay.command';
import { registerReportCommand } from './report/report.command';
import { registerSeedCommand } from './seed/seed.command';

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

/** Exit codes of `verify`, for scripts. */
const VERIFIED = 0;
const TAMPERED = 1;
const UNUSABLE = 2;

/** A bad argument or a file that cannot be read: exit 2, not a finding about the log. */
class UsageError extends Error {}

interface SavedTreeHead {
  treeSize: number;
  rootHash: string;
  lastPosition?: number | null;
  signedAt?: string;
  signature?: string;
  publicKey?: string;
}

interface TreeHeadCheck {
  treeSize: number;
  rootHash: string;
  /** `absent` for an unsigned head (the signature is checked against the head's own key: compare it with the one you trust). */
  signature: 'valid' | 'invalid' | 'absent';
  publicKey?: string;
  consistent: boolean;
  /** The hashes of the RFC 9162 consistency proof from the saved size to the log's. */
  proofLength?: number;
  problem?: string;
}

program
  .command('verify')
  .description(
    'verify a data directory’s event log offline (read-only): every stream’s hash chain, and with --tree-head that the log ' +
      'still extends a tree head saved from GET /v1/integrity/tree-head (RFC 9162 consistency proof)',
  )
  .option('--data-dir <dir>', 'the data directory holding events.db (default: DATA_DIR, else ./data)')
  .option('--tree-head <saved.json>', 'a saved tree head { treeSize, rootHash, lastPosition, signedAt, signature, publicKey }')
  .option('--json', 'print JSON')
  .addHelpText(
    'after',
    '\nExit codes: 0 the log verifies; 1 tampering found (what and where is printed); 2 usage or I/O error.\n' +
      'A chain alone cannot see events removed from the end of a stream or of the log: save tree heads and pass one.\n',
  )
  .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : UNUSABLE))
  .action(async (options: { dataDir?: string; treeHead?: string; json?: boolean }) => {
    try {
      process.exitCode = await verifyDataDir(options);
    } catch (error) {
      process.stderr.write(`duty-ledger verify: ${(error as Error)?.message ?? String(error)}\n`);
      process.exitCode = UNUSABLE;
    }
  });

async function verifyDataDir(options: { dataDir?: string; treeHead?: string; json?: boolean }): Promise<number> {
  const dataDir = resolve(options.dataDir ?? process.env.DATA_DIR ?? './data');
  const saved = options.treeHead === undefined ? undefined : readTreeHead(options.treeHead);
  const file = join(dataDir, 'events.db');
  if (!existsSync(file)) throw new UsageError(`no event log at ${file}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const page = db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE position >= ? ORDER BY position LIMIT ?');
    const store = { readAll: async ({ fromPosition = 0, limit = 1_000 } = {}) => page.all(fromPosition, limit).map(rowToEvent) };
    const { report, leaves, positions } = await scanLog(store, CONFIDENTIAL_FIELDS);
    const root = rootHash(leaves).toString('hex');
    const head = saved && checkTreeHead(saved, leaves, positions, root);
    const ok = report.ok && (!head || (head.consistent && head.signature !== 'invalid'));
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ ok, dataDir, chain: report, treeSize: leaves.length, rootHash: root, lastPosition: positions.at(-1) ?? null, treeHead: head })}\n`);
    } else {
      process.stdout.write(describeVerification(file, report, leaves.length, root, head));
    }
    return ok ? VERIFIED : TAMPERED;
  } finally {
    db.close();
  }
}

/** The saved head against the log now: its signature, the root of the log's first treeSize events, and a consistency proof to the whole log. */
function checkTreeHead(saved: SavedTreeHead, leaves: Buffer[], positions: number[], root: string): TreeHeadCheck {
  const check: TreeHeadCheck = { treeSize: saved.treeSize, rootHash: saved.rootHash, signature: 'absent', consistent: false };
  if (saved.signature !== undefined && saved.publicKey !== undefined) {
    check.publicKey = saved.publicKey;
    const { treeSize, rootHash: savedRoot, lastPosition, signedAt } = saved;
    check.signature = signatureHolds(canonicalJson({ treeSize, rootHash: savedRoot, lastPosition, signedAt }), saved.signature, saved.publicKey) ? 'valid' : 'invalid';
  }
  const [m, n] = [saved.treeSize, leaves.length];
  const lastNow = positions.at(-1) ?? null;
  if (m > n) {
    const since = saved.lastPosition != null ? `; the saved head ended at position ${saved.lastPosition}, the log now ends at ${lastNow ?? '(empty)'}` : '';
    check.problem = `the log holds ${n} events, fewer than the ${m} of the saved tree head: ${m - n} or more were removed (the log was truncated or rewritten)${since}`;
    return check;
  }
  if (m === 0) {
    check.consistent = true; // every log extends the empty one
    return check;
  }
  const prefixRoot = rootHash(leaves, m);
  if (prefixRoot.toString('hex') !== saved.rootHash) {
    check.problem =
      `the log's first ${m} events (through position ${positions[m - 1]}) no longer hash to the saved root ${saved.rootHash}: ` +
      'an event the saved head covers was altered, removed, inserted or moved';
    if (saved.lastPosition != null && saved.lastPosition !== positions[m - 1]) check.problem += ` (the saved head ended at position ${saved.lastPosition})`;
    return check;
  }
  const proof = consistencyProof(leaves, m, n);
  check.proofLength = proof.length;
  check.consistent = verifyConsistency(m, n, Buffer.from(saved.rootHash, 'hex'), Buffer.from(root, 'hex'), proof);
  if (!check.consistent) check.problem = `the consistency proof from ${m} to ${n} events does not verify`;
  return check;
}

function describeVerification(file: string, report: ChainReport, treeSize: number, root: string, head: TreeHeadCheck | undefined): string {
  const lines = [`log: ${file} — ${report.events} events in ${report.streams} streams; Merkle root ${root} (tree size ${treeSize})`];
  if (report.ok) lines.push(`chain: ok, verified through position ${report.verifiedThroughPosition ?? '(empty log)'}`);
  else {
    const b = report.brokenAt!;
    lines.push(`chain: TAMPERED at stream ${b.streamId} revision ${b.revision} position ${b.position} (${b.reason})`, `  ${b.detail}`);
    if (b.expected !== undefined) lines.push(`  expected ${String(b.expected)}`, `  found    ${String(b.found)}`);
    lines.push(`  verified through position ${report.verifiedThroughPosition ?? '(none)'}`);
  }
  if (head) {
    const signature = head.signature === 'absent' ? 'unsigned' : `signature ${head.signature}${head.publicKey ? ` (key ${head.publicKey})` : ''}`;
    lines.push(`tree head: size ${head.treeSize}, root ${head.rootHash}, ${signature}`);
    if (head.signature === 'invalid') lines.push('  TAMPERED: the saved tree head does not verify with its key — the file was altered');
    if (head.consistent) lines.push(`  ok: the log (${treeSize} events) extends it; consistency proof of ${head.proofLength ?? 0} hashes verified`);
    else lines.push(`  TAMPERED: ${head.problem ?? 'inconsistent'}`);
  }
  const ok = report.ok && (!head || (head.consistent && head.signature !== 'invalid'));
  lines.push(ok ? 'verified' : 'TAMPERING FOUND');
  return `${lines.join('\n')}\n`;
}

function readTreeHead(path: string): SavedTreeHead {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read the tree head ${path}: ${(error as Error).message}`);
  }
  const head = value as Partial<SavedTreeHead> | null;
  const whole = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  if (typeof head !== 'object' || head === null || !whole(head.treeSize) || typeof head.rootHash !== 'string' || !/^[0-9a-f]{64}$/.test(head.rootHash))
    throw new UsageError(`${path} is not a tree head: it needs a whole treeSize and a hex rootHash (save GET /v1/integrity/tree-head)`);
  if (head.lastPosition != null && !whole(head.lastPosition)) throw new UsageError(`${path}: lastPosition must be a whole number or null`);
  if ((head.signature === undefined) !== (head.publicKey === undefined)) throw new UsageError(`${path}: signature and publicKey come together`);
  return head as SavedTreeHead;
}

function signatureHolds(payload: string, signature: string, publicKey: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verifySignature(null, Buffer.from(payload, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** A row as the store reads it; text that is no longer JSON is kept as text, so the hash check (not the parser) reports it. */
function rowToEvent(row: EventRow): RecordedEvent {
  const parsed = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return { unparsable: text };
    }
  };
  return {
    position: row.position,
    streamId: row.stream_id,
    revision: row.revision,
    eventId: row.event_id,
    type: row.type,
    data: parsed(row.data) as Record<string, unknown>,
    metadata: parsed(row.metadata) as EventMetadata,
    recordedAt: row.recorded_at,
  };
}

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`duty-ledger: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
