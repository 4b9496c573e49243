import { unitMoved, unitRegistered, unitsFrom } from '@duty-ledger/testing/domain-fixtures';
import type { UnitContext } from '@duty-ledger/domain/unit/unit.decider';
import { inScopeFrom, mergeNamed, namedIn, namesNothing } from './unit-scope';

/**
 *   c ─┬─ b ── bx ── bx1      bx moves under s from 2020-01-01
 *      └─ s ── sx             sx moves under b from 2020-01-01; b itself moves under s from 2030-01-01 (above the scope)
 */
const units = unitsFrom([
  unitRegistered('c', 'party-committee', undefined, '2018-01-01'),
  unitRegistered('b', 'general-branch', 'c', '2018-01-01'),
  unitRegistered('s', 'general-branch', 'c', '2018-01-01'),
  unitRegistered('bx', 'branch', 'b', '2018-06-01'),
  unitRegistered('bx1', 'branch', 'bx', '2018-06-01'),
  unitRegistered('sx', 'branch', 's', '2018-06-01'),
  unitMoved('bx', 's', '2020-01-01'),
  unitMoved('sx', 'b', '2020-01-01'),
  unitMoved('b', 's', '2030-01-01'),
]);
const scopeB = new Set(['b']);

describe('inScopeFrom', () => {
  it('when the unit is the scope’s unit, then it is in scope whatever its own later moves', () => {
    expect(inScopeFrom('b', '2019-01-01', scopeB, units)).toBe(true);
  });

  it('when a unit sits under the scope on the date and leaves it later, then it is outside: backdating does not reach it', () => {
    expect(inScopeFrom('bx', '2019-06-01', scopeB, units)).toBe(false);
  });

  it('when the unit that leaves later is an ancestor, then its descendants are outside too', () => {
    expect(inScopeFrom('bx1', '2019-06-01', scopeB, units)).toBe(false);
  });

  it('when a unit joins the scope later, then it is outside before the date it joins and inside from it', () => {
    expect(inScopeFrom('sx', '2019-12-31', scopeB, units)).toBe(false);
    expect(inScopeFrom('sx', '2020-01-01', scopeB, units)).toBe(true);
  });

  it('when the scope’s unit itself moves later, then its subtree stays in scope: only the path up to it counts', () => {
    expect(inScopeFrom('sx', '2031-01-01', scopeB, units)).toBe(true);
  });

  it('when the walk meets a unit it was not given, then it is outside (fail closed)', () => {
    const withoutBx: UnitContext = { unit: (id) => (id === 'bx' ? undefined : units.unit(id)) };
    expect(inScopeFrom('bx1', '2018-07-01', scopeB, withoutBx)).toBe(false);
    expect(inScopeFrom('ghost', '2018-07-01', scopeB, units)).toBe(false);
  });

  it('when the date falls before the unit was registered, or the walk reaches the root, then it is outside', () => {
    expect(inScopeFrom('bx', '2018-01-01', scopeB, units)).toBe(false);
    expect(inScopeFrom('s', '2019-01-01', scopeB, units)).toBe(false);
  });

  it('when the parents form a cycle below the scope, then it is outside rather than looping', () => {
    const cycle = unitsFrom([unitRegistered('p', 'branch', 'q', '2018-01-01'), unitRegistered('q', 'branch', 'p', '2018-01-01')]);
    expect(inScopeFrom('p', '2019-01-01', scopeB, cycle)).toBe(false);
  });
});

describe('namedIn', () => {
  it('when a record names units, duties, findings, a superseded assessment and its subject, then each is named by kind', () => {
    expect(
      namedIn({ subjectPersonId: 'C', decidedByUnitId: 'bdc', findingIds: ['f1'], dutyIds: ['d1', 'd2'], supersedes: 'a1', holder: { unitId: 'b' }, scopeUnitIds: ['b1'] }),
    ).toEqual({ units: ['bdc', 'b', 'b1'], duties: ['d1', 'd2'], findings: ['f1'], assessments: ['a1'], persons: ['C'] });
  });

  it('when a report names its author person and its recipient, then the author counts and the recipient does not', () => {
    expect(namedIn({ authorPersonId: 'E', recipientUnitId: 'c' })).toMatchObject({ units: [], persons: ['E'] });
  });

  it('when a record names only participants or a parent duty, then it names nothing scoped', () => {
    const named = namedIn({ personId: 'P', chairPersonId: 'E', attendeePersonIds: ['C'], responsiblePersonId: 'C', parentDutyId: 'd0', name: '丁' });
    expect(namesNothing(named)).toBe(true);
  });

  it('when records are merged, then each id is named once', () => {
    expect(mergeNamed([namedIn({ unitId: 'b', dutyIds: ['d'] }), namedIn({ unitId: 'b', dutyIds: ['d'], findingIds: ['f'] })])).toEqual({
      units: ['b'],
      duties: ['d'],
      findings: ['f'],
      assessments: [],
      persons: [],
    });
  });
});
