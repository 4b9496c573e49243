// A realistic province in an embedded data directory: 200 institutions × 40 units over ten years, ~1,000,000 events
// decided by the domain's deciders and appended through the SqliteEventStore port (real hash chains).
// Cached in bench/.work/province-<events>-v<version>/ (events.db + manifest.json); a second run reuses it.
// CLI: node bench/generate.js [--events N] [--force]   (needs `npm run build`). Progress goes to stderr.
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { SqliteEventStore } = require('../dist/libs/event-store/src/sqlite/sqlite.event-store');
const { Ledger, CONFIDENTIAL_FIELDS } = require('./province/ledger');
const { prng } = require('./province/prng');
const { Story } = require('./province/story');

/** Bump when the story or the event shapes change: the cache key changes with it (2: appointments in the person's stream; 3: duties' delegation streams; 4: the tree's moves guard; 5: rows hold canonical JSON; 6: units' children streams). */
const GENERATOR_VERSION = 6;
const SEED = 0x5eed2016;
const FULL_EVENTS = 1_000_000;
const INSTITUTIONS_AT_FULL = 200;
const WORK = path.join(__dirname, '.work');

const dirFor = (events) => path.join(WORK, `province-${events}-v${GENERATOR_VERSION}`);

/** The data set's directory, generated unless cached. Resolves `{ dir, manifest }`. */
async function generate({ events = FULL_EVENTS, force = false, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const dir = dirFor(events);
  const manifestFile = path.join(dir, 'manifest.json');
  if (!force && fs.existsSync(manifestFile)) {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    log(`generate: reusing ${path.relative(process.cwd(), dir)} (${manifest.events} events, generated in ${manifest.seconds} s)`);
    return { dir, manifest };
  }
  // Built beside and renamed when complete, so an interrupted run never leaves a directory that looks cached.
  const building = `${dir}.building-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(building, { recursive: true });
  const random = prng(SEED);
  let ledger;
  const store = new SqliteEventStore({ file: path.join(building, 'events.db'), confidentialFields: CONFIDENTIAL_FIELDS, clock: () => ledger.now });
  ledger = new Ledger(store, random);
  const institutions = Math.max(1, Math.ceil((INSTITUTIONS_AT_FULL * events) / FULL_EVENTS));
  const started = performance.now();
  let lastLog = started;
  const story = new Story(ledger, random, {
    institutions,
    limit: events,
    onProgress: (decided, date) => {
      const now = performance.now();
      if (now - lastLog < 2000) return;
      lastLog = now;
      log(`generate: ${decided.toLocaleString('en')} / ${events.toLocaleString('en')} events, at ${date}, ${Math.round(decided / ((now - started) / 1000))} events/s`);
    },
  });
  await story.run();
  const head = await store.headPosition();
  const [first] = await store.readAll({ limit: 1 });
  const last = await store.readAt(head);
  await store.close();
  const seconds = +((performance.now() - started) / 1000).toFixed(1);
  const manifest = {
    generatorVersion: GENERATOR_VERSION,
    seed: SEED,
    requestedEvents: events,
    events: ledger.events,
    commands: ledger.commands,
    institutions,
    units: 2 + institutions * 40,
    headPosition: head,
    firstRecordedAt: first.recordedAt,
    lastRecordedAt: last.recordedAt,
    seconds,
    eventsPerSecond: Math.round(ledger.events / seconds),
  };
  fs.writeFileSync(path.join(building, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(building, dir);
  log(`generate: ${manifest.events} events (${manifest.commands} commands) in ${seconds} s = ${manifest.eventsPerSecond} events/s → ${path.relative(process.cwd(), dir)}`);
  return { dir, manifest };
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--events') options.events = Number(argv[++i]);
    else if (argv[i] === '--force') options.force = true;
    else throw new Error(`unknown argument ${argv[i]} (usage: generate.js [--events N] [--force])`);
  }
  if (options.events !== undefined && !(Number.isInteger(options.events) && options.events > 0)) throw new Error('--events takes a positive whole number');
  return options;
}

module.exports = { generate, GENERATOR_VERSION, FULL_EVENTS };

if (require.main === module) {
  generate(parseArgs(process.argv.slice(2))).then(
    ({ manifest }) => console.log(JSON.stringify({ name: 'generate.province', value: manifest.seconds, unit: 's', events: manifest.events, eventsPerSecond: manifest.eventsPerSecond })),
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
