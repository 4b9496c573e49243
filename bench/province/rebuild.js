// `cli rebuild` as a function over two files: every read model projected from the log into a fresh SQLite read store
// by ProjectionRunner over ALL_PROJECTIONS — the code path of the CLI and the API's rebuild: the new generation written
// unsealed (its commits do not wait for the disk) and sealed (made durable) once caught up, the seal timed with it.
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const { SqliteEventStore } = require('../../dist/libs/event-store/src/sqlite/sqlite.event-store');
const { SqliteReadStore } = require('../../dist/libs/read-store/src/sqlite/sqlite.read-store');
const { ProjectionRunner } = require('../../dist/libs/read-store/src/projection-runner');
const { ALL_PROJECTIONS } = require('../../dist/libs/read-models/src/projections');

const quiet = { log: () => undefined, error: (message, detail) => console.error(message, detail) };

/** Reset, define, run from position 0 until every projection reached the head, seal; resolves the seconds it took. */
async function rebuild(eventsFile, readsFile) {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(readsFile + suffix, { force: true });
  const log = new SqliteEventStore({ file: eventsFile });
  const store = new SqliteReadStore({ file: readsFile, unsealed: true });
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
    await store.seal();
    const seconds = (performance.now() - started) / 1000;
    await runner.stop();
    return seconds;
  } finally {
    await store.close();
    await log.close();
  }
}

module.exports = { rebuild };
