import { fold } from '../shared/decider';
import {
  delegateChangesFrom,
  delegateCheckpoints,
  delegation,
  delegationTermsOf,
  delegatorOf,
  delegatorsTouchedBy,
  type DelegationEvent,
  type DelegationState,
} from './delegation';
import { dutyDecider, type DutyEvent, type DutyState } from './duty.decider';

const terms = { kind: 'primary' as const, area: 'integrity' as const, tags: [], title: 't', items: [], scopeUnitIds: [], year: 2020 };
const dutyState = (events: DutyEvent[]): DutyState => fold(dutyDecider.evolve, dutyDecider.initialState, events);

describe('a duty’s delegation stream (层层传导)', () => {
  describe('the terms a duty’s events give the delegation streams', () => {
    const child: DutyEvent = { type: 'DutyAssigned', data: { dutyId: 'c', ...terms, holder: { unitId: 'cell' }, parentDutyId: 'p', effectiveFrom: '2020-02-01' } };

    it('when a delegate is assigned, then its parent’s stream takes its holder and start', () => {
      expect(delegationTermsOf([child], dutyDecider.initialState)).toEqual([
        { delegatorId: 'p', events: [{ type: 'DelegateAssigned', data: { parentDutyId: 'p', dutyId: 'c', holder: { unitId: 'cell' }, effectiveFrom: '2020-02-01' } }] },
      ]);
    });

    it('when a duty with no parent is assigned, then no delegation stream takes anything', () => {
      const top: DutyEvent = { type: 'DutyAssigned', data: { dutyId: 'p', ...terms, holder: { unitId: 'general' }, effectiveFrom: '2020-01-01' } };
      expect(delegationTermsOf([top], dutyDecider.initialState)).toEqual([]);
    });

    it('when a delegate is reassigned or closed, then its own stream takes it as a delegator, and its parent’s as a delegate', () => {
      const holder = { unitId: 'general' };
      expect(delegationTermsOf([{ type: 'DutyReassigned', data: { dutyId: 'c', holder, effectiveFrom: '2020-06-01', reason: 'r' } }], dutyState([child]))).toEqual([
        { delegatorId: 'c', events: [{ type: 'DelegatorReassigned', data: { dutyId: 'c', holder, effectiveFrom: '2020-06-01' } }] },
        { delegatorId: 'p', events: [{ type: 'DelegateReassigned', data: { parentDutyId: 'p', dutyId: 'c', holder, effectiveFrom: '2020-06-01' } }] },
      ]);
      expect(delegationTermsOf([{ type: 'DutyClosed', data: { dutyId: 'c', effectiveFrom: '2020-12-31', reason: 'r' } }], dutyState([child]))).toEqual([
        { delegatorId: 'c', events: [{ type: 'DelegatorClosed', data: { dutyId: 'c', effectiveFrom: '2020-12-31' } }] },
        { delegatorId: 'p', events: [{ type: 'DelegateClosed', data: { parentDutyId: 'p', dutyId: 'c', effectiveFrom: '2020-12-31' } }] },
      ]);
    });

    it('when a duty’s wording is revised or it is acknowledged, then no delegation stream takes anything', () => {
      const state = dutyState([child]);
      expect(delegationTermsOf([{ type: 'DutyRevised', data: { dutyId: 'c', title: 'n' } }, { type: 'DutyAcknowledged', data: { dutyId: 'c', personId: 'x', acknowledgedOn: '2020-03-01' } }], state)).toEqual([]);
      expect(delegatorsTouchedBy({ type: 'ReviseDuty', dutyId: 'c', title: 'n' }, state)).toEqual([]);
    });

    it('when a command changes a duty, then it appends to the streams the terms go to, known before deciding', () => {
      expect(delegatorsTouchedBy({ type: 'AssignDuty', dutyId: 'c', ...terms, holder: { unitId: 'cell' }, parentDutyId: 'p', effectiveFrom: '2020-02-01' }, dutyDecider.initialState)).toEqual(['p']);
      expect(delegatorsTouchedBy({ type: 'ReassignDuty', dutyId: 'c', holder: { unitId: 'general' }, effectiveFrom: '2020-06-01', reason: 'r' }, dutyState([child]))).toEqual(['c', 'p']);
      expect(delegatorsTouchedBy({ type: 'CloseDuty', dutyId: 'p', effectiveFrom: '2020-06-01', reason: 'r' }, dutyDecider.initialState)).toEqual(['p']);
    });
  });

  describe('the fold', () => {
    const events: DelegationEvent[] = [
      { type: 'DelegateAssigned', data: { parentDutyId: 'p', dutyId: 'a', holder: { unitId: 'cell' }, effectiveFrom: '2020-02-01' } },
      { type: 'DelegatorReassigned', data: { dutyId: 'p', holder: { unitId: 'committee' }, effectiveFrom: '2020-03-01' } },
      { type: 'DelegateAssigned', data: { parentDutyId: 'p', dutyId: 'b', holder: { unitId: 'branch', post: 'secretary' }, effectiveFrom: '2020-04-01' } },
      { type: 'DelegateReassigned', data: { parentDutyId: 'p', dutyId: 'a', holder: { unitId: 'general' }, effectiveFrom: '2020-05-01' } },
      { type: 'DelegateClosed', data: { parentDutyId: 'p', dutyId: 'b', effectiveFrom: '2020-06-01' } },
      { type: 'DelegatorClosed', data: { dutyId: 'p', effectiveFrom: '2020-12-31' } },
    ];
    const state: DelegationState = fold(delegation.evolve, delegation.initialState, events);

    it('when the stream is folded, then it holds the delegator’s holder changes and close, and each delegate’s holders and close', () => {
      expect(state).toEqual({
        delegator: { holders: [{ from: '2020-03-01', holder: { unitId: 'committee' } }], closedOn: '2020-12-31' },
        delegates: {
          a: { holders: [{ from: '2020-02-01', holder: { unitId: 'cell' } }, { from: '2020-05-01', holder: { unitId: 'general' } }] },
          b: { holders: [{ from: '2020-04-01', holder: { unitId: 'branch', post: 'secretary' } }], closedOn: '2020-06-01' },
        },
      });
      expect(events.map(delegatorOf)).toEqual(['p', 'p', 'p', 'p', 'p', 'p']);
    });

    it('when it is folded, then the states before stay as they were (a cached fold is carried on, never changed)', () => {
      const before = fold(delegation.evolve, delegation.initialState, events.slice(0, 3));
      const copy = JSON.parse(JSON.stringify(before));
      fold(delegation.evolve, before, events.slice(3));
      expect(before).toEqual(copy);
    });

    it('when the first start or holder change on or after a date is asked for, then it is the earliest across delegates', () => {
      expect(delegateChangesFrom(state, '2020-03-01')).toEqual({ dutyId: 'b', holder: { unitId: 'branch', post: 'secretary' }, on: '2020-04-01' });
      expect(delegateChangesFrom(state, '2020-05-01')).toEqual({ dutyId: 'a', holder: { unitId: 'general' }, on: '2020-05-01' });
      expect(delegateChangesFrom(state, '2020-05-02')).toBeUndefined();
    });

    it('when a parent moves from a date, then every delegate open that day and every later change is a checkpoint; closed ones are not', () => {
      expect(delegateCheckpoints(state, '2020-04-15')).toEqual([
        { dutyId: 'a', holder: { unitId: 'cell' }, on: '2020-04-15' },
        { dutyId: 'a', holder: { unitId: 'general' }, on: '2020-05-01' },
        { dutyId: 'b', holder: { unitId: 'branch', post: 'secretary' }, on: '2020-04-15' },
      ]);
      expect(delegateCheckpoints(state, '2020-06-01')).toEqual([{ dutyId: 'a', holder: { unitId: 'general' }, on: '2020-06-01' }]);
      expect(delegateCheckpoints(state, '2020-01-01', '2020-04-01')).toEqual([{ dutyId: 'a', holder: { unitId: 'cell' }, on: '2020-02-01' }]);
    });
  });
});

describe('a delegation stream, with ids clients choose', () => {
  it('given a delegate named like an Object member, when it is reassigned before its assignment was recorded here, then its timeline starts empty, not from Object.prototype', () => {
    const state = delegation.evolve(delegation.initialState, {
      type: 'DelegateReassigned',
      data: { parentDutyId: 'p', dutyId: 'constructor', holder: { unitId: 'u' }, effectiveFrom: '2020-01-01' },
    });
    expect(state.delegates.constructor).toEqual({ holders: [{ from: '2020-01-01', holder: { unitId: 'u' } }] });
  });
});
