import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refused } from '../support/refused';
import { startTestApp, type TestApp } from '../support/test-app';

const SCOPED_KEY = 'scoped-branch-integrator-key-0000000';
const SCOPED_DISCIPLINE_KEY = 'scoped-branch-discipline-key-000000';

/**
 * Unit scoping (issue 3, API.md's 403 for a key scoped to units outside the target): an integrator key limited to the
 * branch `b` may command within b's subtree on the command's business date, and is refused (403, nothing written) for
 * the sibling branch `s`, the committee `c` and anything naming them — after a missing target's 404 and before
 * 409/422. Reads stay unscoped.
 *
 *   c (committee) ─┬─ b (branch) ─┬─ b1 (registered by the scoped key)
 *                  │               └─ bdc (b's discipline committee)
 *                  ├─ s (sibling branch)
 *                  └─ dc (discipline committee)
 *
 * E is b's secretary, C is s's secretary, N holds no post; each branch's secretary holds its `first` duty.
 */
describe('unit-scoped API keys', () => {
  let t: TestApp;
  const scoped = { role: null, headers: { authorization: `Bearer ${SCOPED_KEY}` } };
  const asScoped = (path: string, body: unknown, headers: Record<string, string> = {}) => t.http.post(path, body, { ...scoped, headers: { ...scoped.headers, ...headers } });
  const asScopedDiscipline = (path: string, body: unknown) => t.http.post(path, body, { role: null, headers: { authorization: `Bearer ${SCOPED_DISCIPLINE_KEY}` } });
  const admin = async (path: string, body: unknown) => {
    const reply = await t.http.post(path, body);
    expect({ path, status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
    return reply.body;
  };
  const created = async (path: string, body: unknown) => {
    const reply = await asScoped(path, body);
    expect({ path, status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
    return reply.body;
  };
  const forbidden = async (path: string, body: unknown, headers?: Record<string, string>) => {
    const problem = await refused(t.http, 403, () => asScoped(path, body, headers));
    expect(problem.type).toMatch(/outside-key-scope/);
    return problem;
  };
  const forbiddenDiscipline = async (path: string, body: unknown) => {
    const problem = await refused(t.http, 403, () => asScopedDiscipline(path, body));
    expect(problem.type).toMatch(/outside-key-scope/);
    return problem;
  };
  const unit = (unitId: string, parentUnitId?: string, over: Record<string, unknown> = {}) => ({ unitId, name: `单位 ${unitId}`, kind: 'branch', parentUnitId, effectiveFrom: '2019-01-01', ...over });
  const duty = (holderUnitId: string, over: Record<string, unknown> = {}) => ({
    kind: 'primary',
    holder: { unitId: holderUnitId },
    area: 'party-building',
    title: '主体责任',
    items: ['落实基层党建'],
    scopeUnitIds: [],
    year: 2020,
    effectiveFrom: '2020-01-01',
    ...over,
  });
  const finding = (subjectUnitId: string, over: Record<string, unknown> = {}) => ({
    source: 'inspection',
    raisedByUnitId: 'b',
    subjectUnitId,
    area: 'integrity',
    tags: ['procurement'],
    severity: 'high',
    description: '招标采购程序不规范',
    occurredOn: '2020-06-01',
    dutyIds: [],
    ...over,
  });

  const accountability = (over: Record<string, unknown>) => ({
    role: 'direct',
    form: 1,
    measure: 'talk-reminder',
    decidedByUnitId: 'bdc',
    decidedOn: '2020-07-01',
    rationale: '谈话提醒',
    dutyIds: [],
    ...over,
  });
  const assessment = (over: Record<string, unknown>) => ({
    year: 2020,
    methods: ['debriefing'],
    rating: 'poor',
    dutyIds: [],
    findingIds: [],
    assessedByUnitId: 'b',
    assessedOn: '2021-01-20',
    ...over,
  });
  const report = (over: Record<string, unknown>) => ({ kind: 'secretary-report', recipientUnitId: 'c', year: 2020, dutyIds: [], summary: '书记述责报告', submittedOn: '2020-12-01', ...over });
  const meeting = (over: Record<string, unknown>) => ({ unitId: 'b', kind: 'special', heldOn: '2020-05-01', attendeePersonIds: [], agenda: ['部署'], decisions: ['落实'], dutyIds: [], ...over });

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dl-scope-')), 'keys.json');
    writeFileSync(
      file,
      JSON.stringify([
        { role: 'integrator', key: SCOPED_KEY, name: 'branch-b-sync', units: ['b'] },
        { role: 'discipline', key: SCOPED_DISCIPLINE_KEY, name: 'branch-b-discipline', units: ['b'] },
      ]),
    );
    t = await startTestApp({ API_KEYS_FILE: file });
    await admin('/v1/units', { unitId: 'c', name: '学校党委', kind: 'party-committee', effectiveFrom: '2018-01-01' });
    await admin('/v1/units', { ...unit('b', 'c'), kind: 'general-branch', effectiveFrom: '2018-01-01' });
    await admin('/v1/units', { ...unit('s', 'c'), kind: 'general-branch', effectiveFrom: '2018-01-01' });
    await admin('/v1/units', { ...unit('dc', 'c'), kind: 'discipline-committee', effectiveFrom: '2018-01-01' });
    await admin('/v1/units', { ...unit('bdc', 'b'), kind: 'discipline-committee', effectiveFrom: '2018-01-01' });
    for (const personId of ['A', 'B', 'C', 'E', 'N']) await admin('/v1/people', { personId, name: personId });
    await admin('/v1/people/C/appoint', { unitId: 's', post: 'secretary', effectiveFrom: '2019-01-01' });
    await admin('/v1/people/E/appoint', { unitId: 'b', post: 'secretary', effectiveFrom: '2019-01-01' });
    await admin('/v1/duties', duty('c', { dutyId: 'committee-duty' }));
    for (const branch of ['b', 's']) await admin('/v1/duties', duty(branch, { dutyId: `${branch}-first`, kind: 'first', holder: { unitId: branch, post: 'secretary' } }));
    await admin('/v1/findings', finding('b', { findingId: 'f-on-b', raisedByUnitId: 'dc' }));
    await admin('/v1/findings', finding('s', { findingId: 'f-on-s', raisedByUnitId: 'dc' }));
    await admin('/v1/assessments', assessment({ assessmentId: 'as-C', subjectPersonId: 'C', assessedByUnitId: 'c', rating: 'good' }));
    await admin('/v1/accountability', accountability({ caseId: 'k-C', findingIds: ['f-on-s'], subjectPersonId: 'C' }));
  });
  afterAll(() => t.close());

  describe('inside its subtree', () => {
    it('when it registers a child under its branch, then 201 and the event names the key as its actor', async () => {
      await created('/v1/units', unit('b1', 'b'));
      expect((await t.http.get('/v1/streams/unit-b1')).body.events[0].metadata.actor).toEqual({ name: 'branch-b-sync', role: 'integrator' });
    });
    it('when it registers a person (who belongs to no unit) and appoints them in its branch and its child, then 201', async () => {
      await created('/v1/people', { personId: 'P', name: '丁' });
      await created('/v1/people/P/appoint', { unitId: 'b', post: 'member', effectiveFrom: '2020-01-01' });
      await created('/v1/people/A/appoint', { unitId: 'b1', post: 'member', effectiveFrom: '2020-01-01' });
    });
    it('when it assigns a duty held in its branch, covering its child, and then revises it, then 201', async () => {
      await created('/v1/duties', duty('b', { dutyId: 'b-duty', scopeUnitIds: ['b1'] }));
      await created('/v1/duties/b-duty/revise', { title: '总支主体责任' });
    });
    it('when it raises a finding on its branch and plans the rectification of one the discipline committee raised there, then 201', async () => {
      await created('/v1/findings', finding('b1', { findingId: 'f-by-b' }));
      await created('/v1/findings/f-on-b/plan', { plannedOn: '2020-06-10', measures: ['重新招标'], deadline: '2020-09-30', responsiblePersonId: 'P' });
    });
    it('when its branch submits a report to the committee, then 201: the recipient is not a unit it acts for', async () => {
      await created('/v1/reports', { kind: 'written-report', authorUnitId: 'b', recipientUnitId: 'c', year: 2020, dutyIds: [], summary: '年度书面报告', submittedOn: '2020-12-01' });
    });
  });

  describe('outside its subtree: 403, nothing written', () => {
    it('when it submits a report in the sibling’s name, then 403', async () => {
      await forbidden('/v1/reports', { kind: 'written-report', authorUnitId: 's', recipientUnitId: 'c', year: 2020, dutyIds: [], summary: '年度书面报告', submittedOn: '2020-12-01' });
    });
    it('when it registers a unit under the sibling branch or the committee, or a new root, then 403', async () => {
      await forbidden('/v1/units', unit('s1', 's'));
      await forbidden('/v1/units', unit('c1', 'c'));
      await forbidden('/v1/units', { unitId: 'root2', name: '另一党委', kind: 'party-committee', effectiveFrom: '2019-01-01' });
    });
    it('when it moves its child under the sibling, or renames the sibling, then 403', async () => {
      await forbidden('/v1/units/b1/move', { parentUnitId: 's', effectiveFrom: '2021-01-01' });
      await forbidden('/v1/units/s/rename', { name: '改名', effectiveFrom: '2021-01-01' });
    });
    it('when it appoints someone in the sibling branch or the committee, then 403', async () => {
      await forbidden('/v1/people/B/appoint', { unitId: 's', post: 'member', effectiveFrom: '2020-01-01' });
      await forbidden('/v1/people/B/appoint', { unitId: 'c', post: 'member', effectiveFrom: '2020-01-01' });
    });
    it('when it assigns a duty held by the sibling, or covering the sibling, or touches the committee’s duty, then 403', async () => {
      await forbidden('/v1/duties', duty('s'));
      await forbidden('/v1/duties', duty('b', { scopeUnitIds: ['s'] }));
      await forbidden('/v1/duties/committee-duty/reassign', { holder: { unitId: 'b' }, effectiveFrom: '2020-06-01', reason: '调整' });
      await forbidden('/v1/duties/committee-duty/revise', { title: '改写' });
    });
    it('when it raises a finding on the sibling, or in the committee’s name, or plans the sibling’s rectification, then 403', async () => {
      await forbidden('/v1/findings', finding('s'));
      await forbidden('/v1/findings', finding('b', { raisedByUnitId: 'c' }));
      await forbidden('/v1/findings/f-on-s/plan', { plannedOn: '2020-06-10', measures: ['x'], deadline: '2020-09-30', responsiblePersonId: 'P' });
    });
  });

  describe("API.md's order", () => {
    it('when the target does not exist, then 404 first', async () => {
      await refused(t.http, 404, () => asScoped('/v1/units/ghost/rename', { name: 'x', effectiveFrom: '2021-01-01' }));
      await refused(t.http, 404, () => asScoped('/v1/findings/ghost/plan', { plannedOn: '2020-06-10', measures: ['x'], deadline: '2020-09-30', responsiblePersonId: 'P' }));
      await refused(t.http, 404, () => asScoped('/v1/people/B/appoint', { unitId: 'ghost', post: 'member', effectiveFrom: '2020-01-01' }));
    });
    it('when the command would also be 409 (an existing id, an If-Match mismatch), then 403 comes first', async () => {
      await forbidden('/v1/units', unit('s', 'b'));
      await forbidden('/v1/units/s/rename', { name: '改名', effectiveFrom: '2021-01-01' }, { 'if-match': '"7"' });
    });
    it('when the command would also be 422 (a subject not registered yet on occurredOn), then 403 comes first', async () => {
      await forbidden('/v1/findings', finding('s', { occurredOn: '2017-01-01' }));
    });
    it('when the command is within scope and breaks a rule, then the rule answers (409/422)', async () => {
      await refused(t.http, 409, () => asScoped('/v1/units', unit('b1', 'b')));
      await refused(t.http, 422, () => asScoped('/v1/findings', finding('b', { occurredOn: '2017-01-01' })));
    });
  });

  describe('references to other aggregates: the units of what a command names count too', () => {
    it('when a scoped discipline key decides on a finding on the sibling, or on the sibling’s secretary, then 403', async () => {
      await forbiddenDiscipline('/v1/accountability', accountability({ caseId: 'k-1', findingIds: ['f-on-s'], subjectPersonId: 'C' }));
      await forbiddenDiscipline('/v1/accountability', accountability({ caseId: 'k-2', findingIds: ['f-on-s'], subjectPersonId: 'E' }));
      await forbiddenDiscipline('/v1/accountability', accountability({ caseId: 'k-3', findingIds: ['f-on-b'], subjectPersonId: 'C' }));
      await forbiddenDiscipline('/v1/accountability', accountability({ caseId: 'k-4', findingIds: ['f-on-b'], subjectPersonId: 'E', dutyIds: ['s-first'] }));
    });
    it('when it decides on a person who holds no post on the decision’s date, then 403: they are not within its units', async () => {
      await forbiddenDiscipline('/v1/accountability', accountability({ caseId: 'k-5', findingIds: ['f-on-b'], subjectPersonId: 'N' }));
      await forbiddenDiscipline('/v1/accountability', accountability({ caseId: 'k-6', findingIds: ['f-on-b'], subjectPersonId: 'E', decidedOn: '2018-06-01' }));
    });
    it('when it revokes a case on the sibling’s secretary, decided in its branch’s name by an unscoped key, then 403', async () => {
      await forbiddenDiscipline('/v1/accountability/k-C/revoke', { revokedOn: '2021-01-01', reason: '复核撤销' });
    });
    it('when it decides on a finding on its branch and the branch’s secretary, naming the branch’s duty, then 201', async () => {
      const reply = await asScopedDiscipline('/v1/accountability', accountability({ caseId: 'k-E', findingIds: ['f-on-b'], subjectPersonId: 'E', dutyIds: ['b-first'] }));
      expect({ status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
      expect((await asScopedDiscipline('/v1/accountability/k-E/revoke', { revokedOn: '2021-01-01', reason: '复核撤销' })).status).toBe(201);
    });

    it('when it submits a report by the sibling’s secretary, or naming the sibling’s duty, or by someone with no post, then 403', async () => {
      await forbidden('/v1/reports', report({ authorPersonId: 'C', dutyIds: ['s-first'] }));
      await forbidden('/v1/reports', report({ authorPersonId: 'C' }));
      await forbidden('/v1/reports', report({ authorUnitId: 'b', dutyIds: ['s-first'] }));
      await forbidden('/v1/reports', report({ authorPersonId: 'N' }));
    });
    it('when its branch’s secretary reports on the branch’s duty, then 201', async () => {
      await created('/v1/reports', report({ authorPersonId: 'E', dutyIds: ['b-first'] }));
    });

    it('when it replaces the committee’s rating of the sibling’s secretary, or rates someone with no post, then 403', async () => {
      await forbidden('/v1/assessments', assessment({ assessmentId: 'as-C2', subjectPersonId: 'C', supersedes: 'as-C' }));
      await forbidden('/v1/assessments', assessment({ assessmentId: 'as-N', subjectPersonId: 'N' }));
    });
    it('when it rates its branch on the sibling’s duty or finding, then 403', async () => {
      await forbidden('/v1/assessments', assessment({ assessmentId: 'as-b1', subjectUnitId: 'b', dutyIds: ['s-first'] }));
      await forbidden('/v1/assessments', assessment({ assessmentId: 'as-b2', subjectUnitId: 'b', year: 2019, findingIds: ['f-on-s'] }));
    });
    it('when it rates its branch’s secretary on the branch’s duty and finding, and then replaces that rating, then 201', async () => {
      await created('/v1/assessments', assessment({ assessmentId: 'as-E', subjectPersonId: 'E', dutyIds: ['b-first'], findingIds: ['f-on-b'] }));
      await created('/v1/assessments', assessment({ assessmentId: 'as-E2', subjectPersonId: 'E', rating: 'good', supersedes: 'as-E' }));
    });

    it('when its branch holds a meeting or raises a finding naming the sibling’s duty, then 403', async () => {
      await forbidden('/v1/meetings', meeting({ meetingId: 'm-1', dutyIds: ['s-first'] }));
      await forbidden('/v1/meetings', meeting({ meetingId: 'm-2', dutyIds: ['committee-duty'] }));
      await forbidden('/v1/findings', finding('b', { findingId: 'f-x', dutyIds: ['s-first'] }));
    });
    it('when its branch holds a meeting or raises a finding naming the branch’s duty, then 201', async () => {
      await created('/v1/meetings', meeting({ meetingId: 'm-b', dutyIds: ['b-first'] }));
      await created('/v1/findings', finding('b', { findingId: 'f-b-duty', dutyIds: ['b-first'] }));
    });
  });

  describe('backdating: a unit is within scope from the business date on, not only on it', () => {
    //   bx joins the sibling from 2020 (recorded by an unscoped key), bx1 sits under bx; sx joins the branch from 2020.
    beforeAll(async () => {
      await admin('/v1/units', unit('bx', 'b', { effectiveFrom: '2018-06-01' }));
      await admin('/v1/units', unit('bx1', 'bx', { effectiveFrom: '2018-06-01' }));
      await admin('/v1/units', unit('sx', 's', { effectiveFrom: '2018-06-01' }));
      await admin('/v1/units/bx/move', { parentUnitId: 's', effectiveFrom: '2020-01-01' });
      await admin('/v1/units/sx/move', { parentUnitId: 'b', effectiveFrom: '2020-01-01' });
    });
    it('when it renames, appoints to or dissolves a unit that leaves its subtree after the business date, then 403', async () => {
      await forbidden('/v1/units/bx/rename', { name: '改名', effectiveFrom: '2021-01-01' });
      await forbidden('/v1/people/A/appoint', { unitId: 'bx', post: 'member', effectiveFrom: '2019-06-01' });
      await forbidden('/v1/units/bx/dissolve', { effectiveFrom: '2019-07-01', reason: '撤销' });
    });
    it('when the unit that leaves is an ancestor, then 403 as well', async () => {
      await forbidden('/v1/people/A/appoint', { unitId: 'bx1', post: 'member', effectiveFrom: '2019-06-01' });
      await forbidden('/v1/units', unit('bx2', 'bx1', { effectiveFrom: '2019-06-01' }));
    });
    it('when a unit joins its subtree, then 201 from the date it joins, 403 before', async () => {
      await forbidden('/v1/units/sx/rename', { name: '改名', effectiveFrom: '2019-06-01' });
      await created('/v1/units/sx/rename', { name: '改名', effectiveFrom: '2021-01-01' });
      await created('/v1/people/A/appoint', { unitId: 'sx', post: 'member', effectiveFrom: '2020-01-01' });
    });
  });

  it('when its child moves to the sibling, then commands dated before the move are refused too', async () => {
    await admin('/v1/units', unit('b2', 'b'));
    await created('/v1/people/B/appoint', { unitId: 'b2', post: 'member', effectiveFrom: '2021-01-01' });
    await admin('/v1/units/b2/move', { parentUnitId: 's', effectiveFrom: '2022-01-01' });
    await forbidden('/v1/people/B/relieve', { unitId: 'b2', post: 'member', effectiveFrom: '2021-06-01' });
    await forbidden('/v1/people/B/relieve', { unitId: 'b2', post: 'member', effectiveFrom: '2022-06-01' });
  });

  it('when it reads outside its subtree, then 200: reads are not scoped', async () => {
    expect((await t.http.get('/v1/units/s', scoped)).status).toBe(200);
    expect((await t.http.get('/v1/findings/f-on-s', scoped)).status).toBe(200);
  });

  it('when the unscoped integrator key commands anywhere, then it is not limited', async () => {
    expect((await t.http.post('/v1/units', unit('s2', 's'), { role: 'integrator' })).status).toBe(201);
  });
});
