// Appends through the EventStore port (SQLite, synchronous=FULL) against the limits measured in the same run:
// raw better-sqlite3 inserts of the same rows (streams, revisions, sizes) at the same durability, one per transaction, WRITERS per transaction and 100 per transaction.
// The limit of append.concurrent is raw inserts in transactions of WRITERS rows: 16 writers, each awaiting its append
// before the next (a durable acknowledgement), can give a group commit 16 events at most, so the best it can do is
// one commit per 16 events. Against 100 per transaction the ratio is reported too (append.concurrent.vs-batch100):
// there the fsync is shared by 100 events, which no 16 awaiting writers can reach.
// Needs `npm run build`. Run directly, or through bench/run.js via `run()`. One JSON line per figure.
const { performance } = require('node:perf_hooks');
const Database = require('better-sqlite3');
const { v7 } = require('uuid');
const { SqliteEventStore } = require('../dist/libs/event-store/src/sqlite/sqlite.event-store');
const { metadata, data, median, withFile } = require('./common');
const { EVENT_LOG_SCHEMA } = require('../dist/libs/event-store/src/sqlite/sqlite.schema');

const STREAMS_PER_WRITER = 100; // appends cycle through them, so every append checks a real expected revision
const WRITERS = 16;
/** A SHA-256 in hex, as long as the hashes the port writes into each event's metadata. */
const HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

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

/**
 * Raw inserts of the rows the port writes for `writers` writers (the same streams, revisions and sizes: metadata with a
 * 64-hex-digit `prevHash` and `hash`), `perTransaction` per commit, at the store's durability settings. Row i is writer
 * i % writers's next append, to its streams in turn, as the writers of `portRate` append them.
 */
function rawRate(perTransaction, seconds, writers = WRITERS) {
  return withFile(`raw-${perTransaction}`, async (file) => {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(EVENT_LOG_SCHEMA);
    const insert = db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const commit = db.transaction((first) => {
      for (let i = first; i < first + perTransaction; i++) {
        const appended = Math.floor(i / writers); // this writer's appends before this one
        const stream = `duty-${i % writers}-${appended % STREAMS_PER_WRITER}`;
        // Each row serialised as it is inserted, its metadata as its data: a log's rows differ (their hashes do).
        const meta = JSON.stringify({ ...metadata, prevHash: HASH, hash: HASH });
        insert.run(stream, Math.floor(appended / STREAMS_PER_WRITER), v7(), 'DutyRevised', JSON.stringify(data(appended)), meta, new Date().toISOString());
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

async function run({ runs = 3, seconds = 3 } = {}) {
  // Interleaved, run by run, so a busy moment of the machine weighs on the figure and its limit alike.
  const [rawSingle, rawGroup, rawBatched, single, concurrent] = [[], [], [], [], []];
  for (let r = 0; r < runs; r++) {
    rawSingle.push(await rawRate(1, seconds, 1));
    rawGroup.push(await rawRate(WRITERS, seconds));
    rawBatched.push(await rawRate(100, seconds));
    single.push(await portRate(1, seconds));
    concurrent.push(await portRate(WRITERS, seconds));
  }
  const [rs, rg, rb, s1, sc] = [rawSingle, rawGroup, rawBatched, single, concurrent].map((xs) => Math.round(median(xs)));
  const ratio = (value, baseline) => +(value / baseline).toFixed(2);
  return [
    { name: 'raw.single', value: rs, unit: 'events/s' },
    { name: `raw.batched.${WRITERS}`, value: rg, unit: 'events/s' },
    { name: 'raw.batched.100', value: rb, unit: 'events/s' },
    { name: 'append.single', value: s1, unit: 'events/s', baseline: rs, ratio: ratio(s1, rs) },
    { name: 'append.concurrent', value: sc, unit: 'events/s', baseline: rg, ratio: ratio(sc, rg), writers: WRITERS, note: `baseline: raw inserts ${WRITERS} per commit, the most ${WRITERS} awaiting writers can give one commit` },
    { name: 'append.concurrent.vs-batch100', value: sc, unit: 'events/s', baseline: rb, ratio: ratio(sc, rb) },
  ];
}

module.exports = { run };

require('./main')(module, run);
