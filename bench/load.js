// The load generator, run as its own process so it does not share the server's event loop.
// argv: <json options> or @<file holding them> — { url, connections, seconds, token, ids?: string[], body?: object, paths?: string[] }
// With `paths`: GETs cycling through them (reads); otherwise POSTs of `body` to `url`, `{id}` cycling through `ids`.
const fs = require('node:fs');
const autocannon = require('autocannon');

const arg = process.argv[2];
const { url, connections, seconds, token, ids, body, paths } = JSON.parse(arg.startsWith('@') ? fs.readFileSync(arg.slice(1), 'utf8') : arg);
const auth = token ? { authorization: `Bearer ${token}` } : {};
let i = 0;
const post = {
  method: 'POST',
  headers: { 'content-type': 'application/json', ...auth },
  setupRequest: (request) => {
    const n = i++;
    const path = ids ? request.path.replace(/\{id\}|%7Bid%7D/i, ids[n % ids.length]) : request.path;
    return { ...request, path, body: JSON.stringify(body ?? { title: `revision ${n}` }) };
  },
};
const get = {
  method: 'GET',
  headers: auth,
  setupRequest: (request) => ({ ...request, path: paths[i++ % paths.length] }),
};
const { method, headers, setupRequest } = paths ? get : post;
autocannon({ url, connections, duration: seconds, method, headers, requests: [{ setupRequest }] }, (error, result) => {
  if (error) throw error;
  process.stdout.write(
    JSON.stringify({ rps: result.requests.average, non2xx: result.non2xx, errors: result.errors, p99: result.latency.p99, p50: result.latency.p50, statusCodes: result.statusCodeStats }),
  );
});
