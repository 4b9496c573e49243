import { unitDissolved, unitMoved, unitRegistered } from '@duty-ledger/testing/domain-fixtures';
import { childrenOfStream, childrenStreamTouchedBy, childTermsOf, unitChildren, type UnitChildrenEvent } from './unit-children';
import type { UnitEvent } from './unit.decider';

describe('a unit’s children stream', () => {
  it('when units are registered under it, moved into it and it is dissolved, then each writes one term to the parent’s stream and a rename none', () => {
    const events: UnitEvent[] = [
      unitRegistered('root', 'party-committee', undefined, '2019-01-01'),
      unitRegistered('college', 'college', 'root', '2019-02-01'),
      unitMoved('college', 'dept', '2020-01-01'),
      { type: 'UnitRenamed', data: { unitId: 'college', name: '新学院', effectiveFrom: '2020-02-01' } },
      unitDissolved('dept', '2021-01-01'),
    ];
    const terms = childTermsOf(events);
    expect(terms).toEqual([
      { type: 'ChildUnitRegistered', data: { parentUnitId: 'root', unitId: 'college', effectiveFrom: '2019-02-01' } },
      { type: 'ChildUnitMovedIn', data: { parentUnitId: 'dept', unitId: 'college', effectiveFrom: '2020-01-01' } },
      { type: 'UnitDissolutionRecorded', data: { unitId: 'dept', effectiveFrom: '2021-01-01' } },
    ]);
    expect(terms.map(childrenOfStream)).toEqual(['root', 'dept', 'dept']);
  });

  it('when its terms are folded, then it lists each unit ever put under it once, in the order first put there', () => {
    const terms: UnitChildrenEvent[] = [
      { type: 'ChildUnitRegistered', data: { parentUnitId: 'p', unitId: 'a', effectiveFrom: '2019-01-01' } },
      { type: 'ChildUnitMovedIn', data: { parentUnitId: 'p', unitId: 'b', effectiveFrom: '2019-02-01' } },
      { type: 'ChildUnitMovedIn', data: { parentUnitId: 'p', unitId: 'a', effectiveFrom: '2020-01-01' } },
      { type: 'UnitDissolutionRecorded', data: { unitId: 'p', effectiveFrom: '2021-01-01' } },
    ];
    expect(terms.reduce(unitChildren.evolve, unitChildren.initialState)).toEqual({ children: ['a', 'b'] });
  });

  it('when a command is asked which children stream it appends to, then the new parent’s, the dissolved unit’s own, or none', () => {
    expect(childrenStreamTouchedBy({ type: 'RegisterUnit', unitId: 'a', name: 'a', kind: 'branch', parentUnitId: 'p', effectiveFrom: '2019-01-01' })).toBe('p');
    expect(childrenStreamTouchedBy({ type: 'RegisterUnit', unitId: 'r', name: 'r', kind: 'party-committee', effectiveFrom: '2019-01-01' })).toBeUndefined();
    expect(childrenStreamTouchedBy({ type: 'MoveUnit', unitId: 'a', parentUnitId: 'q', effectiveFrom: '2019-01-01' })).toBe('q');
    expect(childrenStreamTouchedBy({ type: 'DissolveUnit', unitId: 'a', effectiveFrom: '2019-01-01', reason: 'x' })).toBe('a');
    expect(childrenStreamTouchedBy({ type: 'RenameUnit', unitId: 'a', name: 'b', effectiveFrom: '2019-01-01' })).toBeUndefined();
  });
});
