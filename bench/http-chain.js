// http.chain.p99: p99 latency of as-of responsibility-chain reads (GET /v1/units/:unitId/chain) over HTTP, against the
// API server on a copy of the province (bench/generate.js, read models projected beforehand so it starts caught up),
// spread over every unit, business dates across the ten years, and as-of positions and instants (a third of the reads
// latest). Limit measured in the same run: the p99 of GET /health on the same server, at the same concurrency.
// Needs `npm run build`. Run directly (`--events N` for a smaller data set), or through bench/run.js via `run()`.
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const Database = require('better-sqlite3');
const { generate, FULL_EVENTS } = require('./generate');
const { projected } = require('./province/projected');
const { institution, province } = require('./province/units');
const { prng } = require('./province/prng');

const ROOT = path.join(__dirname, '..');
const TOKEN = 'bench-inspector-key-000000000000';
const PORT = 39111;
const PATHS = 5_000;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs bench/load.js; the options go through a file, as thousands of paths exceed the argument limit. */
function load(options) {
  const file = path.join(__dirname, '.work', `load-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(options));
  try {
    return JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'load.js'), `@${file}`], { encoding: 'utf8', maxBuffer: 1 << 24 }));
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** A fresh copy of the projected directory, so the server's writes (WAL, leases) never touch the cache. */
function copyOf(dir) {
  const copy = fs.mkdtempSync(path.join(__dirname, '.work', 'http-chain-'));
  for (const file of ['events.db', 'read-models.db']) fs.copyFileSync(path.join(dir, file), path.join(copy, file), fs.constants.COPYFILE_FICLONE);
  return copy;
}

/** Read paths: every unit, business dates across the years, as-of latest / a position / an instant, seeded. */
function chainPaths(manifest, eventsFile) {
  const db = new Database(eventsFile, { readonly: true });
  // The first position after the set-up (units and people registered): an as-of before it finds no unit.
  const { first } = db.prepare("SELECT MIN(position) AS first FROM events WHERE recorded_at >= '2016-01-01'").get();
  db.close();
  const units = [province(), ...Array.from({ length: manifest.institutions }, (_, i) => institution(i + 1))].flatMap((inst) => inst.units.map((u) => u.unitId));
  const random = prng(7);
  const start = Date.parse('2016-01-10T00:00:00Z');
  const end = Date.parse(manifest.lastRecordedAt);
  return Array.from({ length: PATHS }, () => {
    const at = new Date(start + random.next() * (end - start)).toISOString().slice(0, 10);
    const kind = random.int(3);
    const asOf = kind === 0 ? '' : kind === 1 ? `&asOfPosition=${first + random.int(manifest.headPosition - first + 1)}` : `&asOf=${new Date(start + random.next() * (end - start)).toISOString()}`;
    return `/v1/units/${random.pick(units)}/chain?at=${at}${asOf}`;
  });
}

async function startServer(dataDir) {
  const env = { PORT: String(PORT), DATA_DIR: dataDir, API_KEYS: `inspector:${TOKEN}`, RATE_LIMIT: '0', LOG_LEVEL: 'silent' };
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/api/src/main.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  // Up, and the read models and the Merkle log caught up with the log: a read during catch-up would measure the
  // projector or the indexer (a copy of the province has no Merkle log yet: the API indexes its million events first).
  for (let i = 0; i < 12_000; i++) {
    try {
      const health = await (await fetch(`http://127.0.0.1:${PORT}/health`)).json();
      const metrics = await (await fetch(`http://127.0.0.1:${PORT}/metrics`)).text();
      if (health.status === 'ok' && health.projectionLag === 0 && /^merkle_log_lag_positions 0$/m.test(metrics)) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error('the API did not come up caught up within 20 minutes');
}

/** A few reads by hand before the load: every one must answer 200 with a chain (not a 404 or an empty shell). */
async function checkPaths(paths) {
  let duties = 0;
  for (const p of paths.slice(0, 50)) {
    const response = await fetch(`http://127.0.0.1:${PORT}${p}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (response.status !== 200) throw new Error(`GET ${p}: ${response.status} ${await response.text()}`);
    const body = await response.json();
    duties += body.duties.length + body.coveredBy.length;
  }
  return duties / 50;
}

/** Median p99 of `runs` loads at `connections`, chain reads and /health in turn. */
function measure({ paths, runs, seconds, connections }) {
  const url = `http://127.0.0.1:${PORT}`;
  const chain = [];
  const noop = [];
  for (let r = 0; r < runs; r++) {
    const reads = load({ url, connections, seconds, token: TOKEN, paths });
    if (reads.non2xx > 0 || reads.errors > 0) throw new Error(`http.chain: ${reads.non2xx} non-2xx, ${reads.errors} errors`);
    chain.push(reads.p99);
    noop.push(load({ url, connections, seconds, paths: ['/health'] }).p99);
    process.stderr.write(`http.chain: ${connections} connection(s), run ${r + 1}/${runs}: chain p99 ${reads.p99} ms (p50 ${reads.p50}, ${Math.round(reads.rps)} reads/s), /health p99 ${noop[r]} ms\n`);
  }
  return { value: median(chain), baseline: median(noop) };
}

/** http.chain.p99 with one connection (a read's own latency), and with four (reads queueing behind each other). */
async function run({ events = FULL_EVENTS, runs = 3, seconds = 10 } = {}) {
  const { dir, manifest } = await generate({ events });
  const ready = await projected(dir);
  const dataDir = copyOf(ready);
  const paths = chainPaths(manifest, path.join(ready, 'events.db'));
  const child = await startServer(dataDir);
  const figures = [];
  try {
    const dutiesPerChain = await checkPaths(paths);
    for (const [name, connections] of [
      ['http.chain.p99', 1],
      ['http.chain.p99.c4', 4],
    ]) {
      const { value, baseline } = measure({ paths, runs, seconds, connections });
      figures.push({ name, value, unit: 'ms', baseline, ratio: +(value / baseline).toFixed(2), connections, events: manifest.events, dutiesPerChain });
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}

module.exports = { run };

if (require.main === module) {
  const at = process.argv.indexOf('--events');
  require('./main')(module, () => run(at > 0 ? { events: Number(process.argv[at + 1]) } : {}));
}
