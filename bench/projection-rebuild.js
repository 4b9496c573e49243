// projection.rebuild: events/s rebuilding every read model from the province log (bench/generate.js) into a fresh
// SQLite read store, by the code path of `cli rebuild` (ProjectionRunner over ALL_PROJECTIONS); its limit measured in
// the same run: a raw scan of the log (every row read with better-sqlite3, data and metadata JSON.parse'd).
// Needs `npm run build`. Run directly (`--events N` for a smaller data set), or through bench/run.js via `run()`.
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const Database = require('better-sqlite3');
const { SqliteEventStore } = require('../dist/libs/event-store/src/sqlite/sqlite.event-store');
const { SqliteReadStore } = require('../dist/libs/read-store/src/sqlite/sqlite.read-store');
const { ProjectionRunner } = require('../dist/libs/read-store/src/projection-runner');
const { ALL_PROJECTIONS } = require('../dist/libs/read-models/src/projections');
const { generate, FULL_EVENTS } = require('./generate');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quiet = { log: () => undefined, error: (message, detail) => console.error(message, detail) };

/** Reads every row of the log and parses its JSON: what any rebuild must at least do. */
function rawScan(file) {
  const db = new Database(file, { readonly: true });
  try {
    const started = performance.now();
    let count = 0;
    for (const row of db.prepare('SELECT * FROM events ORDER BY position').iterate()) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
      count++;
    }
    return (count / (performance.now() - started)) * 1000;
  } finally {
    db.close();
  }
}

/** `cli rebuild` without its progress bar: reset, define, run from position 0 until every projection reached the head. */
async function rebuild(eventsFile, readsFile, events) {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(readsFile + suffix, { force: true });
  const log = new SqliteEventStore({ file: eventsFile });
  const store = new SqliteReadStore({ file: readsFile });
  try {
    await store.reset();
    await store.defineCollections(ALL_PROJECTIONS.flatMap((p) => p.collections));
    const head = await log.headPosition();
    const runner = new ProjectionRunner(log, store, ALL_PROJECTIONS, { logger: quiet });
    const started = performance.now();
    await runner.start();
    let lastLog = started;
    while (!(await runner.waitFor(head, 2000))) {
      const now = performance.now();
      if (now - lastLog > 10_000) {
        lastLog = now;
        process.stderr.write(`projection.rebuild: at ${await runner.projectedPosition()} of ${head}\n`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    await runner.stop();
    return events / seconds;
  } finally {
    await store.close();
    await log.close();
  }
}

async function run({ events = FULL_EVENTS, runs = 3, keep = false } = {}) {
  const { dir, manifest } = await generate({ events });
  const eventsFile = path.join(dir, 'events.db');
  const readsFile = path.join(__dirname, '.work', `projection-rebuild-${process.pid}.db`);
  const scans = [];
  const rebuilds = [];
  try {
    for (let r = 0; r < runs; r++) {
      scans.push(rawScan(eventsFile));
      rebuilds.push(await rebuild(eventsFile, readsFile, manifest.events));
      process.stderr.write(`projection.rebuild: run ${r + 1}/${runs}: rebuild ${Math.round(rebuilds[r])} events/s, raw scan ${Math.round(scans[r])} events/s\n`);
    }
  } finally {
    if (!keep) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(readsFile + suffix, { force: true });
  }
  const [value, baseline] = [median(rebuilds), median(scans)].map(Math.round);
  return [{ name: 'projection.rebuild', value, unit: 'events/s', baseline, ratio: +(value / baseline).toFixed(2), events: manifest.events, runs }];
}

module.exports = { run };

if (require.main === module) {
  const at = process.argv.indexOf('--events');
  const runsAt = process.argv.indexOf('--runs');
  const options = {
    ...(at > 0 ? { events: Number(process.argv[at + 1]) } : {}),
    ...(runsAt > 0 ? { runs: Number(process.argv[runsAt + 1]) } : {}),
  };
  require('./main')(module, () => run(options));
}
