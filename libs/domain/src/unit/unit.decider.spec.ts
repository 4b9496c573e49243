import { spec } from '@duty-ledger/testing/decider.spec-helper';
import { unitDissolved, unitMoved, unitRegistered, unitsFrom, unitState } from '@duty-ledger/testing/domain-fixtures';
import { Conflict, NotFound, RuleBroken } from '../shared/errors';
import { acceptsEndingOn, ancestorsOn, isActiveOn, isUnderFrom, moveRecordOf, nameOn, parentOn, parentsFrom, unitDecider, type UnitEvent } from './unit.decider';

const committee = unitRegistered('committee', 'party-committee', undefined, '2019-01-01');
const college = unitRegistered('college', 'college', 'committee', '2019-02-01');
const department = unitRegistered('department', 'department', 'committee', '2019-02-01');
const world: UnitEvent[] = [committee, college, department];

describe('unit decider', () => {
  describe('RegisterUnit', () => {
    it('when a party committee is registered with no parent, then it stands at the root', () => {
      spec(unitDecider)
        .given([], unitsFrom([]))
        .when({ type: 'RegisterUnit', unitId: 'committee', name: '党委', kind: 'party-committee', effectiveFrom: '2019-01-01' })
        .then([{ type: 'UnitRegistered', data: { unitId: 'committee', name: '党委', kind: 'party-committee', effectiveFrom: '2019-01-01' } }]);
    });

    it('when any other kind is registered with no parent, then it is refused: only a party committee is a root', () => {
      spec(unitDecider)
        .given([], unitsFrom([]))
        .when({ type: 'RegisterUnit', unitId: 'college', name: '学院', kind: 'college', effectiveFrom: '2019-01-01' })
        .thenThrows(RuleBroken, 'root-must-be-party-committee');
    });

    it('when a child is registered under a parent active on its date, then it is registered under that parent', () => {
      spec(unitDecider)
        .given([], unitsFrom(world))
        .when({ type: 'RegisterUnit', unitId: 'branch', name: '支部', kind: 'branch', parentUnitId: 'college', effectiveFrom: '2019-03-01' })
        .then([{ type: 'UnitRegistered', data: { unitId: 'branch', name: '支部', kind: 'branch', parentUnitId: 'college', effectiveFrom: '2019-03-01' } }]);
    });

    it('when the parent does not exist, then it is not found', () => {
      spec(unitDecider)
        .given([], unitsFrom(world))
        .when({ type: 'RegisterUnit', unitId: 'branch', name: '支部', kind: 'branch', parentUnitId: 'nowhere', effectiveFrom: '2019-03-01' })
        .thenThrows(NotFound, 'parent-unit-not-found');
    });

    it('when the parent was dissolved by the child’s start, then the parent is not active', () => {
      spec(unitDecider)
        .given([], unitsFrom([...world, unitDissolved('college', '2020-01-01')]))
        .when({ type: 'RegisterUnit', unitId: 'branch', name: '支部', kind: 'branch', parentUnitId: 'college', effectiveFrom: '2020-01-01' })
        .thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when the parent is registered only after the child’s start, then the parent is not active', () => {
      spec(unitDecider)
        .given([], unitsFrom(world))
        .when({ type: 'RegisterUnit', unitId: 'branch', name: '支部', kind: 'branch', parentUnitId: 'college', effectiveFrom: '2019-01-31' })
        .thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when a unit id is registered a second time, then it is a conflict', () => {
      spec(unitDecider)
        .given([college], unitsFrom(world))
        .when({ type: 'RegisterUnit', unitId: 'college', name: '学院', kind: 'college', parentUnitId: 'committee', effectiveFrom: '2019-03-01' })
        .thenThrows(Conflict, 'unit-exists');
    });

    it('when a new unit names itself as parent, then the parent is not found: it does not exist yet (404 before 422)', () => {
      spec(unitDecider)
        .given([], unitsFrom(world))
        .when({ type: 'RegisterUnit', unitId: 'x', name: 'x', kind: 'branch', parentUnitId: 'x', effectiveFrom: '2019-03-01' })
        .thenThrows(NotFound, 'parent-unit-not-found');
    });

    it('when a unit names itself as parent and it exists (a taken id decided again for its references), then it is refused', () => {
      spec(unitDecider)
        .given([], unitsFrom([...world, unitRegistered('x', 'branch', 'committee', '2019-02-01')]))
        .when({ type: 'RegisterUnit', unitId: 'x', name: 'x', kind: 'branch', parentUnitId: 'x', effectiveFrom: '2019-03-01' })
        .thenThrows(RuleBroken, 'unit-under-itself');
    });
  });

  describe('RegisterUnit under a parent recorded to be dissolved later', () => {
    it('when the child would start before the parent’s dissolution and stay after it, then it is refused: no unit outlives its parent', () => {
      spec(unitDecider)
        .given([], unitsFrom([...world, unitDissolved('college', '2020-01-01')]))
        .when({ type: 'RegisterUnit', unitId: 'branch', name: '支部', kind: 'branch', parentUnitId: 'college', effectiveFrom: '2019-06-01' })
        .thenThrows(RuleBroken, 'outlives-parent');
    });
  });

  describe('RenameUnit', () => {
    it('when an active unit is renamed, then the new name holds from that date and the old one before it', () => {
      const renamed: UnitEvent = { type: 'UnitRenamed', data: { unitId: 'college', name: '新学院', effectiveFrom: '2020-01-01' } };
      spec(unitDecider)
        .given([college], unitsFrom(world))
        .when({ type: 'RenameUnit', unitId: 'college', name: '新学院', effectiveFrom: '2020-01-01' })
        .then([renamed]);
      const state = unitState([college, renamed], 'college');
      expect(nameOn(state, '2019-12-31')).toBe('college');
      expect(nameOn(state, '2020-01-01')).toBe('新学院');
    });

    it('when a dissolved unit is renamed on or after its dissolution, then it is not active', () => {
      spec(unitDecider)
        .given([college, unitDissolved('college', '2020-01-01')], unitsFrom(world))
        .when({ type: 'RenameUnit', unitId: 'college', name: '新学院', effectiveFrom: '2020-01-01' })
        .thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when a unit is renamed before its registration, then it is not active', () => {
      spec(unitDecider)
        .given([college], unitsFrom(world))
        .when({ type: 'RenameUnit', unitId: 'college', name: '新学院', effectiveFrom: '2019-01-15' })
        .thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when a unit that does not exist is renamed, then it is not found', () => {
      spec(unitDecider).given([], unitsFrom(world)).when({ type: 'RenameUnit', unitId: 'ghost', name: 'x', effectiveFrom: '2020-01-01' }).thenThrows(NotFound, 'unit-not-found');
    });
  });

  describe('MoveUnit', () => {
    const a = unitRegistered('a', 'general-branch', 'committee', '2019-02-01');
    const b = unitRegistered('b', 'branch', 'a', '2019-02-01');
    const c = unitRegistered('c', 'branch', 'b', '2019-02-01');
    const tree = [...world, a, b, c];

    it('when an active unit moves under another active unit, then it is under the new parent from that date', () => {
      const moved = unitMoved('c', 'college', '2020-01-01');
      spec(unitDecider).given([c], unitsFrom(tree)).when({ type: 'MoveUnit', unitId: 'c', parentUnitId: 'college', effectiveFrom: '2020-01-01' }).then([moved]);
      const state = unitState([c, moved], 'c');
      expect(parentOn(state, '2019-12-31')).toBe('b');
      expect(parentOn(state, '2020-01-01')).toBe('college');
    });

    it('when a unit moves under a descendant (a→b→c, move a under c), then it is refused', () => {
      spec(unitDecider).given([a], unitsFrom(tree)).when({ type: 'MoveUnit', unitId: 'a', parentUnitId: 'c', effectiveFrom: '2020-01-01' }).thenThrows(RuleBroken, 'unit-under-itself');
    });

    it('when a unit moves under itself, then it is refused', () => {
      spec(unitDecider).given([a], unitsFrom(tree)).when({ type: 'MoveUnit', unitId: 'a', parentUnitId: 'a', effectiveFrom: '2020-01-01' }).thenThrows(RuleBroken, 'unit-under-itself');
    });

    it('when a unit moves under one that is recorded to become its descendant later, then it is refused (no cycle from that later date)', () => {
      // b leaves a for the committee in 2020 and is recorded to come back under a in 2022.
      const units = [...tree, unitMoved('b', 'committee', '2020-01-01'), unitMoved('b', 'a', '2022-01-01')];
      spec(unitDecider).given([a], unitsFrom(units)).when({ type: 'MoveUnit', unitId: 'a', parentUnitId: 'b', effectiveFrom: '2021-01-01' }).thenThrows(RuleBroken, 'unit-under-itself');
    });

    it('when a unit moves under one that was its descendant only before the move, then it is allowed', () => {
      const units = [...tree, unitMoved('b', 'committee', '2020-01-01')];
      spec(unitDecider)
        .given([a], unitsFrom(units))
        .when({ type: 'MoveUnit', unitId: 'a', parentUnitId: 'b', effectiveFrom: '2021-01-01' })
        .then([unitMoved('a', 'b', '2021-01-01')]);
    });

    describe('a cycle that appears only from a later date (the audit’s case)', () => {
      // R; A and B under R; X under A; B recorded to move under X from 2022. A under B from 2021 makes A→B→X→A from 2022.
      const units = [
        unitRegistered('R', 'party-committee', undefined, '2018-01-01'),
        unitRegistered('A', 'general-branch', 'R', '2018-01-01'),
        unitRegistered('B', 'general-branch', 'R', '2018-01-01'),
        unitRegistered('X', 'branch', 'A', '2018-01-01'),
        unitMoved('B', 'X', '2022-01-01'),
      ];
      const moveAUnderB = { type: 'MoveUnit', unitId: 'A', parentUnitId: 'B', effectiveFrom: '2021-01-01' } as const;

      it('when A moves under B from 2021 while B is recorded to move under X (under A) from 2022, then it is refused', () => {
        spec(unitDecider).given([units[1]], unitsFrom(units)).when(moveAUnderB).thenThrows(RuleBroken, 'unit-under-itself');
      });

      it('when A is recorded to leave for C from 2022, then B’s move under X that day makes no cycle: A under B holds only until then, and it is moved', () => {
        const aLeaves = [...units, unitRegistered('C', 'general-branch', 'R', '2018-01-01'), unitMoved('A', 'C', '2022-01-01')];
        spec(unitDecider)
          .given([units[1], unitMoved('A', 'C', '2022-01-01')], unitsFrom(aLeaves))
          .when(moveAUnderB)
          .then([unitMoved('A', 'B', '2021-01-01')]);
      });

      it('when the move corrects one A has on the same date (under C from 2021), then the later cycle is still seen, and it is refused', () => {
        const aWasToGoToC = [...units, unitRegistered('C', 'general-branch', 'R', '2018-01-01'), unitMoved('A', 'C', '2021-01-01')];
        spec(unitDecider).given([units[1], unitMoved('A', 'C', '2021-01-01')], unitsFrom(aWasToGoToC)).when(moveAUnderB).thenThrows(RuleBroken, 'unit-under-itself');
      });

      it('when the walk meets a unit it was not given (X, B’s parent only from 2022), then it refuses rather than take it for the root', () => {
        const withoutX = unitsFrom(units.filter((e) => e.data.unitId !== 'X'));
        expect(() => unitDecider.decide(moveAUnderB, unitState(units, 'A'), withoutX)).toThrow(/unit X.*was not read/);
      });

      it('when the parents a unit has from a date are asked, then they are the one in force that day and those of its later moves', () => {
        expect(parentsFrom(unitState(units, 'B'), '2021-01-01')).toEqual(['R', 'X']);
        expect(parentsFrom(unitState(units, 'B'), '2022-01-01')).toEqual(['X']);
        expect(parentsFrom(unitState(units, 'R'), '2021-01-01')).toEqual([]);
      });
    });

    it('when a unit moves under its current parent, then it is refused as already there', () => {
      spec(unitDecider).given([c], unitsFrom(tree)).when({ type: 'MoveUnit', unitId: 'c', parentUnitId: 'b', effectiveFrom: '2020-01-01' }).thenThrows(RuleBroken, 'unit-already-there');
    });

    it('when a dissolved unit is moved, then it is not active', () => {
      spec(unitDecider)
        .given([c, unitDissolved('c', '2019-06-01')], unitsFrom(tree))
        .when({ type: 'MoveUnit', unitId: 'c', parentUnitId: 'college', effectiveFrom: '2020-01-01' })
        .thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when a unit moves under a dissolved parent, then the parent is not active', () => {
      spec(unitDecider)
        .given([c], unitsFrom([...tree, unitDissolved('college', '2019-06-01')]))
        .when({ type: 'MoveUnit', unitId: 'c', parentUnitId: 'college', effectiveFrom: '2020-01-01' })
        .thenThrows(RuleBroken, 'unit-not-active');
    });

    describe('under a parent recorded to be dissolved later', () => {
      const units = [...tree, unitDissolved('college', '2021-01-01')];

      it('when the unit would stay under it past the dissolution, then it is refused', () => {
        spec(unitDecider)
          .given([c], unitsFrom(units))
          .when({ type: 'MoveUnit', unitId: 'c', parentUnitId: 'college', effectiveFrom: '2020-01-01' })
          .thenThrows(RuleBroken, 'outlives-parent');
      });

      it('when the unit is recorded to move on by the dissolution date, then the move is allowed: it is there only until then', () => {
        const moved = unitMoved('c', 'college', '2020-01-01');
        spec(unitDecider)
          .given([c, unitMoved('c', 'department', '2021-01-01')], unitsFrom(units))
          .when({ type: 'MoveUnit', unitId: 'c', parentUnitId: 'college', effectiveFrom: '2020-01-01' })
          .then([moved]);
      });

      it('when the unit is recorded to move on only after the dissolution date, then it is refused', () => {
        spec(unitDecider)
          .given([c, unitMoved('c', 'department', '2021-01-02')], unitsFrom(units))
          .when({ type: 'MoveUnit', unitId: 'c', parentUnitId: 'college', effectiveFrom: '2020-01-01' })
          .thenThrows(RuleBroken, 'outlives-parent');
      });

      it('when the unit itself is dissolved by then, then the move is allowed', () => {
        spec(unitDecider)
          .given([c, unitDissolved('c', '2020-06-01')], unitsFrom(units))
          .when({ type: 'MoveUnit', unitId: 'c', parentUnitId: 'college', effectiveFrom: '2020-01-01' })
          .then([unitMoved('c', 'college', '2020-01-01')]);
      });
    });

    it('when a unit moves under a parent that does not exist, then the parent is not found', () => {
      spec(unitDecider).given([c], unitsFrom(tree)).when({ type: 'MoveUnit', unitId: 'c', parentUnitId: 'ghost', effectiveFrom: '2020-01-01' }).thenThrows(NotFound, 'parent-unit-not-found');
    });

    it('when a dissolved unit moves under a parent that does not exist, then the parent is not found (404 before 422)', () => {
      spec(unitDecider)
        .given([c, unitDissolved('c', '2019-06-01')], unitsFrom(tree))
        .when({ type: 'MoveUnit', unitId: 'c', parentUnitId: 'ghost', effectiveFrom: '2020-01-01' })
        .thenThrows(NotFound, 'parent-unit-not-found');
    });
  });

  describe('DissolveUnit', () => {
    it('when an active unit is dissolved, then it is dissolved from that date', () => {
      spec(unitDecider)
        .given([college], unitsFrom(world))
        .when({ type: 'DissolveUnit', unitId: 'college', effectiveFrom: '2020-01-01', reason: 'merged' })
        .then([unitDissolved('college', '2020-01-01')]);
    });

    it('when a unit is dissolved twice, then the second is refused', () => {
      spec(unitDecider)
        .given([college, unitDissolved('college', '2020-01-01')], unitsFrom(world))
        .when({ type: 'DissolveUnit', unitId: 'college', effectiveFrom: '2020-06-01', reason: 'again' })
        .thenThrows(RuleBroken, 'unit-dissolved');
    });

    it('when a unit is dissolved on its registration date, then it is dissolved: it held no day (as a term relieved the day it began)', () => {
      spec(unitDecider)
        .given([college], unitsFrom(world))
        .when({ type: 'DissolveUnit', unitId: 'college', effectiveFrom: '2019-02-01', reason: 'registered in error' })
        .then([{ type: 'UnitDissolved', data: { unitId: 'college', effectiveFrom: '2019-02-01', reason: 'registered in error' } }]);
    });

    it('when a unit is dissolved before its registration, then it is refused', () => {
      spec(unitDecider)
        .given([college], unitsFrom(world))
        .when({ type: 'DissolveUnit', unitId: 'college', effectiveFrom: '2019-01-31', reason: 'x' })
        .thenThrows(RuleBroken, 'dissolved-before-registered');
    });

    describe('a unit with units under it', () => {
      const branch = unitRegistered('branch', 'branch', 'college', '2019-03-01');
      const dissolve = { type: 'DissolveUnit', unitId: 'college', effectiveFrom: '2020-01-01', reason: 'merged' } as const;

      it('when a unit is still under it on the date, then it is refused, naming the unit', () => {
        let thrown: unknown;
        try {
          unitDecider.decide(dissolve, unitState([college], 'college'), unitsFrom([...world, branch]));
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toMatchObject({ rule: 'unit-has-active-children', message: expect.stringContaining('(branch)') });
      });

      it('when the unit under it is dissolved on the same date or before, then it is dissolved', () => {
        for (const on of ['2020-01-01', '2019-12-01'])
          spec(unitDecider)
            .given([college], unitsFrom([...world, branch, unitDissolved('branch', on)]))
            .when(dissolve)
            .then([unitDissolved('college', '2020-01-01')]);
      });

      it('when the unit under it moved away by the date, then it is dissolved; when it is recorded to come back later, then it is refused', () => {
        const away = unitMoved('branch', 'department', '2020-01-01');
        spec(unitDecider)
          .given([college], unitsFrom([...world, branch, away]))
          .when(dissolve)
          .then([unitDissolved('college', '2020-01-01')]);
        spec(unitDecider)
          .given([college], unitsFrom([...world, branch, away, unitMoved('branch', 'college', '2022-01-01')]))
          .when(dissolve)
          .thenThrows(RuleBroken, 'unit-has-active-children');
      });

      it('when a unit is registered under it only after the date (a dissolution recorded late), then it is refused', () => {
        spec(unitDecider)
          .given([college], unitsFrom([...world, unitRegistered('late', 'branch', 'college', '2020-03-01')]))
          .when(dissolve)
          .thenThrows(RuleBroken, 'unit-has-active-children');
      });

      it('when a unit under it was dissolved the day it was registered, then it held no day there, and the parent is dissolved', () => {
        spec(unitDecider)
          .given([college], unitsFrom([...world, branch, unitDissolved('branch', '2019-03-01')]))
          .when({ ...dissolve, effectiveFrom: '2019-03-01' })
          .then([unitDissolved('college', '2019-03-01')]);
      });

      it('when a listed unit was not read, then it throws rather than take it for gone', () => {
        const context = { ...unitsFrom(world), childrenOf: () => ['branch'] };
        expect(() => unitDecider.decide(dissolve, unitState([college], 'college'), context)).toThrow(/was not read/);
      });
    });

    it('when a unit that does not exist is dissolved, then it is not found', () => {
      spec(unitDecider).given([], unitsFrom(world)).when({ type: 'DissolveUnit', unitId: 'ghost', effectiveFrom: '2020-01-01', reason: 'x' }).thenThrows(NotFound, 'unit-not-found');
    });
  });

  describe('business time', () => {
    const state = unitState([college, unitDissolved('college', '2020-01-01')], 'college');

    it('when a unit is dissolved on D, then it is active on D-1 and not on D (half-open)', () => {
      expect(isActiveOn(state, '2019-02-01')).toBe(true);
      expect(isActiveOn(state, '2019-12-31')).toBe(true);
      expect(isActiveOn(state, '2020-01-01')).toBe(false);
      expect(isActiveOn(state, '2019-01-31')).toBe(false);
    });

    it('when something ends on the dissolution date or the registration date, then it is accepted; after the one or before the other, not', () => {
      expect(acceptsEndingOn(state, '2020-01-01')).toBe(true);
      expect(acceptsEndingOn(state, '2019-02-01')).toBe(true);
      expect(acceptsEndingOn(state, '2020-01-02')).toBe(false);
      expect(acceptsEndingOn(state, '2019-01-31')).toBe(false);
    });

    it('when ancestors are asked on a date, then they follow the moves in force that day, nearest first', () => {
      const units = unitsFrom([...world, unitRegistered('branch', 'branch', 'college', '2019-03-01'), unitMoved('college', 'department', '2020-01-01')]);
      expect(ancestorsOn('branch', '2019-12-31', units)).toEqual(['college', 'committee']);
      expect(ancestorsOn('branch', '2020-01-01', units)).toEqual(['college', 'department', 'committee']);
    });
  });

  describe('the moves guard', () => {
    it('when a move is decided, then the guard records it with the same data; no other unit event is recorded there', () => {
      const moved = unitMoved('college', 'department', '2020-01-01');
      expect(moveRecordOf(moved)).toEqual([{ type: 'UnitMoveRecorded', data: moved.data }]);
      expect(moveRecordOf(moved)[0].data).not.toBe(moved.data);
      expect([committee, college, unitDissolved('college', '2020-01-01')].flatMap(moveRecordOf)).toEqual([]);
    });
  });

  describe('isUnderFrom', () => {
    const branch = unitRegistered('branch', 'branch', 'college', '2019-03-01');

    it('when asked of each span of a unit’s history, then it says whether the unit is active under the parent on some day from the date on', () => {
      const units = [branch, unitMoved('branch', 'department', '2020-01-01'), unitMoved('branch', 'college', '2021-01-01'), unitDissolved('branch', '2022-01-01')];
      const state = unitState(units, 'branch');
      expect(isUnderFrom(state, 'college', '2019-01-01')).toBe(true);
      expect(isUnderFrom(state, 'college', '2021-12-31')).toBe(true);
      expect(isUnderFrom(state, 'college', '2022-01-01')).toBe(false);
      expect(isUnderFrom(state, 'department', '2020-12-31')).toBe(true);
      expect(isUnderFrom(state, 'department', '2021-01-01')).toBe(false);
      expect(isUnderFrom(unitState([], 'branch'), 'college', '2019-01-01')).toBe(false);
    });
  });
});
