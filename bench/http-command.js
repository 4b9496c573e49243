// http.command: commands/s over HTTP (POST /v1/duties/:id/revise over 1,000 duties, 50 connections), with its limits
// measured in the same run: a bare Fastify route doing one durable SQLite insert per request, and a no-op route. Then
// the first comparison again on a disk whose flushes take 2 ms longer (http.command.slow-disk).
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { slowDiskEnv } = require('./slow-disk/library');

const ROOT = path.join(__dirname, '..');
const TOKEN = 'bench-integrator-key-0000000000';

async function waitFor(url) {
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not come up`);
}

function load(options) {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'load.js'), JSON.stringify(options)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out);
}

async function withServer(script, args, env, port, body) {
  const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: 'ignore' });
  try {
    await waitFor(`http://127.0.0.1:${port}/health`);
    return await body();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
  }
}

/**
 * The built API on a fresh data directory, with a committee unit and the given duties, while `body` runs.
 * `projections`: where the read models are applied — `thread` (the embedded default: a worker thread of the API),
 * `inline` (the API's own thread), `off` (the projector, apps/projector, as a second process on the same files).
 * `env`: more of the server's environment.
 */
async function withLedger(port, dutyIds, body, { projections = 'thread', env: extra = {} } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-bench-'));
  const env = { PORT: String(port), DATA_DIR: dataDir, API_KEYS: `integrator:${TOKEN}`, RATE_LIMIT: '0', LOG_LEVEL: 'silent', PROJECTIONS: projections, ...extra };
  const projector = projections === 'off' ? spawn(process.execPath, [path.join(ROOT, 'dist/apps/projector/src/main.js')], { env: { ...process.env, ...env }, stdio: 'ignore' }) : null;
  try {
    return await withServer(path.join(ROOT, 'dist/apps/api/src/main.js'), [], env, port, () => seeded(port, dutyIds, body));
  } finally {
    if (projector) {
      projector.kill('SIGTERM');
      await new Promise((r) => projector.on('exit', r));
    }
  }
}

/** A committee unit and the given duties, then `body`. */
async function seeded(port, dutyIds, body) {
  const post = (p, payload) =>
    fetch(`http://127.0.0.1:${port}/v1${p}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  await post('/units', { unitId: 'c', name: 'Committee', kind: 'party-committee', effectiveFrom: '2019-01-01' });
  for (let i = 0; i < dutyIds.length; i += 50)
    await Promise.all(dutyIds.slice(i, i + 50).map((dutyId) => post('/duties', { dutyId, kind: 'primary', holder: { unitId: 'c' }, area: 'integrity', title: 't', items: [], scopeUnitIds: [], year: 2020, effectiveFrom: '2020-01-01' })));
  return body();
}

/** Events the read models have yet to apply, as /health reports them. */
async function projectionLag(port) {
  return (await (await fetch(`http://127.0.0.1:${port}/health`)).json()).projectionLag;
}

const LEDGER_PORTS = { thread: 39101, off: 39105, inline: 39106 };

async function ledgerRate({ seconds, connections }, projections, env = {}) {
  const port = LEDGER_PORTS[projections];
  const ids = Array.from({ length: 1000 }, (_, i) => `d${i}`);
  return withLedger(
    port,
    ids,
    async () => {
      const result = load({ url: `http://127.0.0.1:${port}/v1/duties/{id}/revise`, connections, seconds, token: TOKEN, ids });
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`http.command: ${result.non2xx} non-2xx, ${result.errors} errors`);
      return { rps: result.rps, lagAfter: await projectionLag(port) };
    },
    { projections, env },
  );
}

/**
 * http.command.hot: every connection on one duty, no If-Match. Commands on one stream take turns in the server; what
 * still races (another process) is retried explicitly (`retries`, from /metrics), and conflicts left are 409s.
 */
