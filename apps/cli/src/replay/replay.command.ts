import Database from 'better-sqlite3';
import { InvalidArgumentError, type Command } from 'commander';
import { existsSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { ProjectionRunner } from '@duty-ledger/read-store/projection-runner';
import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { OPEN } from '@duty-ledger/read-store/sqlite/sqlite.read-store.schema';
import { ALL_PROJECTIONS } from '@duty-ledger/read-models/projections';
import { CASES } from '@duty-ledger/read-models/accountability/accountability.projection';
import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import { committed, type ConfidentialFields, revealed } from '@duty-ledger/event-store/confidential';
import { loadConfig } from '../../../api/src/platform/config/load-config';
import { requireEventLog } from '../event-log';
import { makeEventStore } from '../../../api/src/platform/stores/stores.module';
import { isInstant } from '../../../api/src/platform/validation/instant';
import { wholeCommandAt } from '../read-point';
import { logUntil } from './bounded-log';

/**
 * `replay --until <instant|position> --out <dir>`: every read model as the record stood then, built into a separate
 * store (`<dir>/read-models.db`) and exported as JSON lines, one file per collection — what the record said that day.
 * The JSON lines are an export like `export trail`'s: each rationale is its commitment unless `--reveal` (API.md), where
 * they printed it and its salt in plain for whoever the files were handed to. The folder the replay makes, and the
 * files, are its user's alone: the store built there keeps rationales in plain, as DATA_DIR does.
 */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('build every read model as of a past instant or position into a separate store and export it as JSON lines')
    .requiredOption('--until <instant|position>', 'the record-time point (inclusive): an ISO instant or a log position')
    .requiredOption('--out <dir>', 'where to write read-models.db (rationales in plain, as in DATA_DIR) and <collection>.jsonl')
    .option('--reveal', 'write accountability rationales in plain in the JSON lines (for the discipline committee); otherwise only their commitments')
    .action(async (options: { until: string; out: string; reveal?: boolean }) => {
      const config = loadConfig();
      requireEventLog(config);
      const events = makeEventStore(config);
      try {
        refuseDataDir(config.dataDir, options.out);
        const until = await resolvePoint(events, options.until);
        mkdirSync(options.out, { recursive: true, mode: 0o700 });
        const file = join(options.out, 'read-models.db');
        const store = new SqliteReadStore({ file });
        await store.reset();
        await store.defineCollections(ALL_PROJECTIONS.flatMap((p) => p.collections));
        if (until >= 0) {
          const runner = new ProjectionRunner(logUntil(events, until), store, ALL_PROJECTIONS);
          // On stderr, and only on a terminal: stdout carries the summary scripts read.
          const bar = new SingleBar({ format: 'replaying [{bar}] {value}/{total} positions', stream: process.stderr }, Presets.shades_classic);
          bar.start(until, 0);
          await runner.start();
          try {
            while (!(await runner.waitFor(until, 500))) bar.update((await runner.projectedPosition()) ?? 0);
            bar.update(until);
          } finally {
            bar.stop();
            await runner.stop();
          }
        }
        await store.close();
        const counts = exportJsonLines(file, options.out, ALL_PROJECTIONS.flatMap((p) => p.collections.map((c) => c.name)), options.reveal === true);
        process.stdout.write(`replayed through position ${until}: ${Object.entries(counts).map(([c, n]) => `${c} ${n}`).join(', ') || 'nothing'}\n`);
      } finally {
        await events.close();
      }
    });
}

/**
 * A data directory holds the read models in force as `read-models.db`, the very file a replay resets: replaying into
 * one would empty them under the server reading them.
 */
function refuseDataDir(dataDir: string, out: string): void {
  const real = (path: string) => (existsSync(path) ? realpathSync(path) : resolve(path));
  if (real(out) === real(dataDir) || existsSync(join(out, 'events.db'))) throw new InvalidArgumentError(`--out ${out} is a data directory: replay into a folder of its own`);
}

/** The position of the last event at or before the point, at the end of its command; -1 before the first. */
async function resolvePoint(events: ReturnType<typeof makeEventStore>, point: string): Promise<number> {
  if (/^\d+$/.test(point)) return wholeCommandAt(events, Number(point));
  // The API's instants: a day the calendar lacks (2026-11-31) is refused, not rolled over to the next.
  if (!isInstant(point)) throw new InvalidArgumentError('--until is an ISO instant with a zone (on a day the calendar has), or a position');
  return (await events.positionAt(new Date(point).toISOString()))?.position ?? -1;
}

/** The collections whose documents keep confidential fields as their events do (value and `<field>Salt`). */
const CONFIDENTIAL_DOCUMENTS: ConfidentialFields = { [CASES]: CONFIDENTIAL_FIELDS.AccountabilityApplied };

/**
 * One `<collection>.jsonl` per collection: `{ id, doc }` of every document in force, ordered by id, confidential fields
 * committed (or revealed). A collection with none has no file, and loses the one an earlier replay into the same folder
 * left: it would say what the record did not. Files are written 0600.
 */
function exportJsonLines(file: string, out: string, collections: readonly string[], reveal: boolean): Record<string, number> {
  const shape = reveal ? revealed : committed;
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare<[number], { collection: string; id: string; doc: string }>('SELECT collection, id, doc FROM versions WHERE to_position = ? ORDER BY collection, id').all(OPEN);
    const byCollection = new Map<string, string[]>();
    for (const row of rows) {
      if (!byCollection.has(row.collection)) byCollection.set(row.collection, []);
      byCollection.get(row.collection)!.push(JSON.stringify({ id: row.id, doc: shape(CONFIDENTIAL_DOCUMENTS, row.collection, JSON.parse(row.doc) as Record<string, unknown>) }));
    }
    for (const collection of collections) if (!byCollection.has(collection)) rmSync(join(out, `${collection}.jsonl`), { force: true });
    for (const [collection, lines] of byCollection) {
      const path = join(out, `${collection}.jsonl`);
      // An earlier replay's file keeps its mode when rewritten: removed first, so every file is made 0600.
      rmSync(path, { force: true });
      writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o600 });
    }
    return Object.fromEntries([...byCollection].map(([c, lines]) => [c, lines.length]));
  } finally {
    db.close();
  }
}
