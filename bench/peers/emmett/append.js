// Emmett's side of bench/peer-emmett.js, run as a child process from this folder's own install (never the product's):
// ONE writer appending ONE event at a time through Emmett's SQLite event store (getSQLiteEventStore, sqlite3 driver),
// awaiting each, cycling through 100 streams with an expected version, for `seconds`. Prints one JSON line:
// { rate, appends, journalMode, synchronous, emmett, sqlite3, sqlite }.
// Usage: node bench/peers/emmett/append.js <database file> <seconds>
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const sqlite3 = require('sqlite3');
const { STREAM_DOES_NOT_EXIST } = require('@event-driven-io/emmett');
const { getSQLiteEventStore } = require('@event-driven-io/emmett-sqlite');

const STREAMS = 100; // as in bench/append.js: every append checks a real expected version

// The same event as bench/append.js: type, data and metadata shape.
const metadata = { actor: { name: 'bench', role: 'integrator' }, commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 };
const data = (i) => ({ dutyId: `duty-${i}`, title: 'Lead the annual review of duty assignments', items: ['a', 'b', 'c'], year: 2025 });
const event = (i) => ({ type: 'DutyRevised', data: data(i), metadata });

/** The durability Emmett's own connection runs at, read inside its append transaction through its onBeforeCommit hook. */
async function probe(fileName) {
  let seen;
  const store = getSQLiteEventStore({
    fileName,
    hooks: {
      onBeforeCommit: async (_messages, { connection }) => {
        const journal = (await connection.query('PRAGMA journal_mode'))[0];
        const sync = (await connection.query('PRAGMA synchronous'))[0];
        seen = { journalMode: journal.journal_mode, synchronous: sync.synchronous };
      },
    },
  });
  await store.appendToStream('probe-0', [event(0)], { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
  return seen;
}

async function main() {
  const [fileName, seconds] = [process.argv[2], Number(process.argv[3] ?? 3)];
  if (!fileName || fileName.includes(':memory:')) throw new Error('usage: append.js <database file> <seconds> (a file, never :memory:)');
  const durability = await probe(fileName);
  // The measured store is Emmett's default, as its docs set it up: getSQLiteEventStore({ fileName }).
  const store = getSQLiteEventStore({ fileName });
  const versions = new Array(STREAMS).fill(0n);
  let appends = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  for (let i = 0; performance.now() < deadline; i++) {
    const s = i % STREAMS;
    const expectedStreamVersion = versions[s] === 0n ? STREAM_DOES_NOT_EXIST : versions[s];
    versions[s] = (await store.appendToStream(`duty-0-${s}`, [event(i)], { expectedStreamVersion })).nextExpectedStreamVersion;
    appends++;
  }
  const rate = (appends / (performance.now() - started)) * 1000;
  const sqlite = await new Promise((resolve, reject) => {
    const db = new sqlite3.Database(':memory:');
    db.get('SELECT sqlite_version() AS v', (error, row) => db.close(() => (error ? reject(error) : resolve(row.v))));
  });
  // Read from disk: the packages' export maps do not expose package.json.
  const version = (name) => JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', name, 'package.json'), 'utf8')).version;
  console.log(
    JSON.stringify({
      rate,
      appends,
      ...durability,
      emmett: version('@event-driven-io/emmett-sqlite'),
      sqlite3: version('sqlite3'),
      sqlite,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
