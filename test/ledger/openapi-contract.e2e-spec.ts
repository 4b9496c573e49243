import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The OpenAPI document at /docs-json is what integrators generate clients from: it must say what API.md says and what
 * the server does. Each case sends requests the server refuses (400) or accepts, and checks that the documented schema
 * draws the same line — and that the server's answers match the schemas documented for them.
 */
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Record<string, unknown>;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema: Record<string, unknown> }> }>;
  security?: unknown[];
  'x-roles'?: string[];
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

const UNIT = { name: 'Root', kind: 'party-committee', effectiveFrom: '2019-01-01' };
const DUTY = { kind: 'primary', holder: { unitId: 'root' }, area: 'integrity', title: 'Integrity', items: ['one'], scopeUnitIds: [], year: 2019, effectiveFrom: '2019-01-01' };
const FINDING = { source: 'audit', raisedByUnitId: 'root', subjectUnitId: 'root', area: 'integrity', tags: [], severity: 'low', description: 'd', occurredOn: '2019-03-01', dutyIds: [] };

describe('the OpenAPI document, against API.md and what the server accepts and answers', () => {
  let t: TestApp;
  let doc: Document;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction>();

  /** The documented schema of a path's operation part: its request body, a response, or a parameter. */
  const validator = (key: string, schema: Record<string, unknown>): ValidateFunction => {
    if (!validators.has(key)) validators.set(key, ajv.compile({ ...schema, components: doc.components }));
    return validators.get(key)!;
  };
  const bodySchema = (path: string) => doc.paths[path].post.requestBody!.content['application/json'].schema;
  const acceptsBody = (path: string, body: unknown) => validator(`body ${path}`, bodySchema(path))(body);
  const acceptsResponse = (path: string, method: string, status: number, body: unknown) => {
    const content = doc.paths[path][method].responses[String(status)]?.content;
    const schema = content?.['application/json']?.schema ?? content?.['application/problem+json']?.schema;
    if (!schema) return false;
    const validate = validator(`response ${method} ${path} ${status}`, schema);
    return validate(body) || validate.errors;
  };
  /** A query or path value is text; the document types it: a plain decimal is the number it spells. */
  const acceptsParameter = (path: string, method: string, name: string, text: string) => {
    const parameter = doc.paths[path][method].parameters?.find((p) => p.name === name);
    if (!parameter?.schema) return `no schema for ${name}`;
    const numeric = ['integer', 'number'].includes(parameter.schema.type as string) && /^-?\d+(\.\d+)?$/.test(text);
    return validator(`parameter ${method} ${path} ${name}`, parameter.schema)(numeric ? Number(text) : text);
  };

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get<Document>('/docs-json', { role: null })).body;
    for (const [path, body] of [
      ['/v1/units', { unitId: 'root', ...UNIT }],
      ['/v1/people', { personId: 'p1', name: 'P1' }],
      ['/v1/duties', { dutyId: 'd1', ...DUTY }],
    ] as const)
      expect((await t.http.post(path, body)).status).toBe(201);
  });
  afterAll(() => t.close());

  describe('request bodies', () => {
    it('when a body carries a property its schema does not list, then the server answers 400 and every schema a request body reaches is closed (additionalProperties: false)', async () => {
      expect((await t.http.post('/v1/units', { ...UNIT, unitId: 'u-extra', extra: 1 })).status).toBe(400);
      expect((await t.http.post('/v1/duties', { ...DUTY, dutyId: 'd-extra', holder: { unitId: 'root', extra: 1 } })).status).toBe(400);
      expect(acceptsBody('/v1/units', { ...UNIT, extra: 1 })).toBe(false);
      expect(acceptsBody('/v1/duties', { ...DUTY, holder: { unitId: 'root', extra: 1 } })).toBe(false);
      const open: string[] = [];
      const visit = (schema: Record<string, any>, name: string, seen: Set<string>): void => {
        if (schema.$ref) {
          const ref = String(schema.$ref).split('/').pop()!;
          if (!seen.has(ref)) visit(doc.components.schemas[ref], ref, seen.add(ref));
          return;
        }
        if (schema.properties && schema.additionalProperties !== false) open.push(name);
        for (const [key, property] of Object.entries(schema.properties ?? {})) visit(property as Record<string, any>, `${name}.${key}`, seen);
        if (schema.items) visit(schema.items, `${name}[]`, seen);
      };
      for (const [path, item] of Object.entries(doc.paths)) if (item.post?.requestBody) visit(bodySchema(path), path, new Set());
      expect(open).toEqual([]);
    });

    it('when a finding outside area "other" is raised without areaNote (API.md: areaNote?), then the server answers 201 and the document does not require it', async () => {
      const body = { ...FINDING, findingId: 'f-no-note' };
      expect(acceptsBody('/v1/findings', body)).toBe(true);
      expect((await t.http.post('/v1/findings', body)).status).toBe(201);
    });

    it.each([
      ['a fractional year', '/v1/duties', { ...DUTY, dutyId: 'd-frac', year: 2019.5 }],
      ['a fractional form', '/v1/accountability', { findingIds: ['f-no-note'], subjectPersonId: 'p1', role: 'direct', form: 1.5, measure: 'talk-reminder', decidedByUnitId: 'root', decidedOn: '2019-05-01', rationale: 'r', dutyIds: [] }],
      ['a malformed parentUnitId', '/v1/units', { ...UNIT, unitId: 'u-bad-parent', parentUnitId: 'bad id' }],
      ['a malformed personId', '/v1/people', { personId: 'bad id', name: 'P' }],
      ['a malformed holder.unitId', '/v1/duties', { ...DUTY, dutyId: 'd-bad-holder', holder: { unitId: 'bad id' } }],
      ['a malformed id in a list', '/v1/findings', { ...FINDING, dutyIds: ['bad id'] }],
      ['an empty name', '/v1/people', { name: '' }],
      ['an empty description', '/v1/findings', { ...FINDING, description: '' }],
      ['an item over 10,000 characters', '/v1/duties', { ...DUTY, dutyId: 'd-long-item', items: ['x'.repeat(10_001)] }],
      ['over 1,000 entries', '/v1/duties', { ...DUTY, dutyId: 'd-many-items', items: Array.from({ length: 1001 }, () => 'x') }],
      ['a tag outside the closed list', '/v1/findings', { ...FINDING, tags: ['unknown-tag'] }],
      ['a date the calendar lacks', '/v1/units', { ...UNIT, unitId: 'u-feb-30', effectiveFrom: '2019-02-30' }],
    ])('when a command body has %s, then the server answers 400 and the documented schema refuses it too', async (_, path, body) => {
      const reply = await t.http.post(path, body);
      expect({ status: reply.status, body: reply.body }).toMatchObject({ status: 400 });
      expect(acceptsResponse(path, 'post', 400, reply.body)).toBe(true);
      expect(acceptsBody(path, body)).toBe(false);
    });

    it('when a command succeeds, then its answer matches the documented 201 schema, with integer revision and position', async () => {
      const reply = await t.http.post('/v1/units', { ...UNIT, unitId: 'u-ok', name: 'U', kind: 'branch', parentUnitId: 'root' });
      expect(reply.status).toBe(201);
      expect(acceptsResponse('/v1/units', 'post', 201, reply.body)).toBe(true);
      expect(acceptsResponse('/v1/units', 'post', 201, { ...reply.body, revision: 0.5 })).not.toBe(true);
    });
  });

  describe('command headers', () => {
    it('when a command targets an existing id, then If-Match is documented (a malformed one is a 400, a stale one a 409) and its ETag answer header too; creates document no If-Match', async () => {
      const rename = (ifMatch: string) => t.http.post('/v1/units/root/rename', { name: 'Renamed', effectiveFrom: '2019-02-01' }, { headers: { 'if-match': ifMatch } });
      expect((await rename('0')).status).toBe(400);
      expect((await rename('"7"')).status).toBe(409);
      const done = await rename('"0"');
      expect(done.status).toBe(201);
      expect(done.headers.get('etag')).toBe('"1"');
      for (const [path, item] of Object.entries(doc.paths)) {
        if (!path.startsWith('/v1/') || path.startsWith('/v1/admin/') || !item.post) continue;
        const ifMatch = item.post.parameters?.find((p) => p.in === 'header' && p.name === 'If-Match');
        expect({ path, ifMatch: ifMatch !== undefined }).toEqual({ path, ifMatch: path.includes('{') });
        expect({ path, etag: Object.keys(item.post.responses['201'].headers ?? {}) }).toEqual({ path, etag: ['ETag'] });
        expect({ path, etag: Object.keys(item.post.responses['200'].headers ?? {}) }).toEqual({ path, etag: ['ETag'] });
      }
      expect(acceptsParameter('/v1/units/{unitId}/rename', 'post', 'If-Match', '0')).toBe(false);
      expect(acceptsParameter('/v1/units/{unitId}/rename', 'post', 'If-Match', '"7"')).toBe(true);
      expect(acceptsParameter('/v1/units/{unitId}/rename', 'post', 'If-Match', '*')).toBe(true);
    });
  });

  describe('read parameters', () => {
    it.each([
      ['/v1/units/{unitId}', '/v1/units/root', 'asOfPosition', 'abc'],
      ['/v1/units/{unitId}', '/v1/units/root', 'asOfPosition', '-1'],
      ['/v1/units/{unitId}', '/v1/units/root', 'asOf', '2019-01-01'],
      ['/v1/units/{unitId}', '/v1/units/root', 'at', '2019-02-30'],
      ['/v1/units/{unitId}', '/v1/units/root', 'consistentWith', '1.5'],
      ['/v1/duties', '/v1/duties', 'limit', '501'],
      ['/v1/duties', '/v1/duties', 'limit', '0'],
      ['/v1/duties', '/v1/duties', 'year', 'abc'],
      ['/v1/events', '/v1/events', 'limit', '1001'],
      ['/v1/events', '/v1/events', 'fromPosition', 'x'],
      ['/v1/findings', '/v1/findings', 'limit', '501'],
      ['/v1/audit-trail', '/v1/audit-trail?subjectId=root', 'from', 'yesterday'],
      ['/v1/audit-trail', '/v1/audit-trail?subjectId=root', 'limit', '1001'],
      ['/v1/duties/{dutyId}/loop', '/v1/duties/d1/loop', 'year', '19'],
    ])('when %s is read (%s) with %s=%s, then the server answers 400 and the documented parameter refuses the value', async (path, url, name, value) => {
      const reply = await t.http.get(`${url}${url.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}`);
      expect({ name, value, status: reply.status }).toEqual({ name, value, status: 400 });
      expect(acceptsParameter(path, 'get', name, value)).toBe(false);
    });

    it.each([
      ['/v1/units/{unitId}', '/v1/units/root', 'asOfPosition', '1'],
      ['/v1/units/{unitId}', '/v1/units/root', 'asOf', '2025-01-01T00:00+08:00'],
      ['/v1/units/{unitId}', '/v1/units/root', 'at', '2019-02-28'],
      ['/v1/units/{unitId}', '/v1/units/root', 'consistentWith', '1'],
      ['/v1/duties', '/v1/duties', 'limit', '500'],
      ['/v1/events', '/v1/events', 'limit', '1000'],
      ['/v1/duties/{dutyId}/loop', '/v1/duties/d1/loop', 'year', '2019'],
    ])('when %s is read (%s) with %s=%s, then the server takes the value (no 400) and the documented parameter accepts it', async (path, url, name, value) => {
      const reply = await t.http.get(`${url}?${name}=${encodeURIComponent(value)}`);
      // An instant before the unit was recorded answers 404: the value itself was taken.
      expect({ name, value, status: reply.status }).toEqual({ name, value, status: name === 'asOf' ? 404 : 200 });
      expect(acceptsParameter(path, 'get', name, value)).toBe(true);
    });

    it.each([
      ['/v1/units/{unitId}/figures/{year}', '/v1/units/root/figures/2019.5', 'year', '2019.5'],
      ['/v1/units/{unitId}/compliance/{year}', '/v1/units/root/compliance/1899', 'year', '1899'],
      ['/v1/units/{unitId}', '/v1/units/bad%20id', 'unitId', 'bad id'],
      ['/v1/duties/{dutyId}', '/v1/duties/-d1', 'dutyId', '-d1'],
      ['/v1/duties/{dutyId}/close', '/v1/duties/bad%20id/close', 'dutyId', 'bad id'],
    ])('when %s is called as %s, with a malformed %s (%s), then the server answers 400 and the documented path parameter refuses it', async (path, url, name, value) => {
      const method = path.endsWith('/close') ? 'post' : 'get';
      const reply = method === 'post' ? await t.http.post(url, { effectiveFrom: '2019-05-01', reason: 'r' }) : await t.http.get(url);
      expect(reply.status).toBe(400);
      expect(acceptsParameter(path, method, name, value)).toBe(false);
      expect(acceptsParameter(path, method, name, name === 'year' ? '2019' : 'd1')).toBe(true);
    });
  });

  describe('read answers and roles', () => {
    beforeAll(async () => {
      for (const [path, body, role] of [
        ['/v1/units', { unitId: 'dc', name: 'DC', kind: 'discipline-committee', parentUnitId: 'root', effectiveFrom: '2019-01-01' }, 'admin'],
        ['/v1/people/p1/appoint', { unitId: 'root', post: 'secretary', effectiveFrom: '2019-01-01' }, 'admin'],
        ['/v1/findings', { ...FINDING, findingId: 'f-read', subjectPersonId: 'p1', dutyIds: ['d1'] }, 'admin'],
        ['/v1/accountability', { caseId: 'c1', findingIds: ['f-read'], subjectPersonId: 'p1', role: 'direct', form: 1, measure: 'talk-reminder', decidedByUnitId: 'dc', decidedOn: '2019-05-01', rationale: 'r', dutyIds: [] }, 'discipline'],
      ] as const)
        expect({ path, status: (await t.http.post(path, body, { role })).status }).toEqual({ path, status: 201 });
    });

    it.each([
      ['/v1/units/{unitId}', '/v1/units/root', true],
      ['/v1/units/{unitId}/chain', '/v1/units/root/chain?at=2019-06-01', false],
      ['/v1/units/{unitId}/compliance/{year}', '/v1/units/root/compliance/2019', false],
      ['/v1/units/{unitId}/figures/{year}', '/v1/units/root/figures/2019', false],
      ['/v1/people/{personId}', '/v1/people/p1', true],
      ['/v1/duties', '/v1/duties?limit=1', false],
      ['/v1/duties/{dutyId}', '/v1/duties/d1', true],
      ['/v1/duties/{dutyId}/loop', '/v1/duties/d1/loop', false],
      ['/v1/findings', '/v1/findings', false],
      ['/v1/findings/{findingId}', '/v1/findings/f-read', true],
      ['/v1/findings/{findingId}/accountability-trail', '/v1/findings/f-read/accountability-trail', false],
      ['/v1/audit-trail', '/v1/audit-trail?subjectId=p1&limit=2', false],
      ['/v1/events', '/v1/events?limit=2', false],
      ['/v1/streams/{streamId}', '/v1/streams/unit-root', false],
    ])('when %s is read (%s), then the answer matches the documented 200 schema, with meta, and the ETag header is documented exactly when it is sent', async (path, url, etag) => {
      const reply = await t.http.get(url, { role: 'inspector' });
      expect(reply.status).toBe(200);
      expect(acceptsResponse(path, 'get', 200, reply.body)).toBe(true);
      expect(acceptsResponse(path, 'get', 200, { ...reply.body, meta: undefined })).not.toBe(true);
      expect(reply.headers.has('etag')).toBe(etag);
      expect(Object.keys(doc.paths[path].get.responses['200'].headers ?? {})).toEqual(etag ? ['ETag'] : []);
    });

    it('when the accountability trail is read by the discipline role, then its revealed rationale matches the documented decision too, and a decision or a rating count of another shape does not', async () => {
      const trailPath = '/v1/findings/{findingId}/accountability-trail';
      const trail = await t.http.get('/v1/findings/f-read/accountability-trail', { role: 'discipline' });
      expect(trail.body.decisions[0].rationale).toMatchObject({ value: 'r' });
      expect(acceptsResponse(trailPath, 'get', 200, trail.body)).toBe(true);
      for (const decision of [{ rationale: 'r' }, { form: 5 }, { measure: 'fine' }, { revoked: { revokedOn: '2019-06-01' } }])
        expect(acceptsResponse(trailPath, 'get', 200, { ...trail.body, decisions: [{ ...trail.body.decisions[0], ...decision }] })).not.toBe(true);

      const figures = await t.http.get('/v1/units/root/figures/2019', { role: 'inspector' });
      const { excellent: _left, ...byRating } = figures.body.assessments.byRating;
      expect(acceptsResponse('/v1/units/{unitId}/figures/{year}', 'get', 200, { ...figures.body, assessments: { byRating } })).not.toBe(true);
    });

    it('when /metrics is looked up (API.md lists it), then the document has it: Prometheus text behind a token scheme of its own, not an API key', async () => {
      const metrics = doc.paths['/metrics'].get;
      expect(Object.keys(metrics.responses['200'].content ?? {})).toEqual(['text/plain']);
      expect(metrics.security).toEqual([{ metricsToken: [] }]);
      expect((doc.components as { securitySchemes?: Record<string, unknown> }).securitySchemes?.metricsToken).toMatchObject({ type: 'http', scheme: 'bearer' });
      const reply = await t.http.get('/metrics', { role: null });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toMatch(/^text\/plain/);
    });

    it('when a route is not for every role, then the document names the roles that may call it, as the server answers 403 to the others', async () => {
      const accountability = doc.paths['/v1/accountability'].post;
      const rebuild = doc.paths['/v1/admin/projections/rebuild'].post;
      expect(accountability['x-roles']).toEqual(['discipline', 'admin']);
      expect(rebuild['x-roles']).toEqual(['admin']);
      expect(doc.paths['/v1/units'].post['x-roles']).toEqual(['integrator', 'admin']);
      expect(doc.paths['/v1/units/{unitId}'].get['x-roles']).toEqual(['integrator', 'inspector', 'discipline', 'admin']);
      expect((await t.http.post('/v1/accountability/c1/revoke', { revokedOn: '2019-06-01', reason: 'r' }, { role: 'integrator' })).status).toBe(403);
      expect((await t.http.post('/v1/admin/projections/rebuild', undefined, { role: 'discipline' })).status).toBe(403);
      expect((await t.http.post('/v1/units', { ...UNIT, unitId: 'u-inspector' }, { role: 'inspector' })).status).toBe(403);
      expect(doc.paths['/health'].get.security).toBeUndefined();
    });
  });
});
