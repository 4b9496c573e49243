// Appends through the EventStore port (SQLite, synchronous=FULL) against the limits measured in the same run:
// raw better-sqlite3 inserts, one per transaction and 100 per transaction, at the same durability.
// Needs `npm run build`. Run directly, or through bench/run.js via `run()`. One JSON line per figure.
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const Database = require('better-sqlite3');
const { v7 } = require('uuid');
const { SqliteEventStore } = require('../dist/libs/event-store/src/sqlite/sqlite.event-store');
const { EVENT_LOG_SCHEMA } = require('../dist/libs/event-store/src/sqlite/sqlite.schema');

const WORK = path.join(__dirname, '.work');
const STREAMS_PER_WRITER = 100; // appends cycle through them, so every append checks a real expected revision

const metadata = { actor: { name: 'bench', role: 'integrator' }, commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 };
const data = (i) => ({ dutyId: `duty-${i}`, title: 'Lead the annual review of duty assignments', items: ['a', 'b', 'c'], year: 2025 });

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** A fresh database file per run, removed afterwards with its WAL. */
async function withFile(name, use) {
  fs.mkdirSync(WORK, { recursive: true });
  const file = path.join(WORK, `${name}-${process.pid}-${Date.now()}.sqlite`);
  try {
    return await use(file);
  } finally {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }
}

/** `writers` loops appending one event at a time through the port, each to its own streams, for `seconds`. */
function portRate(writers, seconds) {
  return withFile(`append-${writers}`, async (file) => {
    const store = new SqliteEventStore({ file });
    let count = 0;
    const deadline = performance.now() + seconds * 1000;
    const writer = async (w) => {
      const revisions = new Array(STREAMS_PER_WRITER).fill(-1);
      for (let i = 0; performance.now() < deadline; i++) {
        const s = i % STREAMS_PER_WRITER;
        const expectedRevision = revisions[s] < 0 ? 'no_stream' : revisions[s];
        revisions[s] = (await store.append(`duty-${w}-${s}`, [{ type: 'DutyRevised', data: data(i), metadata }], { expectedRevision })).revision;
        count++;
      }
    };
    const started = performance.now();
    try {
      await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
      return (count / (performance.now() - started)) * 1000;
    } finally {
      await store.close();
    }
  });
}

/** Raw inserts of the same rows, `perTransaction` per commit, at the store's durability settings. */
function rawRate(perTransaction, seconds) {
  return withFile(`raw-${perTransaction}`, async (file) => {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(EVENT_LOG_SCHEMA);
    const insert = db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const commit = db.transaction((first) => {
      for (let i = first; i < first + perTransaction; i++) {
        const meta = JSON.stringify({ ...metadata, prevHash: '', hash: '' });
        insert.run(`duty-${i % STREAMS_PER_WRITER}`, Math.floor(i / STREAMS_PER_WRITER), v7(), 'DutyRevised', JSON.stringify(data(i)), meta, new Date().toISOString());
      }
    });
    let count = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    try {
      while (performance.now() < deadline) {
        commit(count);
        count += perTransaction;
      }
      return (count / (performance.now() - started)) * 1000;
    } finally {
      db.close();
    }
  });
}

async function medianOf(runs, measure) {
  const values = [];
  for (let i = 0; i < runs; i++) values.push(await measure());
  return Math.round(median(values));
}

async function run({ runs = 3, seconds = 3 } = {}) {
  const rawSingle = await medianOf(runs, () => rawRate(1, seconds));
  const rawBatched = await medianOf(runs, () => rawRate(100, seconds));
  const single = await medianOf(runs, () => portRate(1, seconds));
  const concurrent = await medianOf(runs, () => portRate(16, seconds));
  const ratio = (value, baseline) => +(value / baseline).toFixed(2);
  return [
    { name: 'raw.single', value: rawSingle, unit: 'events/s' },
    { name: 'raw.batched', value: rawBatched, unit: 'events/s' },
    { name: 'append.single', value: single, unit: 'events/s', baseline: rawSingle, ratio: ratio(single, rawSingle) },
    { name: 'append.concurrent', value: concurrent, unit: 'events/s', baseline: rawBatched, ratio: ratio(concurrent, rawBatched) },
  ];
}

module.exports = { run };

require('./main')(module, run);
