import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedFuzzLedger } from './fuzz-ledger';

/**
 * Seeded fuzzing of every GET route the OpenAPI document lists: path parameters and query values valid, hostile,
 * repeated (an array where one value is expected) or left out, parameters nobody declared, and odd values of the
 * headers a route declares (Accept-Language). Never a 5xx but the one API.md promises: 503 with Retry-After when
 * `consistentWith` names a position the read models have not applied within 5 s (here, one past the log's head).
 * fast-check prints the seed of a failing run (FUZZ_SEED replays it).
 */
interface ReadRoute {
  template: string;
  pathParams: string[];
  queryParams: string[];
  headerParams: string[];
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
}

/** Values the seeded ledger answers for, by parameter name (names shared by routes get each route's kind of value). */
const VALID: Record<string, string[]> = {
  unitId: ['c', 'b'],
  personId: ['p'],
  dutyId: ['d'],
  findingId: ['f'],
  streamId: ['duty-d', 'unit-c'],
  holderUnitId: ['b'],
  subjectUnitId: ['b'],
  subjectId: ['d', 'c', 'p'],
  year: ['2020', '2019'],
  at: ['2020-06-01', '2019-01-01'],
  asOf: ['2030-01-01T00:00:00Z', '2018-01-01T00:00:00.000Z'],
  asOfPosition: ['0', '3', '6', '-1'],
  consistentWith: ['1', '4'],
  limit: ['1', '10'],
  fromPosition: ['1'],
  position: ['0', '2'],
  treeSize: ['1', '3'],
  from: ['1', '2020-01-01T00:00:00Z'],
  to: ['3', '2030-01-01T00:00:00Z'],
  type: ['DutyAssigned', 'UnitRegistered'],
  status: ['open', 'closed', 'pending', 'planned', 'overdue'],
  area: ['integrity', 'conduct'],
  kind: ['primary', 'first', 'dual'],
  source: ['audit', 'inspection'],
};

const hostileValue = fc.oneof(
  fc.constantFrom('', ' ', '-1', '0', '1.5', '1e308', 'NaN', 'Infinity', '-0', '9007199254740993', '0x10', '2023-02-29', '9999-99-99', '2020-13-01'),
  fc.constantFrom('2020-01-01T25:00:00Z', 'true', 'null', 'undefined', '__proto__', 'constructor', 'toString', '<script>', '\u0000', '%', '../..', '😀'),
  fc.constantFrom('x'.repeat(5_000), '[]', '{}', '{"$ne":null}', "' OR 1=1 --"),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);

/** Header values, well-formed or not: printable ASCII only, as fetch sends no other. */
const headerValue = fc.oneof(
  fc.constantFrom('', 'zh', 'en', 'zh-CN,zh;q=0.9,en;q=0.8', '*', 'en;q=2', 'q=abc', ';;;', 'xx-YY', 'a'.repeat(2_000)),
  fc.string({ unit: fc.constantFrom(...'azAZ09-_,;=*. '), maxLength: 30 }),
);

const validValue = (name: string) => fc.constantFrom(...(VALID[name] ?? ['x']));
const anyValue = (name: string) => fc.oneof(validValue(name), hostileValue);

/**
 * A request that would be answered, then up to two of its parameters given a hostile value or given twice (Fastify
 * hands the route an array then), and sometimes a parameter nobody declared: each refusal is reached on its own, and
 * the handlers behind the validation are reached too.
 */
