import { verifyLink } from '@duty-ledger/event-store/hash-chain';
import { commitmentOf } from '@duty-ledger/event-store/confidential';
import { WrongExpectedRevision, type EventStore, type NewEvent, type RecordedEvent } from '@duty-ledger/event-store/event-store.port';

const FIELDS = { Secret: ['rationale'] };

export const newEvent = (type = 'Happened', data: Record<string, unknown> = {}): NewEvent => ({
  type,
  data,
  metadata: { actor: { name: 'tester', role: 'admin' }, commandId: 'c', correlationId: 'r', causationId: 'c', schemaVersion: 1 },
});

/**
 * The whole truth about the EventStore port: every adapter runs this suite (embedded always, servers when configured).
 * `make` gets the confidential fields the store must hash as commitments: `{ Secret: ['rationale'] }`.
 */
export function describeEventStoreContract(name: string, make: (fields: typeof FIELDS) => Promise<EventStore>) {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let n = 0;
    const stream = () => `contract-${Date.now().toString(36)}-${++n}`;

    beforeEach(async () => {
      store = await make(FIELDS);
    });
    afterEach(async () => {
      await store.close();
    });

    it('when events are appended to a new stream, then revisions count from 0 and positions increase', async () => {
      const s = stream();
      const result = await store.append(s, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
      expect(result.revision).toBe(1);
      const events = await store.readStream(s);
      expect(events.map((e) => e.revision)).toEqual([0, 1]);
      expect(events[1].position).toBeGreaterThan(events[0].position);
      expect(result.position).toBe(events[1].position);
    });

    it('when the expected revision is wrong, then WrongExpectedRevision carries the actual one and nothing is written', async () => {
      const s = stream();
      await store.append(s, [newEvent()], { expectedRevision: 'no_stream' });
      await expect(store.append(s, [newEvent()], { expectedRevision: 'no_stream' })).rejects.toMatchObject({ actual: 0 });
      await expect(store.append(s, [newEvent()], { expectedRevision: 5 })).rejects.toBeInstanceOf(WrongExpectedRevision);
      await expect(store.append(stream(), [newEvent()], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({ actual: -1 });
      expect(await store.readStream(s)).toHaveLength(1);
      await store.append(s, [newEvent()], { expectedRevision: 0 });
      await store.append(s, [newEvent()], { expectedRevision: 'stream_exists' });
      await store.append(s, [newEvent()], { expectedRevision: 'any' });
      expect(await store.readStream(s)).toHaveLength(4);
    });

    it('when one stream of a multi-stream append fails its check, then no stream is written', async () => {
      const [a, guard] = [stream(), stream()];
      await store.append(guard, [newEvent()], { expectedRevision: 'no_stream' });
      await expect(
        store.appendMany([
          { streamId: a, events: [newEvent()], expectedRevision: 'no_stream' },
          { streamId: guard, events: [newEvent()], expectedRevision: 'no_stream' },
        ]),
      ).rejects.toBeInstanceOf(WrongExpectedRevision);
      expect(await store.readStream(a)).toEqual([]);
      expect(await store.readStream(guard)).toHaveLength(1);
    });

    it('when 20 writers race on one expected revision, then exactly one wins', async () => {
      const s = stream();
      await store.append(s, [newEvent()], { expectedRevision: 'no_stream' });
      const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => store.append(s, [newEvent()], { expectedRevision: 0 })));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('when concurrent appends to different streams are grouped, then each resolves with its own events', async () => {
      const streams = Array.from({ length: 16 }, stream);
      const results = await Promise.all(streams.map((s) => store.append(s, [newEvent('A', { s })], { expectedRevision: 'no_stream' })));
      results.forEach((r, i) => {
        expect(r.streamId).toBe(streams[i]);
        expect(r.events[0].data).toEqual({ s: streams[i] });
      });
      expect(new Set(results.map((r) => r.position)).size).toBe(16);
    });

    it('when reading as of a position, then later events of the stream are invisible', async () => {
      const s = stream();
      const first = await store.append(s, [newEvent()], { expectedRevision: 'no_stream' });
      await store.append(s, [newEvent()], { expectedRevision: 0 });
      expect(await store.readStream(s, { toPosition: first.position })).toHaveLength(1);
      expect(await store.readStream(s, { toPosition: first.position - 1 })).toEqual([]);
    });

    it('when reading the log, then windows are inclusive and ordered, and head, readAt and positionAt agree', async () => {
      const s = stream();
      const written = (await store.append(s, [newEvent(), newEvent(), newEvent()], { expectedRevision: 'no_stream' })).events;
      const window = await store.readAll({ fromPosition: written[1].position, toPosition: written[2].position });
      expect(window.map((e) => e.eventId)).toEqual([written[1].eventId, written[2].eventId]);
      expect(await store.readAll({ fromPosition: written[0].position, limit: 1 })).toHaveLength(1);
      expect(await store.headPosition()).toBe(written[2].position);
      expect((await store.readAt(written[1].position))?.eventId).toBe(written[1].eventId);
      const at = await store.positionAt(written[2].recordedAt);
      expect(at?.position).toBe(written[2].position);
      expect(await store.positionAt('2000-01-01T00:00:00.000Z')).toBeNull();
    });

    it('when events are appended, then recordedAt never decreases along the log and event ids are time-ordered UUIDs', async () => {
      for (let i = 0; i < 5; i++) await store.append(stream(), [newEvent()], { expectedRevision: 'no_stream' });
      const all = await store.readAll({});
      for (let i = 1; i < all.length; i++) expect(all[i].recordedAt >= all[i - 1].recordedAt).toBe(true);
      expect(all[0].eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('when events are chained, then every link verifies and the chain starts from ""', async () => {
      const s = stream();
      await store.append(s, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
      await store.append(s, [newEvent()], { expectedRevision: 1 });
      const events = await store.readStream(s);
      let prev = '';
      for (const e of events) {
        expect(verifyLink(FIELDS, e, prev)).toBeNull();
        prev = e.metadata.hash;
      }
      const tampered: RecordedEvent = { ...events[1], data: { changed: true } };
      expect(verifyLink(FIELDS, tampered, events[0].metadata.hash)).toMatch(/does not match/);
    });

    it('when a confidential field is stored, then the plain value and its salt are kept and the hash covers the commitment', async () => {
      const s = stream();
      const [event] = (await store.append(s, [newEvent('Secret', { rationale: 'private words' })], { expectedRevision: 'no_stream' })).events;
      const [stored] = await store.readStream(s);
      expect(stored.data.rationale).toBe('private words');
      expect(stored.data.rationaleSalt).toMatch(/^[0-9a-f]{32}$/);
      expect(verifyLink(FIELDS, stored, '')).toBeNull();
      expect(commitmentOf('private words', stored.data.rationaleSalt as string)).toMatch(/^[0-9a-f]{64}$/);
      expect(event.metadata.hash).toBe(stored.metadata.hash);
    });

    it('when subscribed, then past events arrive (catch-up), then new ones (live), in order, and close stops delivery', async () => {
      const s = stream();
      const first = await store.append(s, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
      const seen: RecordedEvent[] = [];
      let notify = () => {};
      const sub = store.subscribe({ afterPosition: first.events[0].position, batchSize: 1 }, async (batch) => {
        seen.push(...batch);
        notify();
      });
      const until = (count: number) =>
        new Promise<void>((resolve) => {
          notify = () => seen.length >= count && resolve();
          notify();
        });
      await until(1);
      expect(seen[0].eventId).toBe(first.events[1].eventId);
      await store.append(s, [newEvent()], { expectedRevision: 1 });
      await until(2);
      expect(seen.map((e) => e.revision)).toEqual([1, 2]);
      await sub.close();
      await store.append(s, [newEvent()], { expectedRevision: 2 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen).toHaveLength(2);
    });
  });
}
