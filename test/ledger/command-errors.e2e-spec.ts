import type { Reply } from '../support/http';
import { refused as refusedBy } from '../support/refused';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';

/** Every error row of API.md that applies to units, people and duties; a refused command writes nothing. */
describe('command errors over HTTP', () => {
  let t: TestApp;
  const duty = (over: Record<string, unknown> = {}) => ({
    kind: 'first',
    holder: { unitId: 'c', post: 'secretary' },
    area: 'integrity',
    title: 'first responsibility',
    items: ['lead by example'],
    scopeUnitIds: [],
    year: 2020,
    effectiveFrom: '2020-01-01',
    ...over,
  });

  beforeAll(async () => {
    t = await startTestApp();
    for (const [path, body] of [
      ['/v1/units', { unitId: 'c', name: 'Committee', kind: 'party-committee', effectiveFrom: '2019-01-01' }],
      ['/v1/units', { unitId: 'old', name: 'Old branch', kind: 'branch', parentUnitId: 'c', effectiveFrom: '2019-01-01' }],
      ['/v1/units/old/dissolve', { effectiveFrom: '2019-06-01', reason: 'merged' }],
      ['/v1/people', { personId: 'p', name: 'P' }],
      ['/v1/duties', duty({ dutyId: 'd1', holder: { unitId: 'c' }, kind: 'primary' })],
    ] as const) expect((await t.http.post(path, body)).status).toBe(201);
  });
  afterAll(() => t.close());

  const refused = (status: number, send: () => Promise<Reply>) => refusedBy(t.http, status, send);
  const conflictRetries = async () => Number(/^command_conflict_retries_total (\d+)$/m.exec(String((await t.http.get('/metrics')).body))?.[1]);

  describe('401 and 403', () => {
    it('when no key is sent, then 401 with a Bearer challenge', async () => {
      const body = await refused(401, () => t.http.post('/v1/units', { name: 'x' }, { role: null }));
      expect(body.detail).toMatch(/key/);
    });
    it('when an unknown key is sent, then 401, before any check of the body', () =>
      refused(401, () => t.http.request('POST', '/v1/units', { role: null, headers: { authorization: 'Bearer nope', 'content-type': 'text/plain' }, raw: 'x' })));
    it('when an inspector posts a command, then 403', () => refused(403, () => t.http.post('/v1/people', { name: 'Q' }, { role: 'inspector' })));
  });

  describe('413, 415 and 400', () => {
    it('when the body is over 256 KiB, then 413', () => refused(413, () => t.http.post('/v1/people', { name: 'x'.repeat(300 * 1024) })));
    it('when the content type is not JSON, then 415', () =>
      refused(415, () => t.http.request('POST', '/v1/people', { headers: { 'content-type': 'text/plain' }, raw: '{"name":"x"}' })));
    it('when a command has neither a body nor a content type, then 415, after 401 and 403', async () => {
      for (const path of ['/v1/people', '/v1/duties/d1/revise']) {
        await refused(415, () => t.http.request('POST', path));
        await refused(401, () => t.http.request('POST', path, { role: null }));
        await refused(403, () => t.http.request('POST', path, { role: 'inspector' }));
      }
    });
    it('when an admin action (which takes no body) is posted with none, then it is not refused as a command', async () => {
      expect((await t.http.request('POST', '/v1/admin/projections/rebuild')).status).toBe(202);
      await until(async () => (await t.http.get('/v1/admin/projections/rebuild')).body.state === 'switched');
    });
    it('when the JSON is malformed, then 400', () => refused(400, () => t.http.request('POST', '/v1/people', { headers: { 'content-type': 'application/json' }, raw: '{"name":' })));
    it('when the body carries __proto__, then 400', () =>
      refused(400, () => t.http.request('POST', '/v1/people', { headers: { 'content-type': 'application/json' }, raw: '{"name":"x","__proto__":{"admin":true}}' })));
    it('when the body carries constructor, then 400', () =>
      refused(400, () => t.http.request('POST', '/v1/people', { headers: { 'content-type': 'application/json' }, raw: '{"name":"x","constructor":{"prototype":{}}}' })));
    it('when a property is unknown, then 400 naming it', async () => {
      const body = await refused(400, () => t.http.post('/v1/people', { name: 'x', admin: true }));
      expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'admin' })]));
    });
    it('when an optional property is sent as null, then 400 naming it (absent is not null)', async () => {
      for (const [path, body, name] of [
        ['/v1/units', { name: 'x', kind: 'branch', parentUnitId: null, effectiveFrom: '2020-01-01' }, 'parentUnitId'],
        ['/v1/people', { personId: null, name: 'x' }, 'personId'],
        ['/v1/duties', duty({ dutyId: null }), 'dutyId'],
        ['/v1/duties', duty({ parentDutyId: null }), 'parentDutyId'],
        ['/v1/duties', duty({ holder: { unitId: 'c', post: null } }), 'holder.post'],
        ['/v1/duties/d1/revise', { title: null }, 'title'],
      ] as const) {
        const problem = await refused(400, () => t.http.post(path, body));
        expect({ path, errors: problem.errors }).toEqual({ path, errors: expect.arrayContaining([expect.objectContaining({ path: name })]) });
      }
    });
    it('when a number comes as a string, then 400 (no implicit conversion)', async () => {
      const body = await refused(400, () => t.http.post('/v1/duties', duty({ year: '2020' })));
      expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'year' })]));
    });
    it('when a nested field is wrong, then 400 names its path', async () => {
      const body = await refused(400, () => t.http.post('/v1/duties', duty({ holder: { unitId: 'c', post: 'king' } })));
      expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'holder.post' })]));
    });
    it('when a date does not exist on the calendar, then 400', () =>
      refused(400, () => t.http.post('/v1/units', { name: 'x', kind: 'branch', parentUnitId: 'c', effectiveFrom: '2023-02-29' })));
    it('when an id breaks the pattern, then 400', () => refused(400, () => t.http.post('/v1/people', { personId: '-bad id', name: 'x' })));
    it('when a name is over 200 characters, then 400', () => refused(400, () => t.http.post('/v1/people', { name: 'x'.repeat(201) })));
    it('when a name is over 200 characters counted as OpenAPI counts them (code points: a variation selector is one), then 400; 200 emoji pass', async () => {
      await refused(400, () => t.http.post('/v1/people', { name: 'x\ufe0f'.repeat(101) }));
      await refused(400, () => t.http.post('/v1/duties', duty({ items: ['\u2764\ufe0f'.repeat(5_001)] })));
      expect((await t.http.post('/v1/people', { name: '\u{1f600}'.repeat(200) })).status).toBe(201);
    });
    it('when an array has over 1000 entries, then 400', () => refused(400, () => t.http.post('/v1/duties', duty({ items: Array.from({ length: 1001 }, () => 'i') }))));
    it('when nesting is deeper than 8 levels, then 400', () => {
      let deep: unknown = 'x';
      for (let i = 0; i < 9; i++) deep = { deep };
      return refused(400, () => t.http.post('/v1/people', { name: 'x', deep }));
    });
    it('when a dated-reason body (dissolve, close) carries an unknown property or no reason, then 400', async () => {
      await refused(400, () => t.http.post('/v1/units/c/dissolve', { effectiveFrom: '2020-01-01', reason: 'x', extra: 1 }));
      await refused(400, () => t.http.post('/v1/duties/d1/close', { effectiveFrom: '2020-01-01' }));
    });
    it('when a tag is not in the closed list, then 400', () => refused(400, () => t.http.post('/v1/duties', duty({ tags: ['gossip'] }))));
    it('when area is "other" without a note, then 400', () => refused(400, () => t.http.post('/v1/duties', duty({ area: 'other' }))));
    it('when If-Match is malformed or past 2^53 - 1 (it would name a neighbouring revision), then 400', async () => {
      await refused(400, () => t.http.post('/v1/duties/d1/revise', { title: 't' }, { headers: { 'if-match': '3' } }));
      await refused(400, () => t.http.post('/v1/duties/d1/revise', { title: 't' }, { headers: { 'if-match': '"9007199254740993"' } }));
    });
  });

  describe('404', () => {
    it('when the target does not exist, then 404', () => refused(404, () => t.http.post('/v1/units/ghost/rename', { name: 'x', effectiveFrom: '2020-01-01' })));
    it('when a referenced parent does not exist, then 404', () =>
      refused(404, () => t.http.post('/v1/units', { name: 'x', kind: 'branch', parentUnitId: 'ghost', effectiveFrom: '2020-01-01' })));
    it('when a referenced person does not exist, then 404', () =>
      refused(404, () => t.http.post('/v1/people/ghost/appoint', { unitId: 'c', post: 'member', effectiveFrom: '2020-01-01' })));
    it('when a referenced parent duty does not exist, then 404', () => refused(404, () => t.http.post('/v1/duties', duty({ parentDutyId: 'ghost' }))));
  });

  describe('409', () => {
    it('when a create names an id that exists, then 409', () => refused(409, () => t.http.post('/v1/people', { personId: 'p', name: 'again' })));
    it('when a create names an id that exists and a reference that does not, then 404 before 409 (API.md\'s order)', async () => {
      const unit = await refused(404, () => t.http.post('/v1/units', { unitId: 'c', name: 'again', kind: 'branch', parentUnitId: 'nope', effectiveFrom: '2020-01-01' }));
      expect(unit.type).toMatch(/parent-unit-not-found$/);
      const delegated = await refused(404, () => t.http.post('/v1/duties', duty({ dutyId: 'd1', kind: 'primary', holder: { unitId: 'c' }, parentDutyId: 'nope' })));
      expect(delegated.type).toMatch(/parent-duty-not-found$/);
      // Its references found, the taken id answers.
      await refused(409, () => t.http.post('/v1/units', { unitId: 'c', name: 'again', kind: 'branch', parentUnitId: 'c', effectiveFrom: '2020-01-01' }));
    });
    it('when If-Match names an old revision, then 409; the current one succeeds', async () => {
      await refused(409, () => t.http.post('/v1/duties/d1/revise', { title: 't' }, { headers: { 'if-match': '"7"' } }));
      const ok = await t.http.post('/v1/duties/d1/revise', { title: 't' }, { headers: { 'if-match': '"0"' } });
      expect(ok.status).toBe(201);
      expect(ok.headers.get('etag')).toBe('"1"');
    });
    it('when If-Match is * on a missing target, then 404; on an existing one, it proceeds', async () => {
      await refused(404, () => t.http.post('/v1/duties/ghost/revise', { title: 't' }, { headers: { 'if-match': '*' } }));
      expect((await t.http.post('/v1/duties/d1/revise', { items: ['a'] }, { headers: { 'if-match': '*' } })).status).toBe(201);
    });
  });

  describe('422', () => {
    it('when a first duty names a post other than secretary, then 422 naming the rule', async () => {
      const body = await refused(422, () => t.http.post('/v1/duties', duty({ holder: { unitId: 'c', post: 'member' } })));
      expect(body.type).toMatch(/first-needs-secretary-post$/);
    });
    it('when someone not in a post is relieved, then 422', () =>
      refused(422, () => t.http.post('/v1/people/p/relieve', { unitId: 'c', post: 'secretary', effectiveFrom: '2020-01-01' })));
    it('when a unit is registered under a dissolved parent, then 422', () =>
      refused(422, () => t.http.post('/v1/units', { name: 'x', kind: 'branch', parentUnitId: 'old', effectiveFrom: '2020-01-01' })));
    it('when a second secretary would overlap the first, then 422', async () => {
      expect((await t.http.post('/v1/people/p/appoint', { unitId: 'c', post: 'secretary', effectiveFrom: '2020-01-01' })).status).toBe(201);
      expect((await t.http.post('/v1/people', { personId: 'q', name: 'Q' })).status).toBe(201);
      await refused(422, () => t.http.post('/v1/people/q/appoint', { unitId: 'c', post: 'secretary', effectiveFrom: '2021-01-01' }));
    });
  });

  describe('idempotency', () => {
    it('when a command is repeated with its key, then 200 with the first answer and nothing written', async () => {
      const headers = { 'idempotency-key': 'register-r-once' };
      const first = await t.http.post('/v1/people', { personId: 'r', name: 'R' }, { headers });
      expect(first.status).toBe(201);
      const before = await t.http.eventCount();
      const again = await t.http.post('/v1/people', { name: 'R', personId: 'r' }, { headers });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await t.http.eventCount()).toBe(before);
    });
    it('when a command writes its idempotency key beside its event, then position is the last event written, the key\'s, and a repeat answers it again', async () => {
      const headers = { 'idempotency-key': 'register-k-last' };
      const first = await t.http.post('/v1/people', { personId: 'k', name: 'K' }, { headers });
      expect(first.status).toBe(201);
      const log = (await t.http.get(`/v1/events?fromPosition=${first.body.position - 1}&limit=10`)).body.events as { position: number; streamId: string }[];
      expect(log.map((e) => e.streamId)).toEqual(['person-k', expect.stringMatching(/^guard-idempotency-/)]);
      expect(first.body.position).toBe(log[1].position);
      const again = await t.http.post('/v1/people', { personId: 'k', name: 'K' }, { headers });
      expect([again.status, again.body.position]).toEqual([200, first.body.position]);
    });
    it('when a server-made id is repeated with its key, then the same id comes back', async () => {
      const headers = { 'idempotency-key': 'made-id' };
      const first = await t.http.post('/v1/people', { name: 'S' }, { headers });
      const again = await t.http.post('/v1/people', { name: 'S' }, { headers });
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body.id).toBe(first.body.id);
    });
    it('when a key is reused with another body, then 422 and nothing written', async () => {
      await t.http.post('/v1/people', { name: 'T' }, { headers: { 'idempotency-key': 'k-body' } });
      await refused(422, () => t.http.post('/v1/people', { name: 'U' }, { headers: { 'idempotency-key': 'k-body' } }));
    });
    it('when the same key races ten times, then exactly one event is written', async () => {
      const before = await t.http.eventCount();
      const replies = await Promise.all(Array.from({ length: 10 }, () => t.http.post('/v1/people', { name: 'V' }, { headers: { 'idempotency-key': 'race' } })));
      expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
      expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
      expect(await t.http.eventCount()).toBe(before + 2); // the event and its key's guard
    });
  });

  describe('concurrency', () => {
    it('when 40 commands race with one If-Match, then exactly one 201 and the rest 409', async () => {
      const { body } = await t.http.get('/v1/duties/d1');
      const replies = await Promise.all(
        Array.from({ length: 40 }, (_, i) => t.http.post('/v1/duties/d1/revise', { title: `t${i}` }, { headers: { 'if-match': `"${body.revision}"` } })),
      );
      expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
      expect(replies.filter((r) => r.status === 409)).toHaveLength(39);
    });
    it('when 20 creates race on one id, then exactly one 201', async () => {
      const replies = await Promise.all(Array.from({ length: 20 }, () => t.http.post('/v1/people', { personId: 'same', name: 'W' })));
      expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
      expect(replies.filter((r) => r.status === 409)).toHaveLength(19);
    });
    it('when 50 revisions without If-Match race on one duty, then each is written at a revision of its own, none retried', async () => {
      const { body } = await t.http.get('/v1/duties/d1');
      // Fifty connections opened first, so the revisions go out at once rather than one per connection set up.
      await Promise.all(Array.from({ length: 50 }, () => t.http.get('/v1/duties/d1')));
      const retriesBefore = await conflictRetries();
      const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => t.http.post('/v1/duties/d1/revise', { title: `hot ${i}` })));
      expect(replies.map((r) => r.status)).toEqual(Array(50).fill(201));
      const revisions = replies.map((r) => r.body.revision as number).sort((a, b) => a - b);
      expect(revisions).toEqual(Array.from({ length: 50 }, (_, i) => body.revision + 1 + i));
      // They took turns: none read a revision another had moved past before its append.
      expect((await conflictRetries()) - retriesBefore).toBe(0);
    });
  });

  describe('reads', () => {
    it('when asOf and asOfPosition are both given, then 400', async () => {
      expect((await t.http.get('/v1/units/c?asOf=2020-01-01T00:00:00Z&asOfPosition=1')).status).toBe(400);
    });
    it('when asOf is in the future or asOfPosition past the head, then 400', async () => {
      expect((await t.http.get('/v1/units/c?asOf=2999-01-01T00:00:00Z')).status).toBe(400);
      expect((await t.http.get('/v1/units/c?asOfPosition=999999')).status).toBe(400);
    });
    it('when an asOfPosition past the head or a future asOf comes with a consistentWith, then 400: the refusal does not wait for it', async () => {
      for (const query of ['consistentWith=999999&asOfPosition=999999', 'consistentWith=999999&asOf=2999-01-01T00:00:00Z', 'consistentWith=0&asOfPosition=999999']) {
        const reply = await t.http.get(`/v1/units/c?${query}`);
        expect({ query, status: reply.status, type: reply.headers.get('content-type') }).toEqual({ query, status: 400, type: expect.stringMatching(/^application\/problem\+json/) });
      }
      expect((await t.http.get('/v1/units/c?consistentWith=0&asOfPosition=999999')).body.detail).toMatch(/asOfPosition 999999 is past the head of the log/);
    });
    it(
      'when consistentWith or asOfPosition is in the log but not yet applied by the read models, then after waiting 503 with Retry-After',
      async () => {
        // PROJECTIONS=off and no projector: nothing applies what is written.
        const lagging = await startTestApp({ PROJECTIONS: 'off' });
        try {
          const { position } = (await lagging.http.post('/v1/people', { personId: 'late', name: 'Late' })).body;
          const replies = await Promise.all([`/v1/people/late?consistentWith=${position}`, `/v1/people/late?asOfPosition=${position}`, `/v1/events?consistentWith=${position}`].map((path) => lagging.http.get(path)));
          for (const reply of replies) {
            expect(reply.status).toBe(503);
            expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
            expect(reply.headers.get('retry-after')).toMatch(/^\d+$/);
          }
        } finally {
          await lagging.close();
        }
      },
      20_000,
    );
    it('when an instant names a day the calendar lacks or a time the clock lacks, then 400 (not the day or hour it would roll over to)', async () => {
      const impossible = ['2026-11-31T00:00:00Z', '2019-02-29T00:00:00Z', '2020-02-30T00:00:00Z', '2020-01-01T24:00:00Z', '2020-01-01T23:60:00Z', '2020-01-01T23:59:60Z', '2020-01-01T00:00:00+24:00', '2020-01-01T00:00:00+08:60'];
      for (const value of impossible)
        for (const path of [`/v1/units/c?asOf=${encodeURIComponent(value)}`, `/v1/audit-trail?subjectId=c&from=${encodeURIComponent(value)}`, `/v1/audit-trail?subjectId=c&to=${encodeURIComponent(value)}`]) {
          const reply = await t.http.get(path);
          expect({ path, status: reply.status, type: reply.headers.get('content-type') }).toEqual({ path, status: 400, type: expect.stringMatching(/^application\/problem\+json/) });
        }
      for (const value of ['2020-02-29T23:59:59.999999999Z', '2020-01-01T00:00+08:00'])
        expect((await t.http.get(`/v1/audit-trail?subjectId=c&from=${encodeURIComponent(value)}`)).status).toBe(200);
    });
    it('when a position is not a whole number up to 2^53 - 1, then 400 at once (not a wait for a position read as its neighbour)', async () => {
      for (const query of ['consistentWith=9007199254740993', 'asOfPosition=9007199254740993', 'consistentWith=-1', 'asOfPosition=1e3'])
        expect({ query, status: (await t.http.get(`/v1/units/c?${query}`)).status }).toEqual({ query, status: 400 });
    });
    it('when a year in the path is not four plain digits, then 400, as in a query (no conversion to a number first)', async () => {
      for (const route of ['compliance', 'figures']) {
        expect((await t.http.get(`/v1/units/c/${route}/2019`)).status).toBe(200);
        for (const year of ['0x7E3', '2.019e3', '%202019', '2019%20', '02019', '2019.0', '+2019', '1e3']) {
          const reply = await t.http.get(`/v1/units/c/${route}/${year}`);
          expect({ route, year, status: reply.status, type: reply.headers.get('content-type') }).toEqual({ route, year, status: 400, type: expect.stringMatching(/^application\/problem\+json/) });
        }
      }
    });
    it('when the duties list is filtered by a year no duty can have (0, 10000, 02019), then 400 as every year parameter, not an empty list', async () => {
      for (const year of ['0', '10000', '02019', '2019.0'])
        expect({ year, status: (await t.http.get(`/v1/duties?year=${year}`)).status }).toEqual({ year, status: 400 });
      expect((await t.http.get('/v1/duties?year=2019')).status).toBe(200);
    });
    it('when limit is over the maximum, then 400', async () => {
      expect((await t.http.get('/v1/duties?limit=501')).status).toBe(400);
      expect((await t.http.get('/v1/events?limit=1001')).status).toBe(400);
    });
    it('when a cursor is not one the list gave, then 400; the one it gave pages on', async () => {
      for (const path of ['/v1/duties', '/v1/findings', '/v1/audit-trail?subjectId=c'])
        for (const cursor of ['garbage', 'Ingi', encodeURIComponent(Buffer.from('-x').toString('base64url'))]) {
          const reply = await t.http.get(`${path}${path.includes('?') ? '&' : '?'}cursor=${cursor}`);
          expect({ path, cursor, status: reply.status, type: reply.headers.get('content-type') }).toEqual({ path, cursor, status: 400, type: expect.stringMatching(/^application\/problem\+json/) });
        }
      // A duty's cursor is no audit-trail position, and the trail's cursor is no duty id.
      const trail = await t.http.get('/v1/audit-trail?subjectId=c&limit=1');
      expect(trail.body.nextCursor).toEqual(expect.any(String));
      expect((await t.http.get(`/v1/audit-trail?subjectId=c&limit=1&cursor=${Buffer.from('d1').toString('base64url')}`)).status).toBe(400);
      const next = await t.http.get(`/v1/audit-trail?subjectId=c&limit=1&cursor=${trail.body.nextCursor}`);
      expect(next.status).toBe(200);
      expect(next.body.items[0].position).toBeGreaterThan(trail.body.items[0].position);
      // A key encoded by hand, or another list's cursor, is no cursor of this list.
      for (const cursor of [Buffer.from('d0').toString('base64url'), Buffer.from('zzzz-not-an-id').toString('base64url'), trail.body.nextCursor])
        expect((await t.http.get(`/v1/duties?cursor=${cursor}`)).status).toBe(400);
      expect((await t.http.post('/v1/duties', duty({ dutyId: 'd2', holder: { unitId: 'c' }, kind: 'primary' }))).status).toBe(201);
      const duties = await t.http.get('/v1/duties?limit=1');
      expect(duties.body.nextCursor).toEqual(expect.any(String));
      expect((await t.http.get(`/v1/duties?limit=1&cursor=${duties.body.nextCursor}`)).status).toBe(200);
      expect((await t.http.get(`/v1/findings?cursor=${duties.body.nextCursor}`)).status).toBe(400);
    });
    it('when a cursor of one subject’s trail, or of the list with other filters, is given, then 400 (not a page that skips the start)', async () => {
      const trail = await t.http.get('/v1/audit-trail?subjectId=c&limit=1');
      expect(trail.body.nextCursor).toEqual(expect.any(String));
      expect((await t.http.get(`/v1/audit-trail?subjectId=d1&cursor=${trail.body.nextCursor}`)).status).toBe(400);
      expect((await t.http.get(`/v1/audit-trail?subjectId=c&type=UnitRenamed&cursor=${trail.body.nextCursor}`)).status).toBe(400);
      const primary = await t.http.get('/v1/duties?kind=primary&limit=1');
      expect(primary.body.nextCursor).toEqual(expect.any(String));
      expect((await t.http.get(`/v1/duties?kind=first&cursor=${primary.body.nextCursor}`)).status).toBe(400);
      expect((await t.http.get(`/v1/duties?cursor=${primary.body.nextCursor}`)).status).toBe(400);
      expect((await t.http.get(`/v1/duties?kind=primary&limit=1&cursor=${primary.body.nextCursor}`)).status).toBe(200);
      const unfiltered = await t.http.get('/v1/duties?limit=1');
      expect((await t.http.get(`/v1/duties?kind=primary&cursor=${unfiltered.body.nextCursor}`)).status).toBe(400);
    });
    it('when asOf is before the first event, then the unit did not exist: 404', async () => {
      expect((await t.http.get('/v1/units/c?asOf=2001-01-01T00:00:00Z&at=2020-01-01')).status).toBe(404);
    });
  });
});
