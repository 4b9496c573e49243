import Database from 'better-sqlite3';
import { Presets, SingleBar } from 'cli-progress';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import type { EventMetadata, RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import { scanLog } from '@duty-ledger/event-store/integrity/chain-verifier';
import { rootHash } from '@duty-ledger/event-store/integrity/merkle';
import type { EventRow } from '@duty-ledger/event-store/sqlite/sqlite.schema';
import { checkTreeHead, readTreeHead, UsageError } from './tree-head-check';
import { describeVerification, TAMPERED, VERIFIED, verdict } from './verification-report';

export interface DataDirOptions {
  dataDir?: string;
  treeHead?: string;
  json?: boolean;
}

/** Offline, read-only: the embedded log file itself, opened without the store (nothing is written, nothing repaired). */
export async function verifyDataDir(options: DataDirOptions): Promise<number> {
  const dataDir = resolve(options.dataDir ?? process.env.DATA_DIR ?? './data');
  const saved = options.treeHead === undefined ? undefined : readTreeHead(options.treeHead);
  const file = join(dataDir, 'events.db');
  if (!existsSync(file)) throw new UsageError(`no event log at ${file}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const page = db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE position >= ? ORDER BY position LIMIT ?');
    const store = { readAll: async ({ fromPosition = 0, limit = 1_000 } = {}) => page.all(fromPosition, limit).map(rowToEvent) };
    const total = db.prepare<[], number>('SELECT COUNT(*) FROM events').pluck().get() ?? 0;
    // On stderr, and only on a terminal: stdout carries the report scripts read.
    const bar = new SingleBar({ format: 'verifying [{bar}] {value}/{total} events', stream: process.stderr }, Presets.shades_classic);
    bar.start(total, 0);
    const { report, leaves, positions } = await scanLog(store, CONFIDENTIAL_FIELDS, { onProgress: (n) => bar.update(n) }).finally(() => bar.stop());
    const root = rootHash(leaves).toString('hex');
    const head = saved && checkTreeHead(saved, leaves, positions, root);
    const ok = verdict(report, head);
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
