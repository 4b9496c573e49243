// npm run bench: every figure with the limit measured beside it, one JSON line each. Never part of npm test.
// projection-rebuild and http-chain run on the ~1M-event province of bench/generate.js (generated once, then cached).
const suites = [
  require('./append'),
  require('./http-command'),
  require('./writer-thread'),
  require('./read-store'),
  require('./peer-emmett'),
  require('./projection-rebuild'),
  require('./http-chain'),
];

(async () => {
  for (const suite of suites) for (const figure of await suite.run()) console.log(JSON.stringify(figure));
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
