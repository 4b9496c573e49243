import { request as httpRequest } from 'node:http';
import type { Reply } from '../support/http';
import { TEST_KEYS } from '../support/http';
import { refused as refusedBy } from '../support/refused';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The edges of API.md's command and routing contract that Fastify's defaults miss: ids of every valid length in the
 * path, the router's own refusals as problem+json, `constructor` keys, `If-Match` on creates, and 413 before 415.
 */
describe('contract edges over HTTP', () => {
  let t: TestApp;
  const longId = 'a'.repeat(128);
  const unit = (over: Record<string, unknown> = {}) => ({ name: 'Committee', kind: 'party-committee', effectiveFrom: '2019-01-01', ...over });
  const duty = (over: Record<string, unknown> = {}) => ({
    kind: 'primary',
    holder: { unitId: 'c' },
    area: 'integrity',
    title: 'primary responsibility',
    items: ['lead'],
    scopeUnitIds: [],
    year: 2020,
    effectiveFrom: '2020-01-01',
    ...over,
  });

  beforeAll(async () => {
    t = await startTestApp();
    expect((await t.http.post('/v1/units', unit({ unitId: 'c' }))).status).toBe(201);
  });
  afterAll(() => t.close());

  const refused = (status: number, send: () => Promise<Reply>) => refusedBy(t.http, status, send);
  const json = (raw: string, headers: Record<string, string> = {}) => t.http.request('POST', '/v1/units', { headers: { 'content-type': 'application/json', ...headers }, raw });

  /** Every answer, the router's own refusals included, is problem+json with the security headers and the request id. */
  const expectProblem = (reply: Reply, status: number) => {
    expect({ status: reply.status, body: reply.body }).toMatchObject({ status, body: { type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) } });
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('x-frame-options')).toBeTruthy();
    expect(reply.headers.get('x-request-id')).toBe(reply.body.requestId);
  };

  /** A raw request, so that the body can be chunked (no Content-Length) or sent without a Content-Type. */
  const send = (path: string, headers: Record<string, string>, chunks: Buffer[]) =>
    new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${t.http.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${TEST_KEYS.admin}`, ...headers } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      // The server may answer (and close) before the whole body is sent.
      request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
      for (const chunk of chunks) request.write(chunk);
      request.end();
    });

  describe('ids in the path', () => {
    it('when an id has 128 characters, then it can be read, commanded and its streams read', async () => {
      expect((await t.http.post('/v1/units', unit({ unitId: longId, name: 'Long' }))).status).toBe(201);
      expect((await t.http.post('/v1/people', { personId: longId, name: 'P' })).status).toBe(201);
      expect((await t.http.get(`/v1/units/${longId}`)).status).toBe(200);
      expect((await t.http.post(`/v1/units/${longId}/rename`, { name: 'Longer', effectiveFrom: '2019-02-01' })).status).toBe(201);
      expect((await t.http.post(`/v1/people/${longId}/appoint`, { unitId: longId, post: 'discipline-secretary', effectiveFrom: '2019-03-01' })).status).toBe(201);
      for (const streamId of [`unit-${longId}`, `person-${longId}`, `post-${longId}-discipline-secretary`]) {
        expect({ streamId, status: (await t.http.get(`/v1/streams/${streamId}`)).status }).toEqual({ streamId, status: 200 });
      }
    });

    it('when a stream id has 256 characters, then it is looked up; at 257, then 414 as problem+json', async () => {
      expectProblem(await t.http.get(`/v1/streams/${'s'.repeat(256)}`), 404);
      expectProblem(await t.http.get(`/v1/streams/${'s'.repeat(257)}`), 414);
    });

    it('when a percent-escape in the path is malformed, then 400 as problem+json with the security headers', async () => {
      expectProblem(await t.http.get('/v1/units/%E0%A4%A'), 400);
      expectProblem(await t.http.post('/v1/units/%E0%A4%A/rename', { name: 'x', effectiveFrom: '2020-01-01' }), 400);
    });

    it('when no key is sent, then the router refusals answer 401 first', async () => {
      for (const path of ['/v1/units/%E0%A4%A', `/v1/streams/${'s'.repeat(300)}`]) {
        const reply = await t.http.get(path, { role: null });
        expectProblem(reply, 401);
        expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
      expectProblem(await t.http.get('/v1/units/%E0%A4%A', { role: 'inspector' }), 400);
    });
  });

  describe('constructor keys', () => {
    it.each([
      ['a string', '"x"'],
      ['an object', '{}'],
      ['null', 'null'],
    ])('when a body carries constructor as %s, then 400 naming it, and nothing is written', async (_, value) => {
      const body = await refused(400, () => json(`{"name":"U","kind":"branch","parentUnitId":"c","effectiveFrom":"2020-01-01","constructor":${value}}`));
      expect(body.detail).toMatch(/constructor/);
    });

    it('when a nested object carries constructor, then 400 naming its path', async () => {
      const raw = JSON.stringify(duty()).replace('"holder":{"unitId":"c"}', '"holder":{"unitId":"c","constructor":"x"}');
      const body = await refused(400, () => t.http.request('POST', '/v1/duties', { headers: { 'content-type': 'application/json' }, raw }));
      expect(body.detail).toMatch(/holder\.constructor/);
    });

    it('when the key is spelt with a JSON escape, then it is refused all the same', () =>
      refused(400, () => json('{"name":"U","kind":"branch","parentUnitId":"c","effectiveFrom":"2020-01-01","\\u0063onstructor":"x"}')));

    it('when a body carries __proto__, at the top, nested or spelt with an escape, then 400 naming its path', async () => {
      const fields = '"name":"U","kind":"branch","effectiveFrom":"2020-01-01"';
      for (const [raw, path] of [
        [`{${fields},"parentUnitId":"c","__proto__":{"admin":true}}`, '__proto__'],
        [`{${fields},"parentUnitId":"c","x":[{"__proto__":null}]}`, 'x.0.__proto__'],
        [`{${fields},"parentUnitId":"c","\\u005f_proto__":{}}`, '__proto__'],
      ]) {
        const body = await refused(400, () => json(raw));
        expect(body.detail).toContain(`at ${path})`);
        expect(body.errors).toEqual([expect.objectContaining({ path })]);
      }
    });

    // class-transformer skips a key that names a function on the DTO (every object's toString, valueOf, …): unrefused,
    // such a key would vanish from the command instead of being an unknown property.
    it('when a body carries a key named like a member of every object, or prototype, then 400 naming it, and nothing is written', async () => {
      for (const key of [...Object.getOwnPropertyNames(Object.prototype), 'prototype']) {
        const body = await refused(400, () => t.http.post('/v1/people', { name: 'x', [key]: 1 }));
        expect({ key, errors: body.errors }).toEqual({ key, errors: [expect.objectContaining({ path: key })] });
      }
    });

    it('when a nested object or an array entry carries toString, then 400 naming its path', async () => {
      for (const [raw, path] of [
        [JSON.stringify(duty({ holder: { unitId: 'c', toString: 'x' } })), 'holder.toString'],
        [JSON.stringify(duty({ items: [{ valueOf: 1 }] })), 'items.0.valueOf'],
      ]) {
        const body = await refused(400, () => t.http.request('POST', '/v1/duties', { headers: { 'content-type': 'application/json' }, raw }));
        expect(body.errors).toEqual([expect.objectContaining({ path })]);
      }
    });
  });

  describe('If-Match', () => {
    it('when If-Match is malformed, then a create ignores it, and a command on an existing id answers 400', async () => {
      const created = await t.http.post('/v1/units', unit({ unitId: 'if-match', name: 'M', kind: 'branch', parentUnitId: 'c' }), { headers: { 'if-match': 'garbage' } });
      expect(created.status).toBe(201);
      const body = await refused(400, () => t.http.post('/v1/units/if-match/rename', { name: 'M2', effectiveFrom: '2020-01-01' }, { headers: { 'if-match': 'garbage' } }));
      expect(body.detail).toMatch(/If-Match/);
    });
  });

  describe('413 before 415', () => {
    const big = Buffer.alloc(300 * 1024, 'x');

    it('when a body is not JSON, then 413 if it is over 256 KiB (declared, chunked, without or with a malformed content type), else 415', async () => {
      expect(await send('/v1/people', { 'content-type': 'text/plain', 'content-length': String(big.length) }, [big])).toBe(413);
      expect(await send('/v1/people', { 'content-type': 'text/plain' }, [big.subarray(0, 100 * 1024), big.subarray(100 * 1024)])).toBe(413);
      expect(await send('/v1/people', { 'content-length': String(big.length) }, [big])).toBe(413);
      expect(await send('/v1/people', { 'content-type': 'nonsense', 'content-length': String(big.length) }, [big])).toBe(413);
      // Over fetch: problem+json, and nothing written.
      await refused(413, () => t.http.request('POST', '/v1/people', { headers: { 'content-type': 'text/plain' }, raw: big.toString() }));
      // Small bodies keep their 415, with a declared length or chunked, with a media type or none.
      await refused(415, () => t.http.request('POST', '/v1/people', { headers: { 'content-type': 'text/plain' }, raw: '{"name":"x"}' }));
      expect(await send('/v1/people', { 'content-length': '12' }, [Buffer.from('{"name":"x"}')])).toBe(415);
      expect(await send('/v1/people', { 'content-type': 'text/plain' }, [Buffer.from('{"name":'), Buffer.from('"x"}')])).toBe(415);
    });
  });
});
