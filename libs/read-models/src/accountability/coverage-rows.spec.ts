import type { CaseDocument } from './accountability.projection';
import { coverageRows } from './accountability.query';

const duty = (dutyId: string, kind: string) => ({ dutyId, kind, area: 'integrity', title: dutyId, status: 'open' as const });
const decided = (caseId: string, subject: Partial<CaseDocument>, revokedOn?: string) =>
  ({ caseId, exists: true, findingIds: ['f1'], decidedOn: '2021-01-01', ...subject, ...(revokedOn ? { revokedOn } : {}) }) as CaseDocument;

describe('one case, two investigations (一案双查) coverage', () => {
  it('when the direct subject is a unit that holds a duty of the chain, then one direct row carries that duty', () => {
    const rows = coverageRows(
      { subjectPersonId: null, subjectUnitId: 'branch' },
      [
        { ...duty('branch-primary', 'primary'), holder: { unitId: 'branch', persons: [] } },
        { ...duty('committee-first', 'first'), holder: { unitId: 'committee', post: 'secretary', persons: [{ personId: 'S', name: 's' }] } },
      ],
      [decided('c1', { subjectUnitId: 'branch' }), decided('c2', { subjectPersonId: 'S' }, '2021-02-01')],
      '2021-06-01',
    );
    expect(rows).toEqual([
      { unitId: 'branch', role: 'direct', duties: [{ dutyId: 'branch-primary', kind: 'primary' }], heldAccountable: true, caseIds: ['c1'] },
      { personId: 'S', unitId: 'committee', post: 'secretary', role: 'leadership', duties: [{ dutyId: 'committee-first', kind: 'first' }], heldAccountable: false, caseIds: [] },
    ]);
  });

  it('when a person holds two duties of the chain, then one row lists both; a vacant post is never held accountable', () => {
    const rows = coverageRows(
      { subjectPersonId: 'D', subjectUnitId: 'branch' },
      [
        { ...duty('a', 'dual'), holder: { unitId: 'committee', post: 'member', persons: [{ personId: 'C', name: 'c' }] } },
        { ...duty('b', 'dual'), holder: { unitId: 'committee', post: 'member', persons: [{ personId: 'C', name: 'c' }] } },
        { ...duty('v', 'first'), holder: { unitId: 'branch', post: 'secretary', persons: [] } },
      ],
      [decided('c1', { subjectUnitId: 'branch' })],
      '2021-06-01',
    );
    expect(rows.map((r) => [r.personId ?? r.unitId, r.role, r.duties.map((d) => d.dutyId), r.heldAccountable, r.vacant ?? false])).toEqual([
      ['D', 'direct', [], false, false],
      ['C', 'leadership', ['a', 'b'], false, false],
      ['branch', 'leadership', ['v'], false, true],
    ]);
  });
  it('when a post has two incumbents and one of them also holds another duty of the chain, then only that one’s row lists it', () => {
    const members = [
      { personId: 'alice', name: 'a' },
      { personId: 'bob', name: 'b' },
    ];
    const rows = coverageRows(
      { subjectPersonId: null, subjectUnitId: 'branch' },
      [
        { ...duty('d-dual', 'dual'), holder: { unitId: 'root', post: 'member', persons: members } },
        { ...duty('d-first', 'first'), holder: { unitId: 'root', post: 'secretary', persons: [{ personId: 'alice', name: 'a' }] } },
      ],
      [],
      '2021-06-01',
    );
    expect(rows).toEqual([
      { unitId: 'branch', role: 'direct', duties: [], heldAccountable: false, caseIds: [] },
      {
        personId: 'alice',
        unitId: 'root',
        post: 'member',
        role: 'leadership',
        duties: [
          { dutyId: 'd-dual', kind: 'dual' },
          { dutyId: 'd-first', kind: 'first' },
        ],
        heldAccountable: false,
        caseIds: [],
      },
      { personId: 'bob', unitId: 'root', post: 'member', role: 'leadership', duties: [{ dutyId: 'd-dual', kind: 'dual' }], heldAccountable: false, caseIds: [] },
    ]);
  });
});
