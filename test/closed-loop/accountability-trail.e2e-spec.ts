import type { Role } from '../support/http';
import { recordedSession } from '../support/recorded-session';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 5's story: a finding on a branch occurred while A was its secretary; B replaced A later; the plan's deadline
 * passes (overdue); it is completed, then found relapsed; accountability reaches the direct subject and A. The trail
 * lists A (held accountable), not B, and the dual-duty member and the committee secretary as not held accountable.
 */
describe('accountability trail, audit trail and compliance over HTTP', () => {
  let t: TestApp;
  let last = 0;
  const RATIONALE = 'confidential rationale: the 2020 procurement of branch B';
  const ok = async (path: string, body: unknown, role: Role = 'admin') => {
    const reply = await t.http.post(path, body, { role });
    expect({ path, status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
    last = reply.body.position;
    return reply.body;
  };
  const get = (path: string, role: Role = 'inspector', headers: Record<string, string> = {}) => t.http.get(`${path}${path.includes('?') ? '&' : '?'}consistentWith=${last}`, { role, headers });
  let beforeRevocation: number;

  beforeAll(async () => {
    t = await startTestApp();
    await ok('/v1/units', { unitId: 'c', name: '学校党委', kind: 'party-committee', effectiveFrom: '2018-01-01' });
    await ok('/v1/units', { unitId: 'dc', name: '学校纪委', kind: 'discipline-committee', parentUnitId: 'c', effectiveFrom: '2018-01-01' });
    await ok('/v1/units', { unitId: 'b', name: '药学总支', kind: 'general-branch', parentUnitId: 'c', effectiveFrom: '2018-01-01' });
    for (const [personId, name] of [['A', '甲'], ['B', '乙'], ['M', '丙'], ['S', '丁'], ['X', '戊']]) await ok('/v1/people', { personId, name });
    await ok('/v1/people/S/appoint', { unitId: 'c', post: 'secretary', effectiveFrom: '2018-01-01' });
    await ok('/v1/people/M/appoint', { unitId: 'c', post: 'member', effectiveFrom: '2018-01-01' });
    await ok('/v1/people/A/appoint', { unitId: 'b', post: 'secretary', effectiveFrom: '2018-06-01' });
    const duty = (dutyId: string, kind: string, holder: object, extra: object = {}) =>
      ok('/v1/duties', { dutyId, kind, holder, area: 'integrity', title: dutyId, items: [], scopeUnitIds: [], year: 2020, effectiveFrom: '2020-01-01', ...extra });
    await duty('c-first', 'first', { unitId: 'c', post: 'secretary' });
    await duty('c-dual-m', 'dual', { unitId: 'c', post: 'member' }, { scopeUnitIds: ['b'] });
    await duty('b-first', 'first', { unitId: 'b', post: 'secretary' }, { parentDutyId: 'c-first' });
    await ok('/v1/meetings', { unitId: 'c', kind: 'annual-deployment', heldOn: '2020-01-10', attendeePersonIds: [], agenda: [], decisions: [], dutyIds: [] });
    await ok('/v1/meetings', { unitId: 'c', kind: 'mid-year-review', heldOn: '2020-07-10', attendeePersonIds: [], agenda: [], decisions: [], dutyIds: [] });
    await ok('/v1/findings', {
      findingId: 'f1',
      source: 'inspection',
      raisedByUnitId: 'dc',
      subjectUnitId: 'b',
      subjectPersonId: 'X',
      area: 'integrity',
      tags: ['procurement'],
      severity: 'high',
      description: '设备采购未公开招标',
      occurredOn: '2020-05-10',
      dutyIds: ['b-first'],
    });
    await ok('/v1/findings/f1/plan', { plannedOn: '2020-05-20', measures: ['重新招标'], deadline: '2020-06-30', responsiblePersonId: 'A' });
    await ok('/v1/people/A/relieve', { unitId: 'b', post: 'secretary', effectiveFrom: '2020-09-01' });
    await ok('/v1/people/B/appoint', { unitId: 'b', post: 'secretary', effectiveFrom: '2020-09-01' });
    await ok('/v1/findings/f1/complete', { completedOn: '2020-08-01', evidence: '整改报告' });
    await ok('/v1/findings/f1/follow-up', { reviewedOn: '2020-10-01', outcome: 'relapsed' });
    const decision = (caseId: string, subjectPersonId: string, role: string, form: number, measure: string) =>
      ok('/v1/accountability', { caseId, findingIds: ['f1'], subjectPersonId, role, form, measure, decidedByUnitId: 'dc', decidedOn: '2020-11-01', rationale: RATIONALE, dutyIds: [] }, 'discipline');
    await decision('k-x', 'X', 'direct', 1, 'talk-reminder');
    beforeRevocation = (await decision('k-a', 'A', 'leadership', 2, 'warning')).position;
    await ok('/v1/accountability/k-a/revoke', { revokedOn: '2020-12-01', reason: '复核' }, 'discipline');
  });
  afterAll(() => t.close());

  it('when the finding is read at dates, then it is overdue after the deadline, then completed, then open again after the relapse', async () => {
    expect((await get('/v1/findings/f1?at=2020-05-09')).status).toBe(404);
    expect((await get('/v1/findings/f1?at=2020-07-15')).body.status).toBe('overdue');
    expect((await get('/v1/findings/f1?at=2020-08-15')).body.status).toBe('completed');
    const reopened = await get('/v1/findings/f1?at=2020-10-02');
    expect(reopened.body.status).toBe('open');
    expect(reopened.headers.get('etag')).toBe(`"${reopened.body.revision}"`);
    const list = await get('/v1/findings?subjectUnitId=b&status=overdue&at=2020-07-15');
    expect(list.body.items.map((f: { findingId: string }) => f.findingId)).toEqual(['f1']);
  });

  const coverage = async (query: string) => {
    const reply = await get(`/v1/findings/f1/accountability-trail?${query}`);
    expect(reply.status).toBe(200);
    return reply.body.coverage as { personId?: string; unitId?: string; role: string; heldAccountable: boolean; caseIds: string[] }[];
  };

  it('when the trail is read before the revocation was recorded, then A is held accountable, B is absent, M and S are not held', async () => {
    const rows = await coverage(`at=2020-11-15&asOfPosition=${beforeRevocation}`);
    const person = (id: string) => rows.find((r) => r.personId === id);
    expect(person('X')).toMatchObject({ role: 'direct', heldAccountable: true, caseIds: ['k-x'] });
    expect(person('A')).toMatchObject({ role: 'leadership', heldAccountable: true, caseIds: ['k-a'] });
    expect(person('B')).toBeUndefined();
    expect(person('M')).toMatchObject({ role: 'leadership', heldAccountable: false });
    expect(person('S')).toMatchObject({ role: 'leadership', heldAccountable: false });
  });

  it('when the trail is read after the revocation, then A is no longer held accountable, and as of before it A still is', async () => {
    const after = await coverage('at=2020-12-31');
    expect(after.find((r) => r.personId === 'A')).toMatchObject({ heldAccountable: false, caseIds: [] });
    const asOf = await coverage(`at=2020-12-31&asOfPosition=${beforeRevocation}`);
    expect(asOf.find((r) => r.personId === 'A')).toMatchObject({ heldAccountable: true });
  });

  it('when the audit trail of the finding is read in Chinese and in English, then summaries follow the reader’s language', async () => {
    const zh = await get('/v1/audit-trail?subjectId=f1', 'inspector', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' });
    expect(zh.status).toBe(200);
    expect(zh.body.items[0]).toMatchObject({ type: 'FindingRaised', businessDate: '2020-05-10', actor: { role: 'admin' } });
    expect(zh.body.items[0].summary).toMatch(/[\u4e00-\u9fff]/);
    const en = await get('/v1/audit-trail?subjectId=f1', 'inspector', { 'accept-language': 'en-GB' });
    expect(en.body.items[0].summary).toMatch(/finding/i);
    expect(en.body.items.map((i: { type: string }) => i.type)).toEqual(expect.arrayContaining(['RectificationPlanned', 'FindingReopened', 'AccountabilityApplied']));
    // The revocation names only its case (DOMAIN §5.2: an event touches its stream's id and the ids its data names).
    const ofCase = await get('/v1/audit-trail?subjectId=k-a', 'inspector');
    expect(ofCase.body.items.map((i: { type: string }) => i.type)).toEqual(['AccountabilityApplied', 'AccountabilityRevoked']);
    expect((await get('/v1/audit-trail?subjectId=f1&limit=1001')).status).toBe(400);
    expect((await get('/v1/audit-trail')).status).toBe(400);
  });

  it('when the committee’s 2020 compliance is read, then the missing year-end summary is named', async () => {
    const reply = await get('/v1/units/c/compliance/2020?at=2020-12-31');
    expect(reply.status).toBe(200);
    expect(reply.body.meetings).toEqual(
      expect.arrayContaining([
        { kind: 'annual-deployment', required: true, heldOn: ['2020-01-10'] },
        { kind: 'mid-year-review', required: true, heldOn: ['2020-07-10'] },
        { kind: 'year-end-summary', required: true, heldOn: [] },
      ]),
    );
  });

  it('when an inspector or integrator reads every route of the scenario, then no response carries the rationale; the discipline role sees it in the trail', async () => {
    const routes = [
      '/v1/findings/f1/accountability-trail?at=2020-12-31',
      '/v1/findings/f1?at=2020-12-31',
      '/v1/findings?at=2020-12-31',
      '/v1/audit-trail?subjectId=f1',
      '/v1/audit-trail?subjectId=X',
      '/v1/audit-trail?subjectId=A',
      '/v1/audit-trail?subjectId=k-a',
      '/v1/events?limit=1000',
      '/v1/streams/case-k-a',
      '/v1/streams/case-k-x',
      '/v1/units/b/chain?at=2020-05-10',
      '/v1/units/c/figures/2020?at=2020-12-31',
      '/v1/units/b/compliance/2020',
      '/v1/people/A',
      '/v1/duties/b-first/loop?year=2020',
    ];
    for (const role of ['inspector', 'integrator'] as const)
      for (const route of routes) {
        const reply = await get(route, role);
        expect({ route, role, status: reply.status }).toEqual({ route, role, status: 200 });
        expect({ route, role, leaks: JSON.stringify(reply.body).includes(RATIONALE) || JSON.stringify(reply.body).includes('rationaleSalt') }).toEqual({ route, role, leaks: false });
      }
    const trail = await get('/v1/findings/f1/accountability-trail?at=2020-12-31', 'discipline');
    expect(JSON.stringify(trail.body)).toContain(RATIONALE);
  });
});

/** 一案双查 with a post of several incumbents: each person in it answers for that post's duties, and only for their own others. */
describe('accountability trail over HTTP: a post held by two people', () => {
  let t: TestApp;
  const session = recordedSession(() => t);
  const { ok } = session;

  beforeAll(async () => {
    t = await startTestApp();
    await ok('/v1/units', { unitId: 'root', name: '学校党委', kind: 'party-committee', effectiveFrom: '2024-01-01' });
    await ok('/v1/units', { unitId: 'dc', name: '学校纪委', kind: 'discipline-committee', parentUnitId: 'root', effectiveFrom: '2024-01-01' });
    await ok('/v1/units', { unitId: 'br', name: '药学党支部', kind: 'branch', parentUnitId: 'root', effectiveFrom: '2024-01-01' });
    for (const [personId, name] of [['alice', '甲'], ['bob', '乙']]) await ok('/v1/people', { personId, name });
    await ok('/v1/people/alice/appoint', { unitId: 'root', post: 'member', effectiveFrom: '2024-01-01' });
    await ok('/v1/people/bob/appoint', { unitId: 'root', post: 'member', effectiveFrom: '2024-01-01' });
    await ok('/v1/people/alice/appoint', { unitId: 'root', post: 'secretary', effectiveFrom: '2024-01-01' });
    const duty = (dutyId: string, kind: string, holder: object, scopeUnitIds: string[] = []) =>
      ok('/v1/duties', { dutyId, kind, holder, area: 'integrity', title: dutyId, items: [], scopeUnitIds, year: 2024, effectiveFrom: '2024-01-01' });
    await duty('d-first', 'first', { unitId: 'root', post: 'secretary' });
    await duty('d-dual', 'dual', { unitId: 'root', post: 'member' }, ['br']);
    await ok('/v1/findings', {
      findingId: 'f1',
      source: 'inspection',
      raisedByUnitId: 'dc',
      subjectUnitId: 'br',
      area: 'integrity',
      tags: [],
      severity: 'medium',
      description: '党费收缴不规范',
      occurredOn: '2024-03-01',
      dutyIds: [],
    });
  });
  afterAll(() => t.close());

  it('when one of the two members is also the secretary, then only her row carries the first responsibility', async () => {
    const reply = await t.http.get(`/v1/findings/f1/accountability-trail?at=2024-06-01&consistentWith=${session.last}`, { role: 'inspector' });
    expect(reply.status).toBe(200);
    const rows = reply.body.coverage as { personId?: string; duties: { dutyId: string }[] }[];
    const duties = (personId: string) => rows.find((r) => r.personId === personId)?.duties.map((d) => d.dutyId);
    expect(duties('alice')).toEqual(['d-dual', 'd-first']);
    expect(duties('bob')).toEqual(['d-dual']);
  });
});
