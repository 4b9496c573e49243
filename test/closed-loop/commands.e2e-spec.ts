import { createHash } from 'node:crypto';
import { canonicalJson } from '@duty-ledger/event-store/canonical-json';
import { refused } from '../support/refused';
import { startTestApp, type TestApp } from '../support/test-app';

/** Meetings, reports, findings and rectification, accountability and assessments over HTTP (DOMAIN §4, API.md). */
describe('closed-loop commands over HTTP', () => {
  let t: TestApp;
  const created = async (path: string, body: unknown, role: 'integrator' | 'discipline' | 'admin' = 'admin') => {
    const reply = await t.http.post(path, body, { role });
    expect({ path, status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
    return reply.body;
  };
  const finding = (over: Record<string, unknown> = {}) => ({
    source: 'inspection',
    raisedByUnitId: 'dc',
    subjectUnitId: 'b',
    subjectPersonId: 'X',
    area: 'integrity',
    tags: ['procurement'],
    severity: 'high',
    description: '招标采购程序不规范',
    occurredOn: '2020-06-01',
    dutyIds: [],
    ...over,
  });
  const decision = (over: Record<string, unknown> = {}) => ({
    findingIds: ['f1'],
    subjectPersonId: 'X',
    role: 'direct',
    form: 1,
    measure: 'talk-reminder',
    decidedByUnitId: 'dc',
    decidedOn: '2021-03-01',
    rationale: 'private: the conversation of 2021-02-27',
    dutyIds: [],
    ...over,
  });

  beforeAll(async () => {
    t = await startTestApp();
    await created('/v1/units', { unitId: 'c', name: '学校党委', kind: 'party-committee', effectiveFrom: '2018-01-01' });
    await created('/v1/units', { unitId: 'dc', name: '学校纪委', kind: 'discipline-committee', parentUnitId: 'c', effectiveFrom: '2018-01-01' });
    await created('/v1/units', { unitId: 'b', name: '药学总支', kind: 'general-branch', parentUnitId: 'c', effectiveFrom: '2018-01-01' });
    for (const [personId, name] of [['A', '甲'], ['X', '戊']]) await created('/v1/people', { personId, name });
    await created('/v1/people/A/appoint', { unitId: 'c', post: 'secretary', effectiveFrom: '2018-06-01' });
    await created('/v1/findings', { ...finding(), findingId: 'f1' });
  });
  afterAll(() => t.close());

  describe('meetings', () => {
    const meeting = (over: Record<string, unknown> = {}) => ({ unitId: 'c', kind: 'annual-deployment', heldOn: '2020-01-14', attendeePersonIds: ['A'], agenda: ['部署'], decisions: [], dutyIds: [], ...over });
    it('when a committee holds its annual deployment meeting, then 201; a second one that year is 409 and writes nothing', async () => {
      await created('/v1/meetings', meeting({ chairPersonId: 'A' }));
      await refused(t.http, 409, () => t.http.post('/v1/meetings', meeting({ heldOn: '2020-02-01' })));
      await created('/v1/meetings', meeting({ heldOn: '2021-01-10' }));
    });
    it('when ten committees race for the same annual meeting, then exactly one 201', async () => {
      const replies = await Promise.all(Array.from({ length: 10 }, () => t.http.post('/v1/meetings', meeting({ kind: 'mid-year-review', heldOn: '2020-07-01' }))));
      expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
      expect(replies.filter((r) => r.status === 409)).toHaveLength(9);
    });
    it('when a committee holds a secondary unit’s meeting, then 422', () => refused(t.http, 422, () => t.http.post('/v1/meetings', meeting({ kind: 'task-setting' }))));
    it('when the chair holds no post in the unit that day, then 422', () =>
      refused(t.http, 422, () => t.http.post('/v1/meetings', meeting({ kind: 'special', chairPersonId: 'X' }))));
    it('when an attendee does not exist, then 404', () => refused(t.http, 404, () => t.http.post('/v1/meetings', meeting({ kind: 'special', attendeePersonIds: ['ghost'] }))));
    it('when the kind is unknown, then 400', () => refused(t.http, 400, () => t.http.post('/v1/meetings', meeting({ kind: 'party' }))));
  });

  describe('reports', () => {
    const report = (over: Record<string, unknown> = {}) => ({ kind: 'written-report', authorUnitId: 'b', recipientUnitId: 'c', year: 2020, dutyIds: [], summary: '年度书面报告', submittedOn: '2020-12-20', ...over });
    it('when a unit submits its written report, then 201', () => created('/v1/reports', report()));
    it('when a report names no author, then 422', () => refused(t.http, 422, () => t.http.post('/v1/reports', report({ authorUnitId: undefined }))));
    it('when a recipient does not exist, then 404', () => refused(t.http, 404, () => t.http.post('/v1/reports', report({ recipientUnitId: 'ghost' }))));
    it('when a report names no author and a duty that does not exist, then 404 before 422', () =>
      refused(t.http, 404, () => t.http.post('/v1/reports', report({ authorUnitId: undefined, dutyIds: ['ghost'] }))));
  });

  describe('findings and rectification', () => {
    it('when a finding is planned, completed and found relapsed at follow-up, then the follow-up writes FollowUpReviewed and FindingReopened', async () => {
      await created('/v1/findings', { ...finding(), findingId: 'f2' });
      await created('/v1/findings/f2/plan', { plannedOn: '2020-06-10', measures: ['重新招标'], deadline: '2020-09-30', responsiblePersonId: 'X' });
      await created('/v1/findings/f2/complete', { completedOn: '2020-09-01', evidence: '整改报告' });
      const review = await created('/v1/findings/f2/follow-up', { reviewedOn: '2020-12-01', outcome: 'relapsed' });
      expect(review.events.map((e: { type: string }) => e.type)).toEqual(['FollowUpReviewed', 'FindingReopened']);
      // Read at the first of the two, the finding is as the whole command left it: the record never held one without the other.
      const at = (position: number) => t.http.get(`/v1/findings/f2?at=2020-12-02&asOfPosition=${position}`, { role: 'inspector' });
      const [between, after] = [await at(review.position - 1), await at(review.position)];
      expect(after.body).toMatchObject({ status: 'open', meta: { asOfPosition: review.position } });
      expect(between.body).toEqual(after.body);
      await created('/v1/findings/f2/close', { closedOn: '2021-01-05', reason: '移交处理' });
      await refused(t.http, 422, () => t.http.post('/v1/findings/f2/plan', { plannedOn: '2021-02-01', measures: ['x'], deadline: '2021-03-01', responsiblePersonId: 'X' }));
    });
    it('when the deadline is not after the finding occurred, then 422', () =>
      refused(t.http, 422, () => t.http.post('/v1/findings/f1/plan', { plannedOn: '2020-06-02', measures: ['x'], deadline: '2020-05-01', responsiblePersonId: 'X' })));
    it('when completion comes before any plan, then 422', () => refused(t.http, 422, () => t.http.post('/v1/findings/f1/complete', { completedOn: '2020-07-01', evidence: 'e' })));
    it('when the responsible person does not exist, then 404', () =>
      refused(t.http, 404, () => t.http.post('/v1/findings/f1/plan', { plannedOn: '2020-06-02', measures: ['x'], deadline: '2020-08-01', responsiblePersonId: 'ghost' })));
    it('when the deadline is before the finding occurred and the responsible person does not exist, then 404 before 422', () =>
      refused(t.http, 404, () => t.http.post('/v1/findings/f1/plan', { plannedOn: '2020-06-02', measures: ['x'], deadline: '2020-05-01', responsiblePersonId: 'ghost' })));
    it('when the finding does not exist, then 404', () => refused(t.http, 404, () => t.http.post('/v1/findings/ghost/close', { closedOn: '2020-07-01', reason: 'r' })));
    it('when the subject unit was not registered on occurredOn, then 422', () => refused(t.http, 422, () => t.http.post('/v1/findings', finding({ occurredOn: '2017-01-01' }))));
    it('when a tag is unknown or the severity is not in the list, then 400', async () => {
      await refused(t.http, 400, () => t.http.post('/v1/findings', finding({ tags: ['gossip'] })));
      await refused(t.http, 400, () => t.http.post('/v1/findings', finding({ severity: 'extreme' })));
    });
  });

  describe('accountability', () => {
    it('when an integrator applies accountability, then 403 and nothing is written', () => refused(t.http, 403, () => t.http.post('/v1/accountability', decision(), { role: 'integrator' })));
    it('when the discipline role applies it, then 201; a revocation is 201 and a second one 422', async () => {
      await created('/v1/accountability', decision({ caseId: 'k1' }), 'discipline');
      await created('/v1/accountability/k1/revoke', { revokedOn: '2021-06-01', reason: '复核撤销' }, 'discipline');
      await refused(t.http, 422, () => t.http.post('/v1/accountability/k1/revoke', { revokedOn: '2021-07-01', reason: 'again' }, { role: 'discipline' }));
    });
    it('when both subjects or neither are named, then 400', async () => {
      await refused(t.http, 400, () => t.http.post('/v1/accountability', decision({ subjectUnitId: 'b', measure: 'circulated-criticism' }), { role: 'discipline' }));
      await refused(t.http, 400, () => t.http.post('/v1/accountability', decision({ subjectPersonId: undefined }), { role: 'discipline' }));
    });
    it('when form is "1" or 5, or the measure unknown, then 400', async () => {
      await refused(t.http, 400, () => t.http.post('/v1/accountability', decision({ form: '1' }), { role: 'discipline' }));
      await refused(t.http, 400, () => t.http.post('/v1/accountability', decision({ form: 5 }), { role: 'discipline' }));
      await refused(t.http, 400, () => t.http.post('/v1/accountability', decision({ measure: 'flogging' }), { role: 'discipline' }));
    });
    it('when the measure does not match the form, then 422', () =>
      refused(t.http, 422, () => t.http.post('/v1/accountability', decision({ form: 2, measure: 'talk-reminder' }), { role: 'discipline' })));
    it('when a unit is given a measure only a person can take, then 422', () =>
      refused(t.http, 422, () => t.http.post('/v1/accountability', decision({ subjectPersonId: undefined, subjectUnitId: 'b', form: 2, measure: 'warning' }), { role: 'discipline' })));
    it('when a branch decides, not a committee, then 422', () => refused(t.http, 422, () => t.http.post('/v1/accountability', decision({ decidedByUnitId: 'b' }), { role: 'discipline' })));
    it('when a finding does not exist, then 404', () => refused(t.http, 404, () => t.http.post('/v1/accountability', decision({ findingIds: ['ghost'] }), { role: 'discipline' })));
    it('when a decision names no finding and a subject who does not exist, then 404 before 422', () =>
      refused(t.http, 404, () => t.http.post('/v1/accountability', decision({ findingIds: [], subjectPersonId: 'ghost' }), { role: 'discipline' })));
    it('when a decision is sent with an Idempotency-Key, then the key’s record gives no way to test guesses of the rationale, and a repeat is judged on it all the same', async () => {
      const body = decision({ caseId: 'k-idem', rationale: '审核把关不严' });
      const headers = { 'idempotency-key': 'decide-once' };
      const first = await t.http.post('/v1/accountability', body, { role: 'discipline', headers });
      expect(first.status).toBe(201);
      const feed = (await t.http.get(`/v1/events?fromPosition=${first.body.position}&limit=1`, { role: 'inspector' })).body.events;
      const { bodyHash } = feed[0].data as { bodyHash: string };
      const hashOf = (value: unknown) => createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
      expect(bodyHash).not.toBe(hashOf(body));
      expect(JSON.stringify(feed)).not.toContain('审核把关不严');
      expect((await t.http.post('/v1/accountability', body, { role: 'discipline', headers })).status).toBe(200);
      await refused(t.http, 422, () => t.http.post('/v1/accountability', { ...body, rationale: 'a guess' }, { role: 'discipline', headers }));
    });
  });

  describe('assessments', () => {
    const assessment = (over: Record<string, unknown> = {}) => ({
      subjectUnitId: 'b',
      year: 2020,
      methods: ['document-review', 'debriefing'],
      rating: 'good',
      dutyIds: [],
      findingIds: ['f1'],
      assessedByUnitId: 'c',
      assessedOn: '2021-01-20',
      ...over,
    });
    it('when a subject is assessed twice in a year, then 409 unless the second supersedes the first', async () => {
      await created('/v1/assessments', assessment({ assessmentId: 'as1' }));
      await refused(t.http, 409, () => t.http.post('/v1/assessments', assessment()));
      // An assessment that was never recorded is a missing reference (404); one that is not the one in force, a rule (422).
      await refused(t.http, 404, () => t.http.post('/v1/assessments', assessment({ supersedes: 'other' })));
      await created('/v1/assessments', assessment({ assessmentId: 'as2', supersedes: 'as1', rating: 'fair' }));
      // as1 is no longer the one in force: naming it again is the supersedes-other rule.
      await refused(t.http, 422, () => t.http.post('/v1/assessments', assessment({ supersedes: 'as1' })));
      // as2 rates b for 2020: it cannot be superseded by an assessment of another subject or year, nor by one dated before it.
      await refused(t.http, 422, () => t.http.post('/v1/assessments', assessment({ subjectUnitId: 'c', supersedes: 'as2' })));
      await refused(t.http, 422, () => t.http.post('/v1/assessments', assessment({ year: 2021, assessedOn: '2022-01-10', supersedes: 'as2' })));
      const early = await refused(t.http, 422, () => t.http.post('/v1/assessments', assessment({ supersedes: 'as2', assessedOn: '2021-01-19' })));
      expect(early.type).toMatch(/superseded-before-assessed$/);
      await created('/v1/assessments', assessment({ assessmentId: 'as3', supersedes: 'as2', assessedOn: '2021-01-20' }));
      await created('/v1/assessments', assessment({ year: 2021, assessedOn: '2022-01-10' }));
    });
    it('when both subjects are named, then 400', () => refused(t.http, 400, () => t.http.post('/v1/assessments', assessment({ subjectPersonId: 'X' }))));
    it('when a rating is not in the list, then 400', () => refused(t.http, 400, () => t.http.post('/v1/assessments', assessment({ rating: 'superb' }))));
  });

  describe('confidentiality of the rationale on the raw routes', () => {
    const rationale = 'secret reasons of case k9';
    beforeAll(() => created('/v1/accountability', decision({ caseId: 'k9', rationale }), 'discipline'));

    it('when an inspector or integrator reads the stream or the feed, then the rationale is only a commitment', async () => {
      for (const role of ['inspector', 'integrator'] as const) {
        const stream = await t.http.get('/v1/streams/case-k9', { role });
        expect(stream.body.events[0].data.rationale).toEqual({ commitment: expect.stringMatching(/^[0-9a-f]{64}$/) });
        expect(JSON.stringify(stream.body)).not.toContain(rationale);
        expect(JSON.stringify(stream.body)).not.toContain('rationaleSalt');
        const feed = await t.http.get('/v1/events?limit=1000', { role });
        expect(JSON.stringify(feed.body)).not.toContain(rationale);
      }
    });

    it('when the discipline role reads it, then it gets value, salt and a commitment that checks out', async () => {
      const stream = await t.http.get('/v1/streams/case-k9', { role: 'discipline' });
      const { value, salt, commitment } = stream.body.events[0].data.rationale;
      expect(value).toBe(rationale);
      expect(commitment).toBe(createHash('sha256').update(salt + JSON.stringify(value), 'utf8').digest('hex'));
    });
  });
});