function request(route: ReadRoute) {
  const names = [...route.pathParams, ...route.queryParams];
  const base = fc.tuple(
    ...route.pathParams.map((name) => validValue(name).map((v) => [v])),
    ...route.queryParams.map((name) => (VALID[name] ? fc.option(validValue(name).map((v) => [v]), { nil: [] as string[] }) : fc.constant([] as string[]))),
  );
  const mutation = fc.nat({ max: Math.max(0, names.length - 1) }).chain((index) =>
    fc.record({ index: fc.constant(index), values: fc.oneof(hostileValue.map((v) => [v]), fc.tuple(anyValue(names[index]), anyValue(names[index]))) }),
  );
  return fc
    .record({
      values: base,
      mutations: names.length ? fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 2 }), weight: 3 }) : fc.constant([]),
      extra: fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), hostileValue), { nil: undefined, freq: 4 }),
      headers: fc.tuple(...route.headerParams.map((name) => fc.option(headerValue.map((v) => [name, v] as const), { nil: undefined }))),
    })
    .map(({ values, mutations, extra, headers }) => {
      const given = values.map((v) => [...v]);
      // One read point: asOf and asOfPosition together are refused, which would hide what lies behind.
      const [asOf, asOfPosition] = [names.indexOf('asOf'), names.indexOf('asOfPosition')];
      if (asOf >= 0 && asOfPosition >= 0 && given[asOfPosition].length) given[asOf] = [];
      for (const { index, values: hostile } of mutations) given[index] = index < route.pathParams.length ? hostile.slice(0, 1) : hostile;
      let url = route.template;
      route.pathParams.forEach((name, i) => (url = url.replace(`{${name}}`, encodeURIComponent(given[i][0] || 'x'))));
      const pairs = route.queryParams.flatMap((name, i) => given[route.pathParams.length + i].map((v): [string, string] => [name, v]));
      if (extra) pairs.push(extra);
      return {
        url: pairs.length ? `${url}?${new URLSearchParams(pairs).toString()}` : url,
        headers: Object.fromEntries(headers.filter((h) => h !== undefined)),
      };
    });
}

describe('fuzzing the read routes, and every route with the methods it does not declare', () => {
  let t: TestApp;
  let routes: ReadRoute[];
  /** Every route of the document with the methods it does not declare. */
  let undeclared: { template: string; method: string }[];

  beforeAll(async () => {
    t = await startTestApp();
    await seedFuzzLedger(t);
    const document = (await t.http.get<OpenApiDocument>('/docs-json')).body;
    undeclared = Object.entries(document.paths).flatMap(([template, operations]) =>
      ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !operations[m.toLowerCase()]).map((method) => ({ template, method })),
    );
    routes = Object.entries(document.paths)
      .filter(([, operations]) => operations.get)
      .map(([template, operations]) => {
        const parameters = operations.get!.parameters ?? [];
        return {
          template,
          pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
          queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
          headerParams: parameters.filter((p) => p.in === 'header').map((p) => p.name),
        };
      });
  });
  afterAll(() => t.close());

  it('lists the read routes it fuzzes, with their parameters', () => {
    expect(routes.length).toBeGreaterThan(15);
    expect(routes).toContainEqual(expect.objectContaining({ template: '/v1/units/{unitId}/chain', pathParams: ['unitId'], queryParams: expect.arrayContaining(['at', 'asOf', 'asOfPosition']) }));
    expect(routes).toContainEqual(expect.objectContaining({ template: '/v1/audit-trail', headerParams: ['Accept-Language'] }));
  });

  it('when a route is asked with a method it does not declare, then 404 or 405, never a 5xx, and nothing written', async () => {
    const head = (await t.http.get<{ events: { position: number }[] }>('/v1/events?limit=1000')).body.events.length;
    for (const { template, method } of undeclared) {
      const path = template.replace(/\{[^}]+\}/g, 'c');
      const reply = await t.http.request(method, path, method === 'GET' ? {} : { body: {} });
      const status = reply.status === 404 || reply.status === 405 ? '404 or 405' : reply.status;
      expect({ method, path, status }).toEqual({ method, path, status: '404 or 405' });
    }
    expect((await t.http.get<{ events: unknown[] }>('/v1/events?limit=1000')).body.events).toHaveLength(head);
  });

  it('when any read route gets hostile, repeated or unknown parameters, then never a 5xx', async () => {
    const anyRequest = fc.constantFrom(...routes).chain((route) => request(route));
    await fc.assert(
      fc.asyncProperty(anyRequest, async ({ url, headers }) => {
        const reply = await t.http.get(url, { headers });
        const promised = reply.status === 503 && /[?&]consistentWith=\d+(&|$)/.test(url) && reply.headers.has('retry-after');
        // What was asked and what came back beside the status, so that a failure says both.
        if (reply.status >= 500 && !promised) expect({ url, headers, status: reply.status, body: reply.body }).toEqual({ url, headers, status: 'below 500' });
      }),
      { numRuns: 1_500, seed: Number(process.env.FUZZ_SEED ?? 20261206) },
    );
  }, 180_000);
});
