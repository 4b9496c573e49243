// projection.rebuild: events/s rebuilding every read model from the province log (bench/generate.js) into a fresh
// SQLite read store, by the code path of `cli rebuild` (ProjectionRunner over ALL_PROJECTIONS); its limit measured in
// the same run: a raw scan of the log (every row read with better-sqlite3, data and metadata JSON.parse'd).
// Needs `npm run build`. Run directly (`--events N` for a smaller data set), or through bench/run.js via `run()`.
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const Database = require('better-sqlite3');
const { generate, FULL_EVENTS } = require('./generate');
const { rebuild } = require('./province/rebuild');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

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

async function run({ events = FULL_EVENTS, runs = 3, keep = false } = {}) {
  const { dir, manifest } = await generate({ events });
  const eventsFile = path.join(dir, 'events.db');
  const readsFile = path.join(__dirname, '.work', `projection-rebuild-${process.pid}.db`);
  const scans = [];
  const rebuilds = [];
  try {
    for (let r = 0; r < runs; r++) {
      scans.push(rawScan(eventsFile));
      rebuilds.push(manifest.events / (await rebuild(eventsFile, readsFile)));
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
