import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/platform/config/load-config';
import { apiKeysEnv, Http, TEST_KEYS, type Role } from '../support/http';

/**
 * The role × route matrix of API.md, over every /v1 route the router registers: no key and a wrong key → 401; a role
 * that may not → 403; a role that may → anything but 401/403. A route registered without an entry here fails the test.
 */
const ROUTES = [
  'POST /v1/units',
  'POST /v1/units/:unitId/rename',
  'POST /v1/units/:unitId/move',
  'POST /v1/units/:unitId/dissolve',
  'GET /v1/units/:unitId',
  'GET /v1/units/:unitId/chain',
  'GET /v1/units/:unitId/figures/:year',
  'GET /v1/units/:unitId/compliance/:year',
  'POST /v1/people',
  'POST /v1/people/:personId/appoint',
  'POST /v1/people/:personId/relieve',
  'GET /v1/people/:personId',
  'POST /v1/duties',
  'POST /v1/duties/:dutyId/reassign',
  'POST /v1/duties/:dutyId/revise',
  'POST /v1/duties/:dutyId/close',
  'POST /v1/duties/:dutyId/acknowledge',
  'GET /v1/duties',
  'GET /v1/duties/:dutyId',
  'GET /v1/duties/:dutyId/loop',
  'POST /v1/meetings',
  'POST /v1/reports',
  'POST /v1/findings',
  'POST /v1/findings/:findingId/plan',
  'POST /v1/findings/:findingId/complete',
  'POST /v1/findings/:findingId/follow-up',
  'POST /v1/findings/:findingId/close',
  'GET /v1/findings',
  'GET /v1/findings/:findingId',
  'GET /v1/findings/:findingId/accountability-trail',
  'GET /v1/audit-trail',
  'POST /v1/accountability',
  'POST /v1/accountability/:caseId/revoke',
  'POST /v1/assessments',
  'GET /v1/events',
  'GET /v1/integrity',
  'POST /v1/admin/projections/rebuild',
  'GET /v1/admin/projections/rebuild',
  'GET /v1/integrity/tree-head',
  'GET /v1/integrity/tree-heads',
  'GET /v1/integrity/inclusion',
  'GET /v1/integrity/consistency',
  'GET /v1/streams/:streamId',
];

const ALL: Role[] = ['integrator', 'inspector', 'discipline', 'admin'];

/** API.md "Auth and roles", as rules: reads for all; accountability for discipline and admin; admin routes for admin; other commands for integrator and admin. */
function allowed(route: string): Role[] {
  const [method, path] = route.split(' ');
  if (path.startsWith('/v1/admin')) return ['admin'];
  if (method === 'GET') return ALL;
  if (path.startsWith('/v1/accountability')) return ['discipline', 'admin'];
  return ['integrator', 'admin'];
}

describe('role × route matrix', () => {
  let app: NestFastifyApplication;
  let http: Http;
  const registered: string[] = [];

  beforeAll(async () => {
    const config = loadConfig({ API_KEYS: apiKeysEnv(), DATA_DIR: mkdtempSync(join(tmpdir(), 'dl-matrix-')), LOG_LEVEL: 'silent', RATE_LIMIT: '0', PROJECTIONS: 'inline' });
    app = await createApp(config, { logger: false });
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRoute', (route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        for (const method of methods) if (route.url.startsWith('/v1') && method !== 'HEAD') registered.push(`${method} ${route.url}`);
      });
    await app.listen(0, '127.0.0.1');
    http = new Http(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`);
  });
  afterAll(() => app.close());

  it('when the router is asked for its /v1 routes, then every one has an entry in the matrix and every entry is a route', () => {
    expect([...new Set(registered)].sort()).toEqual([...ROUTES].sort());
  });

  const send = (route: string, headers: Record<string, string>) => {
    const [method, path] = route.split(' ');
    const url = path.replace(/:\w+/g, 'none');
    return method === 'GET' ? http.get(url, { role: null, headers }) : http.request(method, url, { role: null, headers: { ...headers, 'content-type': 'application/json' }, raw: '{}' });
  };

  it.each(ROUTES)('%s: no key and a wrong key are 401', async (route) => {
    expect((await send(route, {})).status).toBe(401);
    expect((await send(route, { authorization: 'Bearer not-a-key-at-all-000000' })).status).toBe(401);
  });

  it.each(ROUTES)('%s: each role is let through or refused as API.md says', async (route) => {
    for (const role of ALL) {
      const { status } = await send(route, { authorization: `Bearer ${TEST_KEYS[role]}` });
      if (allowed(route).includes(role)) expect({ role, refused: [401, 403].includes(status) }).toEqual({ role, refused: false });
      else expect({ role, status }).toEqual({ role, status: 403 });
    }
  });
});
