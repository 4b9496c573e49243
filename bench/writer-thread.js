// http.mixed: what the event log's writer thread (EVENT_LOG_WRITER=thread) buys against committing on the API's own
// thread (inline, the embedded default), measured side by side in one run: 50 connections revise duties while 5
// read them (GET /v1/duties/:id), and each mode's commands/s and reads/s are reported. Then the same on a slower disk,
// where an fsync takes 2 ms more (bench/slow-disk/slow-fsync.c through LD_PRELOAD; skipped, saying so, without a C
// compiler). Needs `npm run build`.
const { execFile } = require('node:child_process');
const path = require('node:path');
const { withLedger, TOKEN } = require('./http-command');
const { slowDiskEnv } = require('./slow-disk/library');

const PORT = 39111;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function load(options) {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [path.join(__dirname, 'load.js'), JSON.stringify(options)], { encoding: 'utf8', maxBuffer: 1 << 24 }, (error, out) =>
      error ? reject(error) : resolve(JSON.parse(out)),
    ),
  );
}

/** One run of the mixed load against a fresh ledger with the given writer: commands/s, reads/s and the reads' p50. */
async function mixed(writer, seconds, env = {}) {
  const ids = Array.from({ length: 1000 }, (_, i) => `d${i}`);
  return withLedger(
    PORT,
    ids,
    async () => {
      const [writes, reads] = await Promise.all([
        load({ url: `http://127.0.0.1:${PORT}/v1/duties/{id}/revise`, connections: 50, seconds, token: TOKEN, ids }),
        load({ url: `http://127.0.0.1:${PORT}`, connections: 5, seconds, token: TOKEN, paths: ids.slice(0, 200).map((id) => `/v1/duties/${id}`) }),
      ]);
      for (const [what, result] of [['commands', writes], ['reads', reads]])
        if (result.non2xx > 0 || result.errors > 0) throw new Error(`http.mixed ${what}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      return { commands: writes.rps, reads: reads.rps, readP50: reads.p50 };
    },
    { env: { EVENT_LOG_WRITER: writer, ...env } },
  );
}

/** The figures of one disk: thread against inline, alternated run by run so the VM's drift falls on both alike. */
async function compare(name, { runs, seconds, env }) {
  const results = { thread: [], inline: [] };
  for (let r = 0; r < runs; r++) {
    for (const writer of ['thread', 'inline']) {
      results[writer].push(await mixed(writer, seconds, env));
      process.stderr.write(`${name}: run ${r + 1}/${runs}, ${writer}: ${JSON.stringify(results[writer].at(-1))}\n`);
    }
  }
  const of = (writer, key) => Math.round(median(results[writer].map((result) => result[key])));
  const figure = (key, unit) => ({
    name: `${name}.${key}`,
    value: of('thread', key),
    unit,
    baseline: of('inline', key),
    ratio: +(of('thread', key) / of('inline', key)).toFixed(2),
    readP50ms: { thread: of('thread', 'readP50'), inline: of('inline', 'readP50') },
  });
  return [figure('commands', 'commands/s'), figure('reads', 'reads/s')];
}

async function run({ runs = 3, seconds = 5 } = {}) {
  const figures = await compare('http.mixed', { runs, seconds, env: {} });
  const slowDisk = slowDiskEnv();
  if (!slowDisk) {
    process.stderr.write('http.mixed.slow-disk: skipped (no C compiler, `cc`, to build bench/slow-disk/slow-fsync.c)\n');
    return figures;
  }
  return [...figures, ...(await compare('http.mixed.slow-disk', { runs, seconds, env: slowDisk }))];
}

module.exports = { run };

require('./main')(module, run);
