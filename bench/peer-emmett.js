// Our appends through the EventStore port (SQLite) against Emmett's SQLite event store, measured in the same run:
// ONE writer, ONE event per append, awaiting each, durable, the same events as bench/append.js, a file database each.
// Emmett (@event-driven-io/emmett-sqlite 0.38.5 and its sqlite3 driver) lives in bench/peers/emmett with its own
// package.json and lockfile, out of the product's install; it is installed there on first use (`npm ci`, a few
// minutes: sqlite3 compiles from source) and run as a child process (bench/peers/emmett/append.js).
// Needs `npm run build`. Run directly, or through bench/run.js via `run()`. One JSON line per figure.
const fs = require('node:fs');
const path = require('node:path');
const { execFile, spawnSync } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const { SqliteEventStore } = require('../dist/libs/event-store/src/sqlite/sqlite.event-store');
const { metadata, data, median, withFile } = require('./common');

const PEER = path.join(__dirname, 'peers', 'emmett');
const STREAMS = 100; // as in bench/append.js: appends cycle through them, so every append checks a real expected revision
const SYNCHRONOUS = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

/** Emmett's own install, on first use only: `npm ci` from its lockfile, progress to stderr. */
function ensurePeer() {
  if (fs.existsSync(path.join(PEER, 'node_modules'))) return;
  console.error('peer.emmett: installing Emmett into bench/peers/emmett (npm ci; sqlite3 compiles from source, a few minutes)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--foreground-scripts'], { cwd: PEER, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    fs.rmSync(path.join(PEER, 'node_modules'), { recursive: true, force: true }); // so the next run tries again
    throw new Error(`peer.emmett: npm ci in bench/peers/emmett failed (${result.error?.message ?? `exit ${result.status}`})`);
  }
}

/** One writer appending one event at a time through our port, awaiting each, for `seconds`; with the pragmas in force. */
function oursRate(seconds) {
  return withFile('peer-emmett-ours', async (file) => {
    const store = new SqliteEventStore({ file });
    // The store keeps its connection private; read the pragmas it set on it rather than restate them.
    const db = store['db'];
    const durability = { journalMode: db.pragma('journal_mode', { simple: true }), synchronous: db.pragma('synchronous', { simple: true }) };
    const revisions = new Array(STREAMS).fill(-1);
    let count = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    try {
      for (let i = 0; performance.now() < deadline; i++) {
        const s = i % STREAMS;
        const expectedRevision = revisions[s] < 0 ? 'no_stream' : revisions[s];
        revisions[s] = (await store.append(`duty-0-${s}`, [{ type: 'DutyRevised', data: data(i), metadata }], { expectedRevision })).revision;
        count++;
      }
      return { rate: (count / (performance.now() - started)) * 1000, ...durability };
    } finally {
      await store.close();
    }
  });
}

/** The same loop through Emmett, in a child process running from bench/peers/emmett's install. */
function emmettRate(seconds) {
  return withFile('peer-emmett-emmett', (file) =>
    new Promise((resolve, reject) => {
      execFile(process.execPath, [path.join(PEER, 'append.js'), file, String(seconds)], { cwd: PEER, timeout: (seconds + 120) * 1000 }, (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`peer.emmett: Emmett's driver failed (if its install is broken, delete bench/peers/emmett/node_modules): ${error.message}\n${stderr}`));
          return;
        }
        resolve(JSON.parse(stdout.trim().split('\n').pop()));
      });
    }),
  );
}

/**
 * Emmett's store now and then fails a commit of its own (SQLITE_BUSY: "cannot commit transaction - SQL statements in
 * progress": a statement of its still open at COMMIT). Such a run is tried again, at most twice; the failures are
 * counted in the figure, not hidden.
 */
async function emmettRateRetried(seconds, failures) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await emmettRate(seconds);
    } catch (error) {
      if (attempt === 3) throw error;
      failures.push(error.message.split('\n').find((line) => /SQLITE_\w+/.test(line)) ?? error.message.split('\n')[0]);
      console.error(`peer.emmett: Emmett's run failed, trying again: ${failures.at(-1)}`);
    }
  }
}

const level = (synchronous) => `${SYNCHRONOUS[synchronous] ?? synchronous}`;

/** Says plainly whether both sides commit at the same durability, and which is weaker if not. */
function durabilityNote(ours, emmett) {
  const sides = `ours journal_mode=${ours.journalMode} synchronous=${level(ours.synchronous)}; Emmett ${emmett.emmett} (sqlite3 ${emmett.sqlite3}, SQLite ${emmett.sqlite}) journal_mode=${emmett.journalMode} synchronous=${level(emmett.synchronous)}`;
  const bothWal = ours.journalMode === 'wal' && emmett.journalMode === 'wal';
  let verdict;
  if (bothWal && ours.synchronous === emmett.synchronous) verdict = 'same durability: both fsync the WAL at every commit';
  else if (bothWal && emmett.synchronous < ours.synchronous) verdict = "Emmett's default is LESS durable than ours (a power cut may lose its last commits): the ratio flatters Emmett";
  else if (bothWal) verdict = "Emmett's default is MORE durable than ours: the ratio flatters us";
  else verdict = 'journal modes differ: durability not directly comparable';
  return (
    `${sides}: ${verdict}. Emmett sets only PRAGMA journal_mode=WAL (synchronous is SQLite's default) and, for a file database, ` +
    'opens a new connection for every append and closes it afterwards; we keep one connection and group-commit (one writer here, so one append per commit).'
  );
}

async function run({ runs = 3, seconds = 3 } = {}) {
  ensurePeer();
  const ours = [];
  const emmett = [];
  const emmettFailures = [];
  // Interleaved, so both sides see the same disk and machine load.
  for (let i = 0; i < runs; i++) {
    ours.push(await oursRate(seconds));
    emmett.push(await emmettRateRetried(seconds, emmettFailures));
  }
  const value = Math.round(median(ours.map((r) => r.rate)));
  const baseline = Math.round(median(emmett.map((r) => r.rate)));
  return [
    {
      name: 'peer.emmett',
      value,
      unit: 'events/s',
      baseline,
      ratio: +(value / baseline).toFixed(2),
      ...(emmettFailures.length > 0 && { emmettFailedRuns: emmettFailures }),
      note: durabilityNote(ours[0], emmett[0]),
    },
  ];
}

module.exports = { run };

require('./main')(module, run);
