import { projecting } from '@duty-ledger/testing/projection.spec-helper';
import { UNITS, unitsProjection } from './units.projection';

const unit = (type: string, data: Record<string, unknown>) => ({ type, streamId: `unit-${String(data.unitId)}`, data });

describe('units projection', () => {
  it('when a unit is registered, renamed, moved and dissolved, then its document keeps the business-time history', () => {
    projecting(unitsProjection)
      .given([
        unit('UnitRegistered', { unitId: 'committee', name: '学校党委', kind: 'party-committee', effectiveFrom: '2018-01-01' }),
        unit('UnitRegistered', { unitId: 'other', name: '另一党委', kind: 'party-committee', effectiveFrom: '2018-01-01' }),
        unit('UnitRegistered', { unitId: 'branch', name: '药学院党总支', kind: 'general-branch', parentUnitId: 'committee', effectiveFrom: '2018-03-01' }),
        unit('UnitRenamed', { unitId: 'branch', name: '药学院党委', effectiveFrom: '2020-01-01' }),
        unit('UnitMoved', { unitId: 'branch', parentUnitId: 'other', effectiveFrom: '2021-01-01' }),
        unit('UnitDissolved', { unitId: 'branch', effectiveFrom: '2022-07-01', reason: 'merged' }),
      ])
      .thenDocument(UNITS, 'branch', {
        exists: true,
        unitId: 'branch',
        kind: 'general-branch',
        registeredOn: '2018-03-01',
        dissolvedOn: '2022-07-01',
        names: [
          { from: '2018-03-01', name: '药学院党总支' },
          { from: '2020-01-01', name: '药学院党委' },
        ],
        parents: [
          { from: '2018-03-01', parentUnitId: 'committee' },
          { from: '2021-01-01', parentUnitId: 'other' },
        ],
        parentUnitIds: ['committee', 'other'],
      });
  });

  it('when a move is recorded late for an earlier date, then the history stays ordered by business date', () => {
    projecting(unitsProjection)
      .given([
        unit('UnitRegistered', { unitId: 'b', name: 'B', kind: 'branch', parentUnitId: 'x', effectiveFrom: '2018-01-01' }),
        unit('UnitMoved', { unitId: 'b', parentUnitId: 'z', effectiveFrom: '2022-01-01' }),
        unit('UnitMoved', { unitId: 'b', parentUnitId: 'y', effectiveFrom: '2020-01-01' }),
      ])
      .thenDocument(UNITS, 'b', expect.objectContaining({ parents: [{ from: '2018-01-01', parentUnitId: 'x' }, { from: '2020-01-01', parentUnitId: 'y' }, { from: '2022-01-01', parentUnitId: 'z' }], parentUnitIds: ['x', 'y', 'z'] }));
  });

  it('when the root is registered, then it has no parent to index', () => {
    projecting(unitsProjection)
      .given([unit('UnitRegistered', { unitId: 'root', name: '党委', kind: 'party-committee', effectiveFrom: '2018-01-01' })])
      .thenDocument(UNITS, 'root', expect.objectContaining({ parents: [{ from: '2018-01-01' }], parentUnitIds: [] }));
  });

  it('when an event of another aggregate comes, then it touches no unit', () => {
    projecting(unitsProjection).given([{ type: 'PersonRegistered', streamId: 'person-a', data: { personId: 'a', name: 'A' } }]).thenDocuments(UNITS, []);
  });
});
