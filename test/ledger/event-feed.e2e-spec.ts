import type { Reply } from '../support/http';
import { itRefusesBadReadPoints } from '../support/read-point-refusals';
import { startTestApp, type TestApp } from '../support/test-app';

interface FeedEvent {
  position: number;
  streamId: string;
  revision: number;
  recordedAt: string;
}

/** The raw log's two feeds read as every read is (API.md "Reads"): as of a point, paged by position, with `meta` and `next`. */
describe('the event feeds at a read point', () => {
  let t: TestApp;
  let log: FeedEvent[];

  beforeAll(async () => {
    t = await startTestApp();
    const posted: number[] = [];
    const ok = async (path: string, body: unknown) => {
      const reply = await t.http.post(path, body);
      expect({ path, status: reply.status }).toEqual({ path, status: 201 });
      posted.push(reply.body.position);
    };
    await ok('/v1/units', { unitId: 'c', name: 'C', kind: 'party-committee', effectiveFrom: '2018-01-01' });
    for (let i = 0; i < 4; i++) await ok('/v1/people', { personId: `p${i}`, name: `P${i}` });
    await ok('/v1/units/c/rename', { name: 'C2', effectiveFrom: '2019-01-01' });
    await ok('/v1/units/c/rename', { name: 'C3', effectiveFrom: '2020-01-01' });
    expect((await t.http.get(`/v1/events?limit=1000&consistentWith=${posted.at(-1)}`)).status).toBe(200);
    log = (await t.http.get('/v1/events?limit=1000')).body.events;
  });
  afterAll(() => t.close());

  /** Every page from `fromPosition` 0 on, following `next`. */
  async function pages(path: string): Promise<Reply[]> {
    const replies: Reply[] = [];
    for (let from: number | null = 0; from !== null; ) {
      const reply: Reply = await t.http.get(`${path}${path.includes('?') ? '&' : '?'}fromPosition=${from}`);
      expect(reply.status).toBe(200);
      expect(reply.body.next === null || Number.isSafeInteger(reply.body.next)).toBe(true);
      replies.push(reply);
      from = reply.body.next;
    }
    return replies;
  }

  const problem = (reply: Reply) => ({ status: reply.status, type: reply.headers.get('content-type') });
  const unitStream = () => log.filter((e) => e.streamId === 'unit-c');

  describe('GET /v1/events', () => {
    it('when asOfPosition names an event, then the feed ends at that event, next is null once a page reaches it, and meta describes that point', async () => {
      const point = log[3];
      const { body } = await t.http.get(`/v1/events?asOfPosition=${point.position}&limit=100`);
      expect(body.events).toEqual(log.slice(0, 4));
      expect(body.next).toBeNull();
      expect(body.meta).toEqual({ asOfPosition: point.position, asOfRecordedAt: point.recordedAt, projectedPosition: expect.any(Number) });

      const paged = await pages(`/v1/events?asOfPosition=${point.position}&limit=2`);
      expect(paged.flatMap((r) => r.body.events)).toEqual(log.slice(0, 4));
      expect(paged.map((r) => r.body.meta.asOfPosition)).toEqual(paged.map(() => point.position));
    });

    it('when asOf names an instant, then the feed holds the events recorded at or before it; before the first event it is empty', async () => {
      const instant = log[2].recordedAt;
      const recorded = log.filter((e) => e.recordedAt <= instant);
      const { body } = await t.http.get(`/v1/events?asOf=${instant}`);
      expect(body.events).toEqual(recorded);
      expect(body.next).toBeNull();
      expect(body.meta).toMatchObject({ asOfPosition: recorded.at(-1)!.position, asOfRecordedAt: recorded.at(-1)!.recordedAt });

      const before = await t.http.get('/v1/events?asOf=2000-01-01T00:00:00Z');
      expect(before.body).toEqual({ events: [], next: null, meta: { asOfPosition: null, asOfRecordedAt: null, projectedPosition: expect.any(Number) } });
    });

    itRefusesBadReadPoints('/v1/events', () => t, () => log);
  });

  describe('GET /v1/streams/:streamId', () => {
    it('when a stream is read, then it answers next (null at its end) beside streamId, revision, events and meta', async () => {
      const { status, body } = await t.http.get('/v1/streams/unit-c');
      expect(status).toBe(200);
      expect(body).toEqual({ streamId: 'unit-c', revision: 2, events: unitStream(), next: null, meta: expect.objectContaining({ asOfPosition: log.at(-1)!.position }) });
    });

    it('when limit is given, then it pages by position: fromPosition inclusive, next the following page’s, revision the stream’s throughout', async () => {
      const paged = await pages('/v1/streams/unit-c?limit=1');
      const stream = unitStream();
      expect(paged.map((r) => r.body.events)).toEqual(stream.map((e) => [e]));
      expect(paged.map((r) => r.body.next)).toEqual([...stream.slice(1).map((e) => e.position), null]);
      expect(paged.map((r) => r.body.revision)).toEqual([2, 2, 2]);
    });

    it('when read as of a position between its events, then the stream as it stood: its revision then, next null at the point', async () => {
      const [, renamed] = unitStream();
      const whole = await t.http.get(`/v1/streams/unit-c?asOfPosition=${renamed.position}`);
      expect(whole.body).toMatchObject({ streamId: 'unit-c', revision: 1, events: unitStream().slice(0, 2), next: null, meta: { asOfPosition: renamed.position } });
      const paged = await pages(`/v1/streams/unit-c?asOfPosition=${renamed.position}&limit=1`);
      expect(paged.map((r) => r.body.events[0].revision)).toEqual([0, 1]);
      expect(paged.map((r) => r.body.revision)).toEqual([1, 1]);
    });

    itRefusesBadReadPoints('/v1/streams/unit-c', () => t, () => log);

    it('when limit is over 1000 or below 1, or fromPosition is not a whole number, then 400 problem+json', async () => {
      for (const query of ['limit=1001', 'limit=0', 'fromPosition=-1', 'fromPosition=x']) {
        const reply = await t.http.get(`/v1/streams/unit-c?${query}`);
        expect({ query, ...problem(reply) }).toEqual({ query, status: 400, type: expect.stringContaining('application/problem+json') });
      }
    });
  });

  describe('GET /v1/audit-trail (record time, like the feeds)', () => {
    itRefusesBadReadPoints('/v1/audit-trail?subjectId=c', () => t, () => log);
  });
});
