import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '@duty-ledger/read-models/projections';

const PROJECTOR = join(__dirname, '..', '..', 'dist', 'apps', 'projector', 'src', 'main.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The built projector process on a data directory (`npm run build` first: see ensureBuilt). */
export function startProjector(dataDir: string, env: Record<string, string> = {}): { child: ChildProcess; exited: Promise<unknown> } {
  const child = spawn(process.execPath, [PROJECTOR], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }, stdio: 'ignore' });
  return { child, exited: new Promise((resolve) => child.on('exit', resolve)) };
}

/** Every projection's checkpoint in a data directory's read store, or [] before it exists. */
export function checkpoints(dataDir: string): number[] {
  try {
    const db = new Database(readModelFile(dataDir), { readonly: true, fileMustExist: true });
    try {
      return db.prepare<[], { position: number }>('SELECT position FROM checkpoints').all().map((r) => r.position);
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}

export const caughtUp = (dataDir: string, head: number) => {
  const done = checkpoints(dataDir);
  return done.length === ALL_PROJECTIONS.length && done.every((p) => p >= head);
};

/** The read-model file of the generation in force (the pointer: apps/api/src/platform/stores/file.generation-pointer.ts). */
export function readModelFile(dataDir: string): string {
  const pointer = join(dataDir, 'read-models.generation');
  const generation = existsSync(pointer) ? readFileSync(pointer, 'utf8').trim() : '';
  return join(dataDir, generation ? `read-models.${generation}.db` : 'read-models.db');
}

/** Which process holds each projection's lease (the pid in the owner `host:pid:nonce`). */
export function leaseHolders(dataDir: string): number[] {
  const db = new Database(readModelFile(dataDir), { readonly: true });
  try {
    return db.prepare<[number], { owner: string }>('SELECT owner FROM leases WHERE expires_at > ?').all(Date.now()).map((r) => Number(r.owner.split(':')[1]));
  } finally {
    db.close();
  }
}

/** Every version, then every event-index entry, in a stable order. */
const VERSION_ROWS = `SELECT row FROM (
  SELECT 0 AS part, collection || '|' || id || '|' || from_position || '|' || to_position || '|' || doc AS row, collection AS a, id AS b, from_position AS c FROM versions
  UNION ALL
  SELECT 1, idx || '|' || key || '|' || position || '|' || type || '|' || recorded_ms, idx, key, position FROM event_index
) ORDER BY part, a, b, c`;

/** Every version of every document and every event-index entry, in a stable order: the read models, row for row. */
export function versions(dataDir: string): string[] {
  const db = new Database(readModelFile(dataDir), { readonly: true });
  try {
    return db
      .prepare<[], { row: string }>(VERSION_ROWS)
      .all()
      .map((r) => r.row);
  } finally {
    db.close();
  }
}

/** The same rows as versions(), streamed into a count and a SHA-256 (one row per line), for read models too big to hold. */
export function versionsDigest(dataDir: string): { rows: number; sha256: string } {
  const db = new Database(readModelFile(dataDir), { readonly: true });
  try {
    const hash = createHash('sha256');
    let rows = 0;
    for (const { row } of db.prepare<[], { row: string }>(VERSION_ROWS).iterate()) {
      hash.update(row).update('\n');
      rows++;
    }
    return { rows, sha256: hash.digest('hex') };
  } finally {
    db.close();
  }
}

/** Runs the projector on a data directory until every projection reaches `head` (or `timeoutMs` passes), then stops it. */
export async function projectToHead(dataDir: string, head: number, timeoutMs = 30_000): Promise<void> {
  const { child, exited } = startProjector(dataDir);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !caughtUp(dataDir, head)) await sleep(25);
  child.kill('SIGTERM');
  await exited;
}

/** A new data directory holding a copy of this one's log and the read models a fresh projector builds from it. */
export async function freshlyProjected(dataDir: string, head: number, timeoutMs?: number): Promise<string> {
  const fresh = mkdtempSync(join(tmpdir(), 'dl-fresh-'));
  copyFileSync(join(dataDir, 'events.db'), join(fresh, 'events.db'));
  await projectToHead(fresh, head, timeoutMs);
  return fresh;
}

/** The read models a fresh projector builds from a copy of this directory's log. */
export async function freshRebuild(dataDir: string, head: number): Promise<string[]> {
  return versions(await freshlyProjected(dataDir, head));
}

/** The last position of a data directory's log. */
export function headOf(dataDir: string): number {
  const db = new Database(join(dataDir, 'events.db'), { readonly: true });
  try {
    return (db.prepare('SELECT MAX(position) AS head FROM events').get() as { head: number }).head;
  } finally {
    db.close();
  }
}
