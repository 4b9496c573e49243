import fc from 'fast-check';
import type { Reply } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedFuzzLedger } from './fuzz-ledger';

/**
 * Seeded fuzzing of every command route: valid bodies mutated (fields dropped, retyped, replaced by hostile values)
 * and arbitrary JSON. Never a 5xx; a refused command writes nothing. fast-check prints the seed of a failing run.
 */
const VALID: Record<string, Record<string, unknown>> = {
  '/v1/units': { name: 'U', kind: 'branch', parentUnitId: 'c', effectiveFrom: '2020-01-01' },
  '/v1/units/c/rename': { name: 'C2', effectiveFrom: '2020-01-01' },
  '/v1/units/b/move': { parentUnitId: 'c', effectiveFrom: '2020-01-01' },
  '/v1/units/b/dissolve': { effectiveFrom: '2030-01-01', reason: 'r' },
  '/v1/people': { name: 'P' },
  '/v1/people/p/appoint': { unitId: 'b', post: 'member', effectiveFrom: '2020-01-01' },
  '/v1/people/p/relieve': { unitId: 'b', post: 'member', effectiveFrom: '2021-01-01' },
  '/v1/duties': { kind: 'primary', holder: { unitId: 'c' }, area: 'integrity', title: 't', items: ['i'], scopeUnitIds: [], year: 2020, effectiveFrom: '2020-01-01' },
  '/v1/duties/d/revise': { title: 't2' },
  '/v1/duties/d/reassign': { holder: { unitId: 'b' }, effectiveFrom: '2021-01-01', reason: 'r' },
  '/v1/duties/d/close': { effectiveFrom: '2022-01-01', reason: 'r' },
  '/v1/duties/d/acknowledge': { personId: 'p', acknowledgedOn: '2020-02-01' },
  '/v1/meetings': { unitId: 'b', kind: 'special', heldOn: '2020-03-01', attendeePersonIds: [], agenda: [], decisions: [], dutyIds: [] },
  '/v1/reports': { kind: 'written-report', authorUnitId: 'b', year: 2020, dutyIds: [], summary: 's', submittedOn: '2020-12-01' },
  '/v1/findings': { source: 'audit', raisedByUnitId: 'c', subjectUnitId: 'b', area: 'integrity', tags: [], severity: 'low', description: 'd', occurredOn: '2020-04-01', dutyIds: [] },
  '/v1/findings/f/plan': { plannedOn: '2020-04-02', measures: ['m'], deadline: '2020-06-01', responsiblePersonId: 'p' },
  '/v1/findings/f/complete': { completedOn: '2020-05-01', evidence: 'e' },
  '/v1/findings/f/follow-up': { reviewedOn: '2020-07-01', outcome: 'sustained' },
  '/v1/findings/f/close': { closedOn: '2020-08-01', reason: 'r' },
  '/v1/accountability': { findingIds: ['f'], subjectPersonId: 'p', role: 'direct', form: 1, measure: 'criticism', decidedByUnitId: 'c', decidedOn: '2020-09-01', rationale: 'r', dutyIds: [] },
  '/v1/accountability/k/revoke': { revokedOn: '2020-10-01', reason: 'r' },
  '/v1/assessments': { subjectUnitId: 'b', year: 2020, methods: ['debriefing'], rating: 'good', dutyIds: [], findingIds: [], assessedByUnitId: 'c', assessedOn: '2021-01-10' },
};

const hostile = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1.5, 1e308, '', ' ', '1', '2023-02-29', '9999-99-99', '__proto__', 'constructor', '<script>', '\u0000', 'x'.repeat(10_001)),
  fc.constantFrom({}, [], [null], { $ne: null }, { $gt: '' }, { __proto__: { polluted: true } }),
  fc.string(),
  fc.integer(),
  fc.array(fc.string(), { maxLength: 3 }),
);

