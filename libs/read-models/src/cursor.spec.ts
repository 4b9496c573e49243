import { isListedId, isPositionKey, ListCursors } from './cursor';

describe('list cursors', () => {
  const duties = new ListCursors('duties', isListedId);
  const findings = new ListCursors('findings', isListedId);
  const trail = new ListCursors('audit-trail', isPositionKey);

  it('when a cursor the list gave is read back, then it names its key', () => {
    expect(duties.decode(duties.encode('duty-2020.a:b'))).toBe('duty-2020.a:b');
    expect(trail.decode(trail.encode('1234'))).toBe('1234');
  });

  it('when a cursor is not one the list gave, then it names nothing', () => {
    const raw = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    for (const cursor of ['garbage', 'Ingi', '', 'ZA==', raw('d1'), raw('zzzz-not-an-id'), duties.encode('-x'), duties.encode('a b'), duties.encode('x'.repeat(129))]) {
      expect(duties.decode(cursor)).toBeUndefined();
    }
    for (const cursor of [trail.encode('d1'), trail.encode('01'), trail.encode('1.5'), trail.encode('9007199254740993'), raw('4'), `${trail.encode('123')}=`]) {
      expect(trail.decode(cursor)).toBeUndefined();
    }
  });

  it('when a list is asked with filters, then its cursors name them: another filter’s (another subject’s trail) names nothing', () => {
    const ofC = trail.filtered({ subjectId: 'c', type: undefined });
    expect(ofC.decode(ofC.encode('7'))).toBe('7');
    expect(trail.filtered({ type: undefined, subjectId: 'c' }).decode(ofC.encode('7'))).toBe('7');
    expect(trail.filtered({ subjectId: 'd' }).decode(ofC.encode('7'))).toBeUndefined();
    expect(trail.decode(ofC.encode('7'))).toBeUndefined();
    expect(duties.filtered({ kind: undefined })).toBe(duties);
  });

  it('when one list’s cursor is given to another, then it names nothing there', () => {
    expect(findings.decode(duties.encode('d1'))).toBeUndefined();
    expect(duties.decode(findings.encode('f1'))).toBeUndefined();
    expect(duties.decode(trail.encode('4'))).toBeUndefined();
  });
});
