import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import type { Reply } from '../support/http';
import { refused as refusedBy } from '../support/refused';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * API.md: `If-Match` on `/v1/people/:id/appoint|relieve` is the person's — the ETag `GET /v1/people/:id` answers —
 * and the 201 names the person's stream. The post's stream (`post-<unit>-<post>`, ARCHITECTURE.md) still guards its
 * incumbency: it takes the term in the same append, at the revision the rules were checked against.
 */
describe('appointments: the person is the target, the post guards its incumbency', () => {
  let t: TestApp;
  let store: EventStore;
  const refused = (status: number, send: () => Promise<Reply>) => refusedBy(t.http, status, send);
  const secretaryOfC = (effectiveFrom: string) => ({ unitId: 'c', post: 'secretary', effectiveFrom });

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get(EVENT_STORE);
    expect((await t.http.post('/v1/units', { unitId: 'c', name: 'Committee', kind: 'party-committee', effectiveFrom: '2018-01-01' })).status).toBe(201);
    for (const personId of ['wang', 'li', ...Array.from({ length: 10 }, (_, i) => `racer-${i}`), ...Array.from({ length: 30 }, (_, i) => `member-${i}`)])
      expect((await t.http.post('/v1/people', { personId, name: personId })).status).toBe(201);
  });
  afterAll(() => t.close());

  it('when an appointment names the ETag the person was read with, then it is written to the person’s stream and the ETag moves', async () => {
    const read = await t.http.get('/v1/people/wang');
    expect(read.headers.get('etag')).toBe('"0"');
    const appointed = await t.http.post('/v1/people/wang/appoint', secretaryOfC('2018-06-01'), { headers: { 'if-match': read.headers.get('etag')! } });
    expect(appointed.status).toBe(201);
    expect(appointed.body).toMatchObject({ id: 'wang', streamId: 'person-wang', revision: 1, events: [{ type: 'PersonAppointed' }] });
    expect(appointed.headers.get('etag')).toBe('"1"');

    const again = await t.http.get(`/v1/people/wang?consistentWith=${appointed.body.position}`);
    expect(again.headers.get('etag')).toBe('"1"');
    expect(again.body).toMatchObject({ revision: 1, posts: [{ unitId: 'c', post: 'secretary', from: '2018-06-01' }] });
  });

  it('when the post’s stream is read, then it holds the term, in the same append as the appointment', async () => {
    const person = await t.http.get('/v1/streams/person-wang');
    const post = await t.http.get('/v1/streams/post-c-secretary');
    expect(person.body.events.map((e: { type: string }) => e.type)).toEqual(['PersonRegistered', 'PersonAppointed']);
    expect(post.body.events).toMatchObject([{ type: 'PostTermOpened', data: { personId: 'wang', unitId: 'c', post: 'secretary', effectiveFrom: '2018-06-01' } }]);
    expect(post.body.events[0].metadata.commandId).toBe(person.body.events[1].metadata.commandId);
  });

  it('when an appointment names a stale ETag of the person, then 409 and nothing is written', async () => {
    const head = (await t.http.get('/v1/events?fromPosition=0&limit=1000')).body.events.length;
    await refused(409, () => t.http.post('/v1/people/wang/appoint', { unitId: 'c', post: 'member', effectiveFrom: '2019-01-01' }, { headers: { 'if-match': '"0"' } }));
    expect((await t.http.get('/v1/events?fromPosition=0&limit=1000')).body.events.length).toBe(head);
  });

  it('when the audit trail of the person is read, then the appointment is listed once (its term in the post’s stream is not)', async () => {
    const trail = await t.http.get('/v1/audit-trail?subjectId=wang');
    expect(trail.body.items.map((i: { type: string; streamId: string }) => `${i.type} ${i.streamId}`)).toEqual(['PersonRegistered person-wang', 'PersonAppointed person-wang']);
  });

  it('when ten people are appointed to one vacant secretary post at once, then exactly one is, and the others are told it is occupied', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => t.http.get(`/v1/people/racer-${i}`)));
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => t.http.post(`/v1/people/racer-${i}/appoint`, { unitId: 'c', post: 'head', effectiveFrom: '2019-01-01' })));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    const refusals = replies.filter((r) => r.status !== 201);
    expect(refusals.map((r) => [r.status, r.body.type.split('/').pop()])).toEqual(Array(9).fill([422, 'post-occupied']));
    const terms = (await t.http.get('/v1/streams/post-c-head')).body.events;
    expect(terms).toHaveLength(1);
  });

  it('when thirty people are appointed to one member post at once, then all thirty are, none retried or refused, and all are relieved at once too', async () => {
    const retries = async () => Number(/^command_conflict_retries_total (\d+)$/m.exec(String((await t.http.get('/metrics')).body))?.[1]);
    const before = await retries();
    const tenure = { unitId: 'c', post: 'member', effectiveFrom: '2019-01-01' };
    const appointed = await Promise.all(Array.from({ length: 30 }, (_, i) => t.http.post(`/v1/people/member-${i}/appoint`, tenure)));
    expect(appointed.map((r) => r.status)).toEqual(Array(30).fill(201));
    const relieved = await Promise.all(Array.from({ length: 30 }, (_, i) => t.http.post(`/v1/people/member-${i}/relieve`, { ...tenure, effectiveFrom: '2020-01-01' })));
    expect(relieved.map((r) => r.status)).toEqual(Array(30).fill(201));
    // They took turns on the post's stream: none read a revision another had moved past before its append.
    expect((await retries()) - before).toBe(0);
    expect((await t.http.get('/v1/streams/post-c-member?limit=1000')).body.events).toHaveLength(60);
  });

  it('when two posts’ streams have one name (unit x’s discipline-secretary, unit x-discipline’s secretary), then neither sees the other’s incumbent', async () => {
    for (const unit of [
      { unitId: 'x', name: 'X', kind: 'general-branch', parentUnitId: 'c', effectiveFrom: '2018-01-01' },
      { unitId: 'x-discipline', name: 'X discipline', kind: 'general-branch', parentUnitId: 'c', effectiveFrom: '2018-01-01' },
    ])
      expect((await t.http.post('/v1/units', unit)).status).toBe(201);
    const inX = { unitId: 'x', post: 'discipline-secretary', effectiveFrom: '2019-01-01' };
    const inXDiscipline = { unitId: 'x-discipline', post: 'secretary', effectiveFrom: '2019-01-01' };
    expect((await t.http.post('/v1/people/racer-0/appoint', inX)).status).toBe(201);
    // The other post is vacant, and racer-0 does not hold it.
    expect((await t.http.post('/v1/people/racer-1/appoint', inXDiscipline)).status).toBe(201);
    await refused(422, () => t.http.post('/v1/people/racer-0/relieve', { ...inXDiscipline, effectiveFrom: '2020-01-01' }));
    // And racer-0 still holds theirs alone.
    await refused(422, () => t.http.post('/v1/people/racer-2/appoint', { ...inX, effectiveFrom: '2020-01-01' }));
  });

  it('when the post’s stream was written before persons held appointments (the appointment itself in it), then the rules still see its incumbent', async () => {
    const tenure = { personId: 'li', unitId: 'c', post: 'discipline-secretary', effectiveFrom: '2018-03-01' };
    const metadata = { actor: { name: 'migration', role: 'admin' }, commandId: 'legacy', correlationId: 'legacy', causationId: 'legacy', schemaVersion: 1 };
    await store.append('post-c-discipline-secretary', [{ type: 'PersonAppointed', data: tenure, metadata }], { expectedRevision: 'no_stream' });

    await refused(422, () => t.http.post('/v1/people/wang/appoint', { unitId: 'c', post: 'discipline-secretary', effectiveFrom: '2019-01-01' }));
    const relieved = await t.http.post('/v1/people/li/relieve', { unitId: 'c', post: 'discipline-secretary', effectiveFrom: '2019-01-01' });
    expect(relieved.status).toBe(201);
    expect(relieved.body).toMatchObject({ streamId: 'person-li', revision: 1, events: [{ type: 'PersonRelieved' }] });
    const appointed = await t.http.post('/v1/people/wang/appoint', { unitId: 'c', post: 'discipline-secretary', effectiveFrom: '2019-01-01' });
    expect(appointed.status).toBe(201);

    const post = await t.http.get('/v1/streams/post-c-discipline-secretary');
    expect(post.body.events.map((e: { type: string }) => e.type)).toEqual(['PersonAppointed', 'PostTermClosed', 'PostTermOpened']);
    const li = await t.http.get(`/v1/people/li?consistentWith=${appointed.body.position}`);
    expect(li.body.posts).toEqual([{ unitId: 'c', post: 'discipline-secretary', from: '2018-03-01', to: '2019-01-01', current: false }]);
  });
});
