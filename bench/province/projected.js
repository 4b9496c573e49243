// The province with its read models already projected (events.db + read-models.db), so a server started on it has
// nothing to catch up. Cached beside the data set, keyed by a hash of the code that shapes the read models
// (projections, read store, domain): change any of it and the read models are rebuilt.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { rebuild } = require('./rebuild');

const DIST = path.join(__dirname, '..', '..', 'dist', 'libs');
// The runner only decides when documents are written, not what they hold: it is left out, like the queries.
const SHAPING = [
  { dir: 'domain', keep: () => true },
  { dir: 'read-store', keep: (file) => !file.endsWith('projection-runner.js') },
  { dir: 'read-models', keep: (file) => /projection|fold-projection/.test(file) },
];

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.name.endsWith('.js') ? [full] : [];
  });
}

function codeHash() {
  const hash = crypto.createHash('sha256');
  for (const { dir, keep } of SHAPING) {
    for (const file of filesUnder(path.join(DIST, dir)).filter(keep).sort()) hash.update(file).update(fs.readFileSync(file));
  }
  return hash.digest('hex').slice(0, 10);
}

/** `<dataSetDir>-projected-<hash>/` holding events.db and read-models.db; built unless cached. */
async function projected(dataSetDir, log = (line) => process.stderr.write(`${line}\n`)) {
  const dir = `${dataSetDir}-projected-${codeHash()}`;
  if (fs.existsSync(path.join(dir, 'read-models.db')) && !fs.existsSync(path.join(dir, 'read-models.db-wal'))) return dir;
  const building = `${dir}.building-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(building, { recursive: true });
  fs.copyFileSync(path.join(dataSetDir, 'events.db'), path.join(building, 'events.db'));
  log(`projected: projecting ${path.basename(dataSetDir)} (once per read-model code version)`);
  const seconds = await rebuild(path.join(building, 'events.db'), path.join(building, 'read-models.db'));
  log(`projected: read models built in ${seconds.toFixed(1)} s`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(building, dir);
  return dir;
}

module.exports = { projected, codeHash };
