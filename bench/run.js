// npm run bench: every figure with the limit measured beside it, one JSON line each. Never part of npm test.
const suites = [require('./append'), require('./http-command'), require('./read-store'), require('./peer-emmett')];

(async () => {
  for (const suite of suites) for (const figure of await suite.run()) console.log(JSON.stringify(figure));
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
