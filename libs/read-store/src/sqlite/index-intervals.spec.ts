import { indexIntervals } from './index-intervals';
import { OPEN } from './sqlite.read-store.schema';

describe('index intervals', () => {
  it('when consecutive versions keep a value, then it is one interval across them', () => {
    const versions = [
      { from: 1, to: 4, doc: { unitId: 'u1', title: 'a' } },
      { from: 4, to: OPEN, doc: { unitId: 'u1', title: 'b' } },
    ];
    expect(indexIntervals(versions, ['unitId'])).toEqual([{ field: 'unitId', value: 's:u1', from: 1, to: OPEN }]);
  });

  it('when a value changes, then the old interval ends where the new one begins', () => {
    const versions = [
      { from: 1, to: 4, doc: { unitId: 'u1', tags: ['x', 'y'] } },
      { from: 4, to: 9, doc: { unitId: 'u2', tags: ['y'] } },
      { from: 9, to: OPEN, doc: { unitId: 'u2', tags: ['x', 'y'] } },
    ];
    expect(indexIntervals(versions, ['tags', 'unitId'])).toEqual([
      { field: 'tags', value: 's:x', from: 1, to: 4 },
      { field: 'tags', value: 's:y', from: 1, to: OPEN },
      { field: 'unitId', value: 's:u1', from: 1, to: 4 },
      { field: 'unitId', value: 's:u2', from: 4, to: OPEN },
      { field: 'tags', value: 's:x', from: 9, to: OPEN },
    ]);
  });

  it('when the document ended and began again, then the gap ends every interval', () => {
    const versions = [
      { from: 1, to: 3, doc: { unitId: 'u1' } },
      { from: 5, to: OPEN, doc: { unitId: 'u1' } },
    ];
    expect(indexIntervals(versions, ['unitId'])).toEqual([
      { field: 'unitId', value: 's:u1', from: 1, to: 3 },
      { field: 'unitId', value: 's:u1', from: 5, to: OPEN },
    ]);
  });

  it('when no declared field is present, then no interval', () => {
    expect(indexIntervals([{ from: 1, to: OPEN, doc: { title: 't' } }], ['unitId'])).toEqual([]);
  });
});