const mutated = fc.constantFrom(...Object.keys(VALID)).chain((route) =>
  fc.record({
    route: fc.constant(route),
    body: fc.oneof(
      fc.tuple(fc.constantFrom(...Object.keys(VALID[route])), hostile).map(([key, value]) => ({ ...VALID[route], [key]: value })),
      fc.constantFrom(...Object.keys(VALID[route])).map((key) => Object.fromEntries(Object.entries(VALID[route]).filter(([k]) => k !== key))),
      fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), hostile).map(([key, value]) => ({ ...VALID[route], [key]: value })),
      fc.jsonValue(),
    ),
  }),
);

describe('fuzzing the command routes', () => {
  let t: TestApp;
  let head = 0;

  /** Moves `head` to the last position in the log and says how many events lie beyond the old head. */
  const newEvents = async () => {
    let count = 0;
    for (let from: number | null = head + 1; from !== null; ) {
      const page: Reply = await t.http.get(`/v1/events?fromPosition=${from}&limit=1000`);
      count += page.body.events.length;
      if (page.body.events.length) head = page.body.events[page.body.events.length - 1].position;
      from = page.body.next;
    }
    return count;
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedFuzzLedger(t);
    await newEvents();
  });
  afterAll(() => t.close());

  it('fuzzes every command route the API documents (a route added without a valid body here fails this)', async () => {
    const document = (await t.http.get<{ paths: Record<string, { post?: unknown }> }>('/docs-json')).body;
    const shape = (route: string) => route.replace(/^(\/v1\/[a-z-]+)\/[^/]+\//, '$1/{}/');
    const documented = Object.entries(document.paths)
      .filter(([template, operations]) => operations.post && template.startsWith('/v1/') && !template.startsWith('/v1/admin/'))
      .map(([template]) => shape(template));
    expect(documented.length).toBeGreaterThan(20);
    expect(Object.keys(VALID).map(shape).sort()).toEqual(documented.sort());
  });

  it('when any command route gets a mutated or arbitrary body, then never a 5xx, and a refusal writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(mutated, async ({ route, body }) => {
        const reply = await t.http.post(route, body, { role: 'admin' });
        expect({ route, body, status: reply.status }).toEqual({ route, body, status: expect.any(Number) });
        expect(reply.status).toBeLessThan(500);
        const written = await newEvents();
        if (reply.status >= 400) expect({ route, body, written }).toEqual({ route, body, written: 0 });
      }),
      { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? 20261128) },
    );
  }, 120_000);

  it('when a valid body comes with any If-Match or Idempotency-Key, then never a 5xx, and a refusal writes nothing', async () => {
    const headerValue = fc.oneof(
      fc.constantFrom('*', '"0"', '"1"', '"-1"', '""', '"01"', '"1e3"', '"9007199254740991"', '"9007199254740993"', 'W/"1"', '"1", "2"', ' "1" '),
      fc.string({ unit: fc.constantFrom(...'"*0123456789 ,;abcWxyz-/'), maxLength: 24 }),
      fc.constantFrom('k', 'x'.repeat(128), 'x'.repeat(129)),
    );
    const withHeaders = fc.record({
      route: fc.constantFrom(...Object.keys(VALID)),
      headers: fc.record({ 'if-match': headerValue, 'idempotency-key': headerValue }, { requiredKeys: [] }),
    });
    await fc.assert(
      fc.asyncProperty(withHeaders, async ({ route, headers }) => {
        const reply = await t.http.post(route, VALID[route], { role: 'admin', headers });
        expect(reply.status).toBeLessThan(500);
        const written = await newEvents();
        if (reply.status >= 400) expect({ route, headers, written }).toEqual({ route, headers, written: 0 });
      }),
      { numRuns: 200, seed: Number(process.env.FUZZ_SEED ?? 20261206) },
    );
  }, 120_000);

  it('when a body is not an object at all, then 400 on every route', async () => {
    for (const route of Object.keys(VALID))
      for (const raw of ['[]', '"text"', '42', 'null', 'true']) {
        const reply = await t.http.request('POST', route, { headers: { 'content-type': 'application/json' }, raw });
        expect({ route, raw, status: reply.status }).toEqual({ route, raw, status: 400 });
      }
  });
});
