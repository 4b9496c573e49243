import { committed, commitmentOf, type ConfidentialFields } from '@duty-ledger/event-store/confidential';
import {
  DuplicateEventId,
  WrongExpectedRevision,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type SubscribeOptions,
} from '@duty-ledger/event-store/event-store.port';
import { verifyLink } from '@duty-ledger/event-store/hash-chain';

/** The confidential fields every adapter under contract is configured with. */
export const CONTRACT_CONFIDENTIAL_FIELDS: ConfidentialFields = { Secret: ['rationale'] };

export const newEvent = (type = 'Happened', data: Record<string, unknown> = {}, eventId?: string): NewEvent => ({
  ...(eventId ? { eventId } : {}),
  type,
  data,
  metadata: { actor: { name: 'tester', role: 'admin' }, commandId: 'c', correlationId: 'r', causationId: 'c', schemaVersion: 1 },
});

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The whole truth about the EventStore port: every adapter runs this suite (embedded always, servers when
 * configured). `make` builds a fresh store hashing `fields` (CONTRACT_CONFIDENTIAL_FIELDS) as commitments;
 * `teardown` replaces the default `store.close()`.
 */
export function describeEventStoreContract(
  name: string,
  make: (fields: ConfidentialFields) => Promise<EventStore>,
  teardown?: (store: EventStore) => Promise<void>,
): void {
  const FIELDS = CONTRACT_CONFIDENTIAL_FIELDS;

  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let n = 0;
    // Unique per run, so a server-backed store that outlives the test run still starts every stream fresh.
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const stream = () => `contract-${run}-${++n}`;
    const open: { close(): Promise<void> }[] = [];

    /** Subscribes and collects; `until` resolves once the collected events satisfy the predicate. */
    const collect = (options: SubscribeOptions, onBatch?: (batch: RecordedEvent[]) => Promise<void>) => {
      const seen: RecordedEvent[] = [];
      const batches: RecordedEvent[][] = [];
      let check = () => {};
      const subscription = store.subscribe(options, async (batch) => {
        await onBatch?.(batch);
        batches.push(batch);
        seen.push(...batch);
        check();
      });
      open.push(subscription);
      const until = (done: (events: RecordedEvent[]) => boolean) =>
        new Promise<void>((resolve) => {
          check = () => {
            if (done(seen)) resolve();
          };
          check();
        });
      return { seen, batches, until, close: () => subscription.close() };
    };
    const ofStream = (s: string) => (events: RecordedEvent[]) => events.filter((e) => e.streamId === s);

    beforeEach(async () => {
      store = await make(FIELDS);
    });
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
      await (teardown ?? ((s: EventStore) => s.close()))(store);
    });

    describe('appending', () => {
      it('when events are appended to a new stream, then revisions count from 0, positions increase and the result names the last one', async () => {
        const s = stream();
        const result = await store.append(s, [newEvent(), newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        expect(result).toMatchObject({ streamId: s, revision: 2 });
        expect(result.events.map((e) => e.revision)).toEqual([0, 1, 2]);
        const positions = result.events.map((e) => e.position);
        expect(positions[1]).toBeGreaterThan(positions[0]);
        expect(positions[2]).toBeGreaterThan(positions[1]);
        expect(result.position).toBe(positions[2]);
        expect(await store.readStream(s)).toEqual(result.events);
      });

      it('when an event comes without an id, then the store gives it a time-ordered UUIDv7; when it brings one, then that one is kept', async () => {
        const s = stream();
        const mine = '0190a6b4-1c2d-7e3f-8a4b-5c6d7e8f9a0b';
        const { events } = await store.append(s, [newEvent(), newEvent('Happened', {}, mine)], { expectedRevision: 'no_stream' });
        expect(events[0].eventId).toMatch(UUID_V7);
        expect(events[1].eventId).toBe(mine);
      });

      it('when a stream does not exist, then reading it gives no events', async () => {
        expect(await store.readStream(stream())).toEqual([]);
      });

      it('when an event id is already in the log, then the append is refused with DuplicateEventId and writes nothing of that request', async () => {
        const [s, t] = [stream(), stream()];
        const { events } = await store.append(s, [newEvent()], { expectedRevision: 'no_stream' });
        const replay = store.appendMany([
          { streamId: t, events: [newEvent()], expectedRevision: 'no_stream' },
          { streamId: s, events: [newEvent('Happened', {}, events[0].eventId)], expectedRevision: 'any' },
        ]);
        await expect(replay).rejects.toBeInstanceOf(DuplicateEventId);
        await expect(replay).rejects.toMatchObject({ eventId: events[0].eventId });
        expect(await store.readStream(s)).toHaveLength(1);
        expect(await store.readStream(t)).toEqual([]);
      });

      it('when the caller mutates the data it appended, then the log is unchanged', async () => {
        const s = stream();
        const data = { items: ['a'] };
        const { events } = await store.append(s, [newEvent('Happened', data)], { expectedRevision: 'no_stream' });
        data.items.push('b');
        (events[0].data.items as string[]).push('c');
        expect((await store.readStream(s))[0].data).toEqual({ items: ['a'] });
      });
    });

    describe('expected revision', () => {
      it('when no_stream is expected, then a new stream is written and an existing one refused with its actual revision', async () => {
        const s = stream();
        await store.append(s, [newEvent()], { expectedRevision: 'no_stream' });
        const refused = store.append(s, [newEvent()], { expectedRevision: 'no_stream' });
        await expect(refused).rejects.toBeInstanceOf(WrongExpectedRevision);
        await expect(refused).rejects.toMatchObject({ streamId: s, expected: 'no_stream', actual: 0 });
        expect(await store.readStream(s)).toHaveLength(1);
      });

      it('when stream_exists is expected, then an existing stream is written and a missing one refused with actual -1', async () => {
        const [s, missing] = [stream(), stream()];
        await store.append(s, [newEvent()], { expectedRevision: 'no_stream' });
        await expect(store.append(s, [newEvent()], { expectedRevision: 'stream_exists' })).resolves.toMatchObject({ revision: 1 });
        await expect(store.append(missing, [newEvent()], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
          streamId: missing,
          expected: 'stream_exists',
          actual: -1,
        });
        expect(await store.readStream(missing)).toEqual([]);
      });

      it('when a number is expected, then only the stream\'s exact last revision passes', async () => {
        const s = stream();
        await store.append(s, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        await expect(store.append(s, [newEvent()], { expectedRevision: 0 })).rejects.toMatchObject({ expected: 0, actual: 1 });
        await expect(store.append(s, [newEvent()], { expectedRevision: 5 })).rejects.toMatchObject({ expected: 5, actual: 1 });
        await expect(store.append(stream(), [newEvent()], { expectedRevision: 0 })).rejects.toMatchObject({ actual: -1 });
        await expect(store.append(s, [newEvent()], { expectedRevision: 1 })).resolves.toMatchObject({ revision: 2 });
        expect(await store.readStream(s)).toHaveLength(3);
      });

      it('when any is expected, then new and existing streams are both written', async () => {
        const s = stream();
        await expect(store.append(s, [newEvent()], { expectedRevision: 'any' })).resolves.toMatchObject({ revision: 0 });
        await expect(store.append(s, [newEvent()], { expectedRevision: 'any' })).resolves.toMatchObject({ revision: 1 });
      });

      it('when 20 writers race on one expected revision, then exactly one wins and the others learn the new revision', async () => {
        const s = stream();
        await store.append(s, [newEvent()], { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => store.append(s, [newEvent()], { expectedRevision: 0 })));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ name: 'WrongExpectedRevision', actual: 1 });
        expect(await store.readStream(s)).toHaveLength(2);
      });

      it('when concurrent appends include one that fails its check, then only that one is refused and the others are written', async () => {
        const [a, b, c] = [stream(), stream(), stream()];
        await store.append(b, [newEvent()], { expectedRevision: 'no_stream' });
        const [ra, rb, rc] = await Promise.allSettled([
          store.append(a, [newEvent()], { expectedRevision: 'no_stream' }),
          store.append(b, [newEvent()], { expectedRevision: 'no_stream' }),
          store.append(c, [newEvent()], { expectedRevision: 'no_stream' }),
        ]);
        expect([ra.status, rb.status, rc.status]).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(await store.readStream(a)).toHaveLength(1);
        expect(await store.readStream(b)).toHaveLength(1);
        expect(await store.readStream(c)).toHaveLength(1);
      });

      it('when concurrent appends go to different streams, then each resolves with its own events at distinct positions', async () => {
        const streams = Array.from({ length: 16 }, stream);
        const results = await Promise.all(streams.map((s) => store.append(s, [newEvent('A', { s })], { expectedRevision: 'no_stream' })));
        results.forEach((r, i) => {
          expect(r.streamId).toBe(streams[i]);
          expect(r.events[0].data).toEqual({ s: streams[i] });
        });
        expect(new Set(results.map((r) => r.position)).size).toBe(16);
      });
    });

    describe('multi-stream appends', () => {
      it('when one stream of a multi-stream append fails its check, then no stream is written', async () => {
        const [a, b, guard] = [stream(), stream(), stream()];
        await store.append(guard, [newEvent()], { expectedRevision: 'no_stream' });
        await expect(
          store.appendMany([
            { streamId: a, events: [newEvent()], expectedRevision: 'no_stream' },
            { streamId: b, events: [newEvent(), newEvent()], expectedRevision: 'any' },
            { streamId: guard, events: [newEvent()], expectedRevision: 'no_stream' },
          ]),
        ).rejects.toMatchObject({ name: 'WrongExpectedRevision', streamId: guard, actual: 0 });
        expect(await store.readStream(a)).toEqual([]);
        expect(await store.readStream(b)).toEqual([]);
        expect(await store.readStream(guard)).toHaveLength(1);
      });

      it('when a multi-stream append passes, then every stream is written, in request order, at one record time', async () => {
        const [a, guard] = [stream(), stream()];
        const [ra, rg] = await store.appendMany([
          { streamId: a, events: [newEvent(), newEvent()], expectedRevision: 'no_stream' },
          { streamId: guard, events: [newEvent()], expectedRevision: 'no_stream' },
        ]);
        expect(ra).toMatchObject({ streamId: a, revision: 1 });
        expect(rg).toMatchObject({ streamId: guard, revision: 0 });
        expect(rg.position).toBeGreaterThan(ra.position);
        expect(new Set([...ra.events, ...rg.events].map((e) => e.recordedAt)).size).toBe(1);
        expect(await store.readStream(guard)).toEqual(rg.events);
      });

      it('when one request appends twice to the same stream, then the second part continues the first', async () => {
        const s = stream();
        const [first, second] = await store.appendMany([
          { streamId: s, events: [newEvent()], expectedRevision: 'no_stream' },
          { streamId: s, events: [newEvent()], expectedRevision: 0 },
        ]);
        expect([first.revision, second.revision]).toEqual([0, 1]);
        expect(verifyLink(FIELDS, second.events[0], first.events[0].metadata.hash)).toBeNull();
      });
    });

    describe('reading', () => {
      it('when reading a stream from a revision, then only the events from that revision on come back, within toPosition', async () => {
        const s = stream();
        const { events } = await store.append(s, [newEvent(), newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        const ids = (xs: RecordedEvent[]) => xs.map((e) => e.eventId);
        expect(ids(await store.readStream(s, { fromRevision: 1 }))).toEqual(ids(events.slice(1)));
        expect(ids(await store.readStream(s, { fromRevision: 1, toPosition: events[1].position }))).toEqual(ids(events.slice(1, 2)));
        expect(await store.readStream(s, { fromRevision: 3 })).toEqual([]);
        expect(await store.readStream(stream(), { fromRevision: 2 })).toEqual([]);
      });

      it('when reading a stream as of a position, then its later events are invisible', async () => {
        const s = stream();
        const first = await store.append(s, [newEvent()], { expectedRevision: 'no_stream' });
        await store.append(stream(), [newEvent()], { expectedRevision: 'no_stream' });
        const second = await store.append(s, [newEvent()], { expectedRevision: 0 });
        expect(await store.readStream(s, { toPosition: first.position })).toEqual(first.events);
        expect(await store.readStream(s, { toPosition: second.position - 1 })).toEqual(first.events);
        expect(await store.readStream(s, { toPosition: first.position - 1 })).toEqual([]);
        expect(await store.readStream(s, { toPosition: second.position })).toHaveLength(2);
      });

      it('when reading a stream from a position with a limit, then that page of it comes back, within toPosition', async () => {
        const s = stream();
        const first = await store.append(s, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        await store.append(stream(), [newEvent()], { expectedRevision: 'no_stream' });
        const second = await store.append(s, [newEvent(), newEvent()], { expectedRevision: 1 });
        const all = [...first.events, ...second.events];
        const ids = (xs: RecordedEvent[]) => xs.map((e) => e.eventId);
        expect(ids(await store.readStream(s, { limit: 3 }))).toEqual(ids(all.slice(0, 3)));
        expect(ids(await store.readStream(s, { fromPosition: all[1].position + 1, limit: 1 }))).toEqual(ids(all.slice(2, 3)));
        expect(ids(await store.readStream(s, { fromPosition: all[1].position, limit: 10 }))).toEqual(ids(all.slice(1)));
        expect(ids(await store.readStream(s, { fromRevision: 1, limit: 2, toPosition: first.position }))).toEqual(ids(all.slice(1, 2)));
        expect(await store.readStream(s, { fromPosition: all[3].position + 1 })).toEqual([]);
        expect(await store.readStream(s, { limit: 0 })).toEqual([]);
      });

      it('when the last event of a stream is asked for, then it is the last at or before the point, or null', async () => {
        const s = stream();
        const first = await store.append(s, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        await store.append(stream(), [newEvent()], { expectedRevision: 'no_stream' });
        const second = await store.append(s, [newEvent()], { expectedRevision: 1 });
        expect(await store.readLastEvent(s)).toEqual(second.events[0]);
        expect(await store.readLastEvent(s, { toPosition: second.position - 1 })).toEqual(first.events[1]);
        expect(await store.readLastEvent(s, { toPosition: first.events[0].position })).toEqual(first.events[0]);
        expect(await store.readLastEvent(s, { toPosition: first.events[0].position - 1 })).toBeNull();
        expect(await store.readLastEvent(stream())).toBeNull();
      });

      it('when the last event of a long stream is asked for as of an early point, then it is found past many later ones', async () => {
        const s = stream();
        const [early] = (await store.append(s, [newEvent(), newEvent(), newEvent()], { expectedRevision: 'no_stream' })).events.slice(-1);
        const later = await store.append(s, Array.from({ length: 250 }, () => newEvent()), { expectedRevision: 2 });
        expect(await store.readLastEvent(s, { toPosition: early.position })).toEqual(early);
        expect((await store.readLastEvent(s, { toPosition: later.events[120].position }))?.revision).toBe(123);
        expect((await store.readLastEvent(s))?.revision).toBe(252);
      });

      it('when reading the log, then windows are inclusive at both ends, ordered by position and cut by limit', async () => {
        const written = (await store.append(stream(), [newEvent(), newEvent(), newEvent(), newEvent()], { expectedRevision: 'no_stream' })).events;
        const ids = (events: RecordedEvent[]) => events.map((e) => e.eventId);
        const [p0, p1, p2, p3] = written.map((e) => e.position);
        expect(ids(await store.readAll({ fromPosition: p1, toPosition: p2 }))).toEqual(ids(written.slice(1, 3)));
        expect(ids(await store.readAll({ fromPosition: p0, limit: 2 }))).toEqual(ids(written.slice(0, 2)));
        expect(ids(await store.readAll({ fromPosition: p1 }))).toEqual(ids(written.slice(1)));
        expect(await store.readAll({ fromPosition: p3 + 1 })).toEqual([]);
        const all = await store.readAll();
        expect(ids(all.slice(-4))).toEqual(ids(written));
        for (let i = 1; i < all.length; i++) expect(all[i].position).toBeGreaterThan(all[i - 1].position);
      });

      it('when asking for the head and for one position, then the head is the last event and readAt finds exactly that event', async () => {
        const written = (await store.append(stream(), [newEvent(), newEvent()], { expectedRevision: 'no_stream' })).events;
        expect(await store.headPosition()).toBe(written[1].position);
        expect(await store.readAt(written[0].position)).toEqual(written[0]);
        expect(await store.readAt(written[1].position + 1_000_000)).toBeNull();
      });

      it('when the adapter counts the log, then two more events in one new stream and one more in another count as 3 events and 2 streams', async () => {
        if (!store.size) return; // optional: operators' stats only
        const before = await store.size();
        await store.append(stream(), [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        await store.append(stream(), [newEvent()], { expectedRevision: 'no_stream' });
        expect(await store.size()).toEqual({ events: before.events + 3, streams: before.streams + 2 });
      });

      it('when asking for the position at an instant, then it is the last event recorded at or before it, in any ISO form', async () => {
        const s = stream();
        const first = await store.append(s, [newEvent()], { expectedRevision: 'no_stream' });
        const second = await store.append(s, [newEvent()], { expectedRevision: 0 });
        const at = (instant: string) => store.positionAt(instant);
        expect(await at(second.events[0].recordedAt)).toEqual({ position: second.position, recordedAt: second.events[0].recordedAt });
        const atFirst = await at(first.events[0].recordedAt);
        expect(atFirst!.position).toBeGreaterThanOrEqual(first.position);
        expect(atFirst!.recordedAt).toBe(first.events[0].recordedAt);
        const justBefore = new Date(Date.parse(first.events[0].recordedAt) - 1).toISOString();
        const before = await at(justBefore);
        expect(before === null || before.position < first.position).toBe(true);
        expect(await at('1970-01-01T00:00:00Z')).toBeNull();
        expect(await at('9999-12-31T23:59:59.999Z')).toMatchObject({ position: second.position });
        // The same instant written with an offset and without milliseconds gives the same answer.
        const wholeSecond = first.events[0].recordedAt.slice(0, 19) + 'Z';
        const shifted = new Date(Date.parse(wholeSecond) + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
        expect(await at(shifted)).toEqual(await at(wholeSecond));
        const inSecond = await at(wholeSecond);
        expect(inSecond === null || Date.parse(inSecond.recordedAt) <= Date.parse(wholeSecond)).toBe(true);
      });

      it('when events are appended, then recordedAt is an ISO instant in milliseconds that never decreases along the log', async () => {
        for (let i = 0; i < 5; i++) await store.append(stream(), [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        const all = await store.readAll();
        for (const e of all) expect(e.recordedAt).toMatch(ISO_MS);
        for (let i = 1; i < all.length; i++) expect(all[i].recordedAt >= all[i - 1].recordedAt).toBe(true);
      });
    });

    describe('tamper evidence', () => {
      it('when events are chained, then every link verifies from "" and a changed event no longer does', async () => {
        const s = stream();
        await store.append(s, [newEvent('Happened', { n: 1 }), newEvent('Happened', { n: 2 })], { expectedRevision: 'no_stream' });
        await store.append(s, [newEvent('Happened', { n: 3 })], { expectedRevision: 1 });
        const events = await store.readStream(s);
        let prev = '';
        for (const e of events) {
          expect(e.metadata.prevHash).toBe(prev);
          expect(verifyLink(FIELDS, e, prev)).toBeNull();
          prev = e.metadata.hash;
        }
        expect(verifyLink(FIELDS, { ...events[1], data: { n: 20 } }, events[0].metadata.hash)).toMatch(/does not match/);
        expect(verifyLink(FIELDS, { ...events[1], revision: 5 }, events[0].metadata.hash)).toMatch(/does not match/);
        expect(verifyLink(FIELDS, events[2], events[0].metadata.hash)).toMatch(/does not link/);
      });

      it('when a confidential field is stored, then its plain value and salt are kept and the hash verifies from the committed form alone', async () => {
        const s = stream();
        const [written] = (await store.append(s, [newEvent('Secret', { rationale: 'private words', other: 1 })], { expectedRevision: 'no_stream' })).events;
        const [stored] = await store.readStream(s);
        expect(stored).toEqual(written);
        expect(stored.data.rationale).toBe('private words');
        const salt = stored.data.rationaleSalt as string;
        expect(salt).toMatch(/^[0-9a-f]{32}$/);
        expect(verifyLink(FIELDS, stored, '')).toBeNull();
        // What an unprivileged reader gets: the commitment, no value, no salt; it verifies knowing no confidential fields.
        const view = { ...stored, data: committed(FIELDS, stored.type, stored.data) };
        expect(view.data).toEqual({ rationale: { commitment: commitmentOf('private words', salt) }, other: 1 });
        expect(verifyLink({}, view, '')).toBeNull();
        expect(verifyLink({}, { ...view, data: { ...view.data, rationale: { commitment: commitmentOf('other words', salt) } } }, '')).toMatch(/does not match/);
      });

      it('when a confidential field arrives with a salt, then that salt is kept', async () => {
        const salt = 'ab'.repeat(16);
        const [e] = (await store.append(stream(), [newEvent('Secret', { rationale: 'r', rationaleSalt: salt })], { expectedRevision: 'no_stream' })).events;
        expect(e.data.rationaleSalt).toBe(salt);
      });
    });

    describe('subscriptions', () => {
      it('when subscribed, then past events arrive (catch-up), then new ones (live), in log order', async () => {
        const s = stream();
        const first = await store.append(s, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        const sub = collect({ afterPosition: first.events[0].position - 1, batchSize: 1 });
        await sub.until((seen) => ofStream(s)(seen).length >= 2);
        await store.append(s, [newEvent()], { expectedRevision: 1 });
        await sub.until((seen) => ofStream(s)(seen).length >= 3);
        expect(ofStream(s)(sub.seen).map((e) => e.revision)).toEqual([0, 1, 2]);
        for (let i = 1; i < sub.seen.length; i++) expect(sub.seen[i].position).toBeGreaterThan(sub.seen[i - 1].position);
      });

      it('when subscribed after a checkpoint, then delivery resumes strictly after it', async () => {
        const s = stream();
        const { events } = await store.append(s, [newEvent(), newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        const sub = collect({ afterPosition: events[1].position });
        await sub.until((seen) => ofStream(s)(seen).length >= 1);
        expect(sub.seen[0].eventId).toBe(events[2].eventId);
      });

      it('when a subscription is closed and another resumes from the last position seen, then nothing is lost or repeated', async () => {
        const s = stream();
        const first = await store.append(s, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        const one = collect({ afterPosition: first.events[0].position - 1 });
        await one.until((seen) => ofStream(s)(seen).length >= 2);
        await one.close();
        await store.append(s, [newEvent()], { expectedRevision: 1 });
        const checkpoint = one.seen[one.seen.length - 1].position;
        const two = collect({ afterPosition: checkpoint });
        await two.until((seen) => ofStream(s)(seen).length >= 1);
        expect(ofStream(s)([...one.seen, ...two.seen]).map((e) => e.revision)).toEqual([0, 1, 2]);
      });

      it('when close resolves, then the handler is not running and is never called again', async () => {
        const s = stream();
        let running = false;
        const sub = collect({ afterPosition: (await store.append(s, [newEvent()], { expectedRevision: 'no_stream' })).position - 1 }, async () => {
          running = true;
          await new Promise((resolve) => setTimeout(resolve, 20));
          running = false;
        });
        await sub.until((seen) => seen.length >= 1);
        await store.append(s, [newEvent()], { expectedRevision: 0 });
        await sub.close();
        expect(running).toBe(false);
        const count = sub.seen.length;
        await store.append(s, [newEvent()], { expectedRevision: 'any' });
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(sub.seen).toHaveLength(count);
      });

      it('when batches are delivered, then each is at most batchSize and the next waits for the handler to finish', async () => {
        const s = stream();
        const { events } = await store.append(s, Array.from({ length: 7 }, () => newEvent()), { expectedRevision: 'no_stream' });
        let inHandler = 0;
        let overlapped = false;
        const sub = collect({ afterPosition: events[0].position - 1, batchSize: 3 }, async () => {
          overlapped ||= inHandler > 0;
          inHandler++;
          await new Promise((resolve) => setImmediate(resolve));
          inHandler--;
        });
        await sub.until((seen) => ofStream(s)(seen).length >= 7);
        expect(overlapped).toBe(false);
        for (const batch of sub.batches) expect(batch.length).toBeLessThanOrEqual(3);
        expect(ofStream(s)(sub.seen).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      });

      it('when the adapter tells of its commits, then each commit runs the listener before the append resolves, and a removed listener no longer runs', async () => {
        if (!store.onCommit) return; // optional: where subscribers poll for new events
        let calls = 0;
        const remove = store.onCommit(() => calls++);
        await store.append(stream(), [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        expect(calls).toBe(1);
        remove();
        await store.append(stream(), [newEvent()], { expectedRevision: 'no_stream' });
        expect(calls).toBe(1);
      });

      it('when the handler fails, then the same batch is delivered again and nothing is skipped', async () => {
        const s = stream();
        const { events } = await store.append(s, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        let failed = false;
        const sub = collect({ afterPosition: events[0].position - 1, batchSize: 1 }, async (batch) => {
          if (!failed && batch[0].eventId === events[1].eventId) {
            failed = true;
            throw new Error('projection hiccup');
          }
        });
        await sub.until((seen) => ofStream(s)(seen).length >= 2);
        expect(failed).toBe(true);
        expect(ofStream(s)(sub.seen).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      });
    });
  });
}
