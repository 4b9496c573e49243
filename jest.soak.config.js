// The soak (test/soak): minutes of mixed load against the built server. Not part of `npm test`; run by `npm run test:soak`.
const { projects } = require('./jest.config.js');

const e2e = projects.find((project) => project.displayName === 'e2e');
// The spec sets its own timeout from SOAK_SECONDS (+15 min for set-up, re-checks and the fresh rebuild); this covers the hooks.
const seconds = Number(process.env.SOAK_SECONDS ?? 600);

module.exports = { ...e2e, displayName: 'soak', testMatch: ['<rootDir>/test/soak/**/*.soak-spec.ts'], testTimeout: (seconds + 900) * 1000 };