async function hotRate({ seconds, connections }) {
  const port = 39104;
  return withLedger(port, ['hot'], async () => {
    const result = load({ url: `http://127.0.0.1:${port}/v1/duties/{id}/revise`, connections, seconds, token: TOKEN, ids: ['hot'] });
    const codes = result.statusCodes ?? {};
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const retries = Number(/^command_conflict_retries_total (\d+)$/m.exec(metrics)?.[1] ?? NaN);
    return { rps: result.rps, created: codes['201']?.count ?? 0, conflicts: codes['409']?.count ?? 0, retries, p50: result.p50, p99: result.p99 };
  });
}

async function bareRate({ seconds, connections }, durable, env = {}) {
  const port = durable ? 39102 : 39103;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dl-bench-')), 'bare.db');
  return withServer(path.join(__dirname, 'bare-server.js'), [String(port), durable ? file : ''], env, port, async () =>
    load({ url: `http://127.0.0.1:${port}/insert`, connections, seconds }).rps,
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * http.command.slow-disk: the same comparison where a flush to stable storage takes 2 ms longer (network block storage;
 * bench/slow-disk), both servers started on that disk, alternated run by run. Per-request commits wait out one flush
 * each; group commit, one a batch. Null, saying so, without a C compiler to build the shim.
 */
async function slowDiskFigure(opts, runs) {
  const slowDisk = slowDiskEnv(2000);
  if (!slowDisk) {
    process.stderr.write('http.command.slow-disk: skipped (no C compiler, `cc`, to build bench/slow-disk/slow-fsync.c)\n');
    return null;
  }
  const command = [];
  const durable = [];
  for (let r = 0; r < runs; r++) {
    command.push((await ledgerRate(opts, 'thread', slowDisk)).rps);
    durable.push(await bareRate(opts, true, slowDisk));
  }
  const [c, d] = [median(command), median(durable)].map(Math.round);
  return { name: 'http.command.slow-disk', value: c, unit: 'commands/s', baseline: d, ratio: +(c / d).toFixed(2), fsyncDelayMs: 2 };
}

async function run({ runs = 3, seconds = 5, connections = 50 } = {}) {
  const opts = { seconds, connections };
  const command = [], lags = [], inline = [], apart = [], apartLags = [], durable = [], noop = [];
  for (let r = 0; r < runs; r++) {
    const threaded = await ledgerRate(opts, 'thread');
    command.push(threaded.rps);
    lags.push(threaded.lagAfter);
    inline.push((await ledgerRate(opts, 'inline')).rps);
    const split = await ledgerRate(opts, 'off');
    apart.push(split.rps);
    apartLags.push(split.lagAfter);
    durable.push(await bareRate(opts, true));
    noop.push(await bareRate(opts, false));
  }
  const [c, i, a, d, n] = [median(command), median(inline), median(apart), median(durable), median(noop)].map(Math.round);
  const hot = await hotRate(opts);
  const slowDisk = await slowDiskFigure(opts, runs);
  return [
    { name: 'http.command.hot', value: Math.round(hot.rps), unit: 'commands/s', conflicts: hot.conflicts, written: hot.created, retries: hot.retries, p50ms: hot.p50, p99ms: hot.p99 },
    // The embedded default (the projector in a worker thread); `lagAfter`: events it had yet to apply when the load ended.
    { name: 'http.command', value: c, unit: 'commands/s', baseline: d, ratio: +(c / d).toFixed(2), lagAfter: lags },
    { name: 'http.command.vs-noop', value: c, unit: 'commands/s', baseline: n, ratio: +(c / n).toFixed(2) },
    // The same load with the projector in the API's own thread (PROJECTIONS=inline), and in its own process (off).
    { name: 'http.command.inline', value: i, unit: 'commands/s', baseline: d, ratio: +(i / d).toFixed(2) },
    { name: 'http.command.projector-apart', value: a, unit: 'commands/s', baseline: d, ratio: +(a / d).toFixed(2), lagAfter: apartLags },
    ...(slowDisk ? [slowDisk] : []),
  ];
}

module.exports = { run, ledgerRate, bareRate, withLedger, TOKEN };

require('./main')(module, run);
