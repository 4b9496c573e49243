import { decodeCursor, encodeCursor, isListedId, isPositionKey } from './cursor';

describe('list cursors', () => {
  it('when a cursor the API gave is read back, then it names its key', () => {
    expect(decodeCursor(encodeCursor('duty-2020.a:b'), isListedId)).toBe('duty-2020.a:b');
    expect(decodeCursor(encodeCursor('1234'), isPositionKey)).toBe('1234');
  });

  it('when a cursor is not one the API gave, then it names nothing', () => {
    for (const cursor of ['garbage', 'Ingi', '', 'ZA==', encodeCursor('-x'), encodeCursor('a b'), encodeCursor('x'.repeat(129))]) {
      expect(decodeCursor(cursor, isListedId)).toBeUndefined();
    }
    for (const cursor of [encodeCursor('d1'), encodeCursor('01'), encodeCursor('1.5'), encodeCursor('9007199254740993'), 'MTIz=']) {
      expect(decodeCursor(cursor, isPositionKey)).toBeUndefined();
    }
  });
});
