import { projecting } from '@duty-ledger/testing/projection.spec-helper';
import { DUTIES, dutiesProjection } from './duties.projection';

const duty = (type: string, data: Record<string, unknown>) => ({ type, streamId: `duty-${String(data.dutyId)}`, data });

const assigned = {
  dutyId: 'd1',
  kind: 'first',
  holder: { unitId: 'committee', post: 'secretary' },
  area: 'party-building',
  tags: [],
  title: '党委书记第一责任',
  items: ['带头落实'],
  scopeUnitIds: [],
  year: 2019,
  effectiveFrom: '2019-01-14',
};

describe('duties projection', () => {
  it('when a duty is assigned, then every assigned field is kept, with its first holder and its holder unit indexed', () => {
    projecting(dutiesProjection)
      .given([duty('DutyAssigned', assigned)])
      .thenDocument(DUTIES, 'd1', {
        ...assigned,
        exists: true,
        holders: [{ from: '2019-01-14', holder: { unitId: 'committee', post: 'secretary' } }],
        acknowledgements: [],
        holderUnitIds: ['committee'],
      });
  });

  it('when it is acknowledged, revised, reassigned and closed, then the document has the revision applied and the whole holder history', () => {
    projecting(dutiesProjection)
      .given([
        duty('DutyAssigned', { ...assigned, kind: 'dual', holder: { unitId: 'committee', post: 'member' }, scopeUnitIds: ['branch'], parentDutyId: 'p' }),
        duty('DutyAcknowledged', { dutyId: 'd1', personId: 'A', acknowledgedOn: '2019-02-01' }),
        duty('DutyRevised', { dutyId: 'd1', items: ['分管联系'] }),
        duty('DutyReassigned', { dutyId: 'd1', holder: { unitId: 'college', post: 'head' }, effectiveFrom: '2020-01-01', reason: 'portfolio' }),
        duty('DutyClosed', { dutyId: 'd1', effectiveFrom: '2020-12-31', reason: 'year end' }),
      ])
      .thenDocument(DUTIES, 'd1', {
        ...assigned,
        kind: 'dual',
        scopeUnitIds: ['branch'],
        parentDutyId: 'p',
        items: ['分管联系'],
        exists: true,
        holder: { unitId: 'college', post: 'head' },
        holders: [
          { from: '2019-01-14', holder: { unitId: 'committee', post: 'member' } },
          { from: '2020-01-01', holder: { unitId: 'college', post: 'head' } },
        ],
        closedOn: '2020-12-31',
        acknowledgements: [{ personId: 'A', acknowledgedOn: '2019-02-01' }],
        holderUnitIds: ['committee', 'college'],
      });
  });

  it('when a duty goes back to a unit that held it before, then that unit is indexed once', () => {
    projecting(dutiesProjection)
      .given([
        duty('DutyAssigned', { ...assigned, kind: 'primary', holder: { unitId: 'a' } }),
        duty('DutyReassigned', { dutyId: 'd1', holder: { unitId: 'b' }, effectiveFrom: '2019-06-01', reason: 'r' }),
        duty('DutyReassigned', { dutyId: 'd1', holder: { unitId: 'a' }, effectiveFrom: '2019-09-01', reason: 'r' }),
      ])
      .thenDocument(DUTIES, 'd1', expect.objectContaining({ holderUnitIds: ['a', 'b'] }));
  });

  it('when a reassignment is recorded after the close, dated before it, then the holder history and the index take it and the close stands', () => {
    projecting(dutiesProjection)
      .given([
        duty('DutyAssigned', { ...assigned, kind: 'primary', holder: { unitId: 'committee' } }),
        duty('DutyClosed', { dutyId: 'd1', effectiveFrom: '2019-12-31', reason: 'year end' }),
        duty('DutyReassigned', { dutyId: 'd1', holder: { unitId: 'branch' }, effectiveFrom: '2019-06-01', reason: 'portfolio' }),
      ])
      .thenDocument(
        DUTIES,
        'd1',
        expect.objectContaining({
          closedOn: '2019-12-31',
          holders: [
            { from: '2019-01-14', holder: { unitId: 'committee' } },
            { from: '2019-06-01', holder: { unitId: 'branch' } },
          ],
          holderUnitIds: ['committee', 'branch'],
        }),
      );
  });

  it('declares the index fields the list and the chain look duties up by', () => {
    expect([...dutiesProjection.collections[0].indexes].sort()).toEqual(['area', 'holderUnitIds', 'kind', 'parentDutyId', 'scopeUnitIds', 'year']);
  });
});
