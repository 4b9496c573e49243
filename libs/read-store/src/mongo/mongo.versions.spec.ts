import { OPEN, asOfBound, assertFieldName, databaseOf, findQuery, newVersion, planWrites, toStored, type VersionDocument } from './mongo.versions';

const change = (position: number, id: string, doc: Record<string, unknown> | null) => ({
  position,
  recordedAt: `r${position}`,
  changes: [{ collection: 'duties', id, doc }],
});

describe('MongoDB version documents', () => {
  it('when a version is made, then it is keyed <collection>:<id>:<fromPosition> and open with the sentinel; stored, the sentinel reads as null', () => {
    const version = newVersion('duties', 'd1', 7, 'r7', { a: 1 });
    expect(version).toEqual({ _id: 'duties:d1:7', id: 'd1', fromPosition: 7, toPosition: OPEN, fromRecordedAt: 'r7', toRecordedAt: null, doc: { a: 1 } });
    expect(toStored(version)).toEqual({ id: 'd1', doc: { a: 1 }, fromPosition: 7, toPosition: null, fromRecordedAt: 'r7', toRecordedAt: null });
    expect(OPEN).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('when no asOf is given, then the bound is the latest; a bound past the sentinel is clamped', () => {
    expect(asOfBound()).toBe(OPEN - 1);
    expect(asOfBound({ asOfPosition: 5 })).toBe(5);
    expect(asOfBound({ asOfPosition: OPEN + 10 })).toBe(OPEN - 1);
  });

  it('when a filter is translated, then declared fields become doc.<field> equality or $in, inside the as-of range, after the cursor', () => {
    expect(findQuery('duties', ['unitId', 'areas'], { unitId: 'u1', areas: { in: ['a', 'a', 'b'] } }, 9, 'd3')).toEqual({
      fromPosition: { $lte: 9 },
      toPosition: { $gt: 9 },
      id: { $gt: 'd3' },
      'doc.unitId': 'u1',
      'doc.areas': { $in: ['a', 'b'] },
    });
    expect(findQuery('duties', [], {}, 9)).toEqual({ fromPosition: { $lte: 9 }, toPosition: { $gt: 9 } });
    expect(findQuery('duties', ['unitId'], { unitId: { in: [] } }, 9)).toBeNull();
    // Values keep their type: MongoDB's equality then keeps 1, "1" and true apart.
    expect(findQuery('duties', ['year'], { year: 2025 }, 9)).toMatchObject({ 'doc.year': 2025 });
    expect(findQuery('duties', ['year'], { year: '2025' }, 9)).toMatchObject({ 'doc.year': '2025' });
  });

  it('when a filter names an undeclared field, or a field name is a path, then it throws', () => {
    expect(() => findQuery('duties', ['unitId'], { title: 'x' }, 9)).toThrow(/not a declared index field/);
    expect(() => assertFieldName('a.b')).toThrow();
    expect(() => assertFieldName('$where')).toThrow();
    expect(() => assertFieldName('unitId')).not.toThrow();
  });

  it('when the URI names a database, then that one; else none', () => {
    expect(databaseOf('mongodb://h1:27017,h2:27017/ledger?replicaSet=rs0')).toBe('ledger');
    expect(databaseOf('mongodb+srv://user:p%2Fw@cluster.example.net/my%20db')).toBe('my db');
    expect(databaseOf('mongodb://localhost:27017/?replicaSet=rs0')).toBeUndefined();
    expect(databaseOf('mongodb://localhost:27017')).toBeUndefined();
  });
});

describe('planning the writes of a batch', () => {
  const stored = (...versions: VersionDocument[]) => new Map([['duties', versions]]);

  it('when a document changes, then its open version is closed at the position and a new one opened', () => {
    const writes = planWrites([change(5, 'd1', { n: 2 })], stored(newVersion('duties', 'd1', 3, 'r3', { n: 1 })));
    expect(writes.get('duties')).toEqual({
      upserts: [
        { ...newVersion('duties', 'd1', 3, 'r3', { n: 1 }), toPosition: 5, toRecordedAt: 'r5' },
        newVersion('duties', 'd1', 5, 'r5', { n: 2 }),
      ],
      deletes: [],
    });
  });

  it('when a document changes twice in one batch, then the middle version is written once, already closed', () => {
    const writes = planWrites([change(2, 'd1', { n: 1 }), change(4, 'd1', null)], new Map());
    expect(writes.get('duties')!.upserts).toEqual([{ ...newVersion('duties', 'd1', 2, 'r2', { n: 1 }), toPosition: 4, toRecordedAt: 'r4' }]);
  });

  it('when a change is not after the stored history, then the plan throws before anything is written', () => {
    expect(() => planWrites([change(4, 'd1', { n: 0 })], stored(newVersion('duties', 'd1', 5, 'r5', { n: 1 })))).toThrow(/not after its version at 5/);
  });

  it('when an interrupted attempt left versions of this batch, then the plan rewrites them and deletes the ones it no longer makes', () => {
    const leftover = newVersion('duties', 'd1', 6, 'r6', { n: 'old' });
    const writes = planWrites([change(6, 'd1', null)], stored(newVersion('duties', 'd1', 3, 'r3', { n: 1 }), leftover));
    expect(writes.get('duties')).toEqual({
      upserts: [{ ...newVersion('duties', 'd1', 3, 'r3', { n: 1 }), toPosition: 6, toRecordedAt: 'r6' }],
      deletes: ['duties:d1:6'],
    });
  });

  it('when the stored version ended before the batch, then it is left alone and the document starts again', () => {
    const ended = { ...newVersion('duties', 'd1', 1, 'r1', { n: 1 }), toPosition: 2, toRecordedAt: 'r2' };
    const writes = planWrites([change(6, 'd1', { n: 3 })], stored(ended));
    expect(writes.get('duties')!.upserts).toEqual([newVersion('duties', 'd1', 6, 'r6', { n: 3 })]);
  });
});
