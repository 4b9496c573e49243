// What several benches share: the events they append, the median, and a scratch database file per run.
const fs = require('node:fs');
const path = require('node:path');

const WORK = path.join(__dirname, '.work');

/** The metadata and data of every benched append (the shape of a duty revision). */
const metadata = { actor: { name: 'bench', role: 'integrator' }, commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 };
const data = (i) => ({ dutyId: `duty-${i}`, title: 'Lead the annual review of duty assignments', items: ['a', 'b', 'c'], year: 2025 });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A fresh database file per run under bench/.work, removed afterwards with its WAL, shared memory and journal. */
async function withFile(name, use) {
  fs.mkdirSync(WORK, { recursive: true });
  const file = path.join(WORK, `${name}-${process.pid}-${Date.now()}.sqlite`);
  try {
    return await use(file);
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
  }
}

module.exports = { WORK, metadata, data, median, withFile };
