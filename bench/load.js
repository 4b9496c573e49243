// The load generator, run as its own process so it does not share the server's event loop.
// argv: <json options> — { url, connections, seconds, token, ids?: string[], body?: object }
const autocannon = require('autocannon');

const { url, connections, seconds, token, ids, body } = JSON.parse(process.argv[2]);
let i = 0;
autocannon(
  {
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    requests: [
      {
        setupRequest: (request) => {
          const n = i++;
          const path = ids ? request.path.replace(/\{id\}|%7Bid%7D/i, ids[n % ids.length]) : request.path;
          return { ...request, path, body: JSON.stringify(body ?? { title: `revision ${n}` }) };
        },
      },
    ],
  },
  (error, result) => {
    if (error) throw error;
    process.stdout.write(JSON.stringify({ rps: result.requests.average, non2xx: result.non2xx, errors: result.errors, p99: result.latency.p99, statusCodes: result.statusCodeStats }));
  },
);
