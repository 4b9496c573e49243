// Versioned read store at 1M versions: as-of point reads and an as-of find of ~100 docs (SQLite adapter).
// Needs `npm run build`. Run directly, or through bench/run.js via `run()`. One JSON line per figure.
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { SqliteReadStore } = require('../dist/libs/read-store/src/sqlite/sqlite.read-store');

const GROUP_SIZE = 100; // documents per `group` value, so a find by group returns ~100 docs

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A small deterministic PRNG, so two runs read the same ids. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function build(store, docs, versions, batchSize) {
  await store.defineCollections([{ name: 'duties', indexes: ['group', 'status', 'tags'] }]);
  const started = performance.now();
  for (let round = 0; round < versions; round++) {
    for (let first = 0; first < docs; first += batchSize) {
      const batch = [];
      for (let d = first; d < Math.min(docs, first + batchSize); d++) {
        const position = round * docs + d + 1;
        const doc = { group: `g${Math.floor(d / GROUP_SIZE)}`, status: round % 2 ? 'closed' : 'open', tags: [`t${d % 7}`, `r${round}`], title: `duty ${d}`, round };
        batch.push({ position, recordedAt: new Date(Date.UTC(2025, 0, 1) + position).toISOString(), changes: [{ collection: 'duties', id: `d${String(d).padStart(6, '0')}`, doc }] });
      }
      const last = batch[batch.length - 1];
      await store.apply('bench', batch, { position: last.position, recordedAt: last.recordedAt });
    }
  }
  return ((docs * versions) / (performance.now() - started)) * 1000;
}

async function run({ docs = 100_000, versions = 10, batchSize = 5_000, samples = 10_000, findSamples = 300 } = {}) {
  const dir = path.join(__dirname, '.work');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `read-store-${process.pid}.sqlite`);
  const store = new SqliteReadStore({ file });
  const figures = [];
  try {
    const rate = await build(store, docs, versions, batchSize);
    figures.push({ name: 'store.apply.versions_per_s', value: Math.round(rate), unit: 'versions/s' });
    const head = docs * versions;
    const next = random(42);

    const point = [];
    for (let i = 0; i < samples; i++) {
      const id = `d${String(Math.floor(next() * docs)).padStart(6, '0')}`;
      const asOfPosition = 1 + Math.floor(next() * head);
      const t0 = performance.now();
      await store.get('duties', id, { asOfPosition });
      point.push(performance.now() - t0);
    }
    figures.push({ name: 'store.asof.p99', value: +percentile(point, 99).toFixed(3), unit: 'ms' });

    const range = [];
    let returned = 0;
    for (let i = 0; i < findSamples; i++) {
      const group = `g${Math.floor(next() * (docs / GROUP_SIZE))}`;
      const asOfPosition = docs + Math.floor(next() * (head - docs)); // every doc exists by then
      const t0 = performance.now();
      returned += (await store.find('duties', { group }, { asOfPosition, limit: 500 })).length;
      range.push(performance.now() - t0);
    }
    if (returned / findSamples !== GROUP_SIZE) throw new Error(`find returned ${returned / findSamples} docs on average, expected ${GROUP_SIZE}`);
    figures.push({ name: 'store.find.p50', value: +percentile(range, 50).toFixed(3), unit: 'ms' });
  } finally {
    await store.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }
  return figures;
}

module.exports = { run };

require('./main')(module, run);
