import {
  actualRevision,
  decodeMetadata,
  encodeMetadata,
  esdbPosition,
  isUnavailableError,
  isUnimplementedError,
  positionNumber,
  streamStateOf,
  toRecordedEvent,
} from './esdb.mapping';

const metadata = {
  actor: { name: 'tester', role: 'admin' },
  commandId: 'c',
  correlationId: 'r',
  causationId: 'c',
  schemaVersion: 1,
  prevHash: '',
  hash: 'ab'.repeat(32),
};

describe('EventStoreDB mapping', () => {
  it('when a $all position is mapped, then it is the prepare position as a number, and back as commit = prepare', () => {
    expect(positionNumber({ commit: 4096n, prepare: 4096n })).toBe(4096);
    expect(esdbPosition(4096)).toEqual({ commit: 4096n, prepare: 4096n });
    expect(positionNumber(esdbPosition(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('when a position is beyond the safe range of a JSON number, then it throws instead of rounding', () => {
    expect(() => positionNumber({ commit: 2n ** 53n, prepare: 2n ** 53n })).toThrow(RangeError);
    expect(() => positionNumber(undefined)).toThrow(/without a \$all position/);
    expect(() => esdbPosition(-1)).toThrow(RangeError);
    expect(() => esdbPosition(1.5)).toThrow(RangeError);
  });

  it('when metadata is encoded, then it is one string value, and decoding gives it back', () => {
    const encoded = encodeMetadata(metadata);
    expect(Object.values(encoded).every((v) => typeof v === 'string')).toBe(true);
    expect(decodeMetadata(encoded)).toEqual(metadata);
    expect(decodeMetadata(Buffer.from(JSON.stringify(encoded)))).toEqual(metadata);
    // Extra properties the server may add beside ours are ignored.
    expect(decodeMetadata({ ...encoded, '$schema.name': 'Happened' })).toEqual(metadata);
  });

  it('when metadata is not ours, then decoding gives null', () => {
    for (const raw of [undefined, null, 'x', [], {}, { dutyLedger: 1 }, { dutyLedger: '{' }, { dutyLedger: '{"actor":{}}' }, Buffer.from('nope')]) {
      expect(decodeMetadata(raw)).toBeNull();
    }
  });

  it('when a recorded event is mapped, then the port sees numbers, our metadata and the commit time in ISO milliseconds', () => {
    const created = new Date('2025-03-01T10:00:00.123Z');
    const event = {
      streamId: 'duty-1',
      id: '0190a6b4-1c2d-7e3f-8a4b-5c6d7e8f9a0b',
      revision: 3n,
      type: 'DutyAssigned',
      created,
      isJson: true,
      data: { a: 1 },
      metadata: encodeMetadata(metadata),
      position: { commit: 900n, prepare: 900n },
    };
    expect(toRecordedEvent(event)).toEqual({
      position: 900,
      streamId: 'duty-1',
      revision: 3,
      eventId: event.id,
      type: 'DutyAssigned',
      data: { a: 1 },
      metadata,
      recordedAt: '2025-03-01T10:00:00.123Z',
    });
    expect(toRecordedEvent({ ...event, isJson: false })).toBeNull();
    expect(toRecordedEvent({ ...event, metadata: { other: 'x' } })).toBeNull();
  });

  it('when stream states are translated, then -1 is no_stream and revisions are bigints both ways', () => {
    expect(streamStateOf(-1)).toBe('no_stream');
    expect(streamStateOf(4)).toBe(4n);
    expect(actualRevision('no_stream')).toBe(-1);
    expect(actualRevision(7n)).toBe(7);
  });

  it('when errors are classified, then connection trouble is unavailable and UNIMPLEMENTED is a missing feature', () => {
    expect(isUnavailableError({ type: 'unavailable' })).toBe(true);
    expect(isUnavailableError({ type: 'deadline-exceeded' })).toBe(true);
    expect(isUnavailableError({ code: 14 })).toBe(true);
    expect(isUnavailableError({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isUnavailableError({ type: 'wrong-expected-version' })).toBe(false);
    expect(isUnavailableError(new Error('boom'))).toBe(false);
    expect(isUnimplementedError({ code: 12 })).toBe(true);
    expect(isUnimplementedError(new Error('12 UNIMPLEMENTED: unknown service'))).toBe(true);
    expect(isUnimplementedError({ code: 14 })).toBe(false);
  });
});
