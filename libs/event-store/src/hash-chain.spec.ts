import fc from 'fast-check';
import { saltKey, type ConfidentialFields } from './confidential';
import { chained, sealed, verifyLink } from './hash-chain';
import type { EventMetadataInput, RecordedEvent } from './event-store.port';

/** The confidential fields of one event type here, as the domain declares them for its own (an accountability's rationale). */
const FIELDS: ConfidentialFields = { Secret: ['rationale'] };

const metadata = fc.record(
  {
    actor: fc.record({ name: fc.string(), role: fc.constantFrom('integrator', 'admin') }),
    commandId: fc.uuid(),
    correlationId: fc.string(),
    causationId: fc.uuid(),
    idempotencyKey: fc.option(fc.string(), { nil: undefined }),
    businessDate: fc.option(fc.constantFrom('2020-01-01', '2024-02-29'), { nil: undefined }),
    schemaVersion: fc.integer({ min: 1, max: 3 }),
  },
  { requiredKeys: ['actor', 'commandId', 'correlationId', 'causationId', 'schemaVersion'] },
) as fc.Arbitrary<EventMetadataInput>;
const event = fc.record({
  streamId: fc.string({ minLength: 1 }),
  revision: fc.nat(),
  type: fc.constantFrom('DutyRevised', 'Secret'),
  data: fc.dictionary(fc.string(), fc.jsonValue()),
  metadata,
});
const prevHash = fc.oneof(fc.constant(''), fc.stringMatching(/^[0-9a-f]{64}$/));

describe('sealed: an event as the log stores it, its texts serialised once for the row and the hash', () => {
  it('when any event is sealed, then its hash is chained’s, and its texts parse back to chained’s metadata and to its data', () => {
    fc.assert(
      fc.property(event, prevHash, (e, prev) => {
        const data = e.type === 'Secret' ? { ...e.data, rationale: 'r', [saltKey('rationale')]: 'ab' } : e.data;
        const expected = chained(FIELDS, { ...e, data }, prev);
        const got = sealed(FIELDS, { ...e, data }, prev);
        expect(got.hash).toBe(expected.hash);
        expect(JSON.parse(got.metadataJson)).toEqual(expected);
        expect(JSON.parse(got.dataJson)).toEqual(JSON.parse(JSON.stringify(data)));
      }),
    );
  });

  it('when a sealed event is read back, then its link verifies; its data altered, then it does not', () => {
    const input = { streamId: 'duty-d1', revision: 0, type: 'DutyRevised', data: { title: '年度责任清单', items: ['部署'] }, metadata: { actor: { name: 'i', role: 'integrator' }, commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion: 1 } };
    const { dataJson, metadataJson } = sealed({}, input, '');
    const stored = { position: 1, streamId: input.streamId, revision: 0, eventId: 'e', type: input.type, data: JSON.parse(dataJson), metadata: JSON.parse(metadataJson), recordedAt: '2025-01-01T00:00:00.000Z' } as RecordedEvent;
    expect(verifyLink({}, stored, '')).toBeNull();
    expect(verifyLink({}, { ...stored, data: { ...stored.data, title: '改' } }, '')).toMatch(/does not match the content/);
  });

  it('when the data is stored, then as its canonical JSON: keys sorted, so the row is the text its hash covers', () => {
    const { dataJson, metadataJson } = sealed({}, { streamId: 's', revision: 2, type: 'T', data: { z: 1, a: { y: [1], b: null } }, metadata: { actor: { name: 'n', role: 'admin' }, commandId: 'c', correlationId: 'k', causationId: 'c', schemaVersion: 1, businessDate: undefined } }, '');
    expect(dataJson).toBe('{"a":{"b":null,"y":[1]},"z":1}');
    expect(metadataJson).toMatch(/^\{"actor":\{"name":"n","role":"admin"\},"causationId":"c","commandId":"c","correlationId":"k","prevHash":"","schemaVersion":1,"hash":"[0-9a-f]{64}"\}$/);
  });
});
