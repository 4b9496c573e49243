import { spec } from '@duty-ledger/testing/decider.spec-helper';
import { dutyContextFrom, personAppointed, personRelieved, unitDissolved, unitMoved, unitRegistered } from '@duty-ledger/testing/domain-fixtures';
import { fold } from '../shared/decider';
import { Conflict, NotFound, RuleBroken } from '../shared/errors';
import type { Post } from '../shared/vocabulary';
import type { DelegationEvent } from './delegation';
import { dutyDecider, holderOn, isOpenOn, type DutyCommand, type DutyEvent, type DutyTerms, type Holder } from './duty.decider';

/*
 * committee (party-committee)
 * ├── discipline (discipline-committee)
 * ├── college (college) ── branch (branch)
 * ├── general (general-branch) ── cell (branch)
 * ├── department (department, dissolved 2021-01-01) ── annex (department, not dissolved)
 * └── late (branch, registered 2022-01-01)
 */
const units = [
  unitRegistered('committee', 'party-committee', undefined, '2019-01-01'),
  unitRegistered('discipline', 'discipline-committee', 'committee', '2019-01-01'),
  unitRegistered('college', 'college', 'committee', '2019-01-01'),
  unitRegistered('branch', 'branch', 'college', '2019-01-01'),
  unitRegistered('general', 'general-branch', 'committee', '2019-01-01'),
  unitRegistered('cell', 'branch', 'general', '2019-01-01'),
  unitRegistered('department', 'department', 'committee', '2019-01-01'),
  unitDissolved('department', '2021-01-01'),
  unitRegistered('annex', 'department', 'department', '2019-01-01'),
  unitRegistered('late', 'branch', 'committee', '2022-01-01'),
];
const posts = [
  personAppointed('p-sec', 'committee', 'secretary', '2019-01-01'),
  personAppointed('p-mem', 'committee', 'member', '2019-01-01'),
  personAppointed('p-head', 'college', 'head', '2019-01-01'),
  personAppointed('p-bs', 'branch', 'secretary', '2019-01-01'),
  personRelieved('p-bs', 'branch', 'secretary', '2020-09-01'),
  personAppointed('p-bs2', 'branch', 'secretary', '2020-09-01'),
  personAppointed('p-dh', 'department', 'head', '2019-01-01'),
];
const people = ['p-sec', 'p-mem', 'p-head', 'p-bs', 'p-bs2', 'p-dh', 'p-out'];

const terms = (overrides: Partial<DutyTerms> = {}): DutyTerms => ({
  kind: 'primary',
  holder: { unitId: 'committee' },
  area: 'integrity',
  tags: [],
  title: '党风廉政建设主体责任',
  items: ['部署年度工作'],
  scopeUnitIds: [],
  year: 2020,
  effectiveFrom: '2020-01-01',
  ...overrides,
});
const assign = (dutyId: string, overrides: Partial<DutyTerms> = {}): Extract<DutyCommand, { type: 'AssignDuty' }> => ({ type: 'AssignDuty', dutyId, ...terms(overrides) });
const assigned = (dutyId: string, overrides: Partial<DutyTerms> = {}): DutyEvent => ({ type: 'DutyAssigned', data: { dutyId, ...terms(overrides) } });
const reassigned = (dutyId: string, holder: Holder, effectiveFrom: string): DutyEvent => ({ type: 'DutyReassigned', data: { dutyId, holder, effectiveFrom, reason: 'restructured' } });
const closed = (dutyId: string, effectiveFrom: string): DutyEvent => ({ type: 'DutyClosed', data: { dutyId, effectiveFrom, reason: 'done' } });
const acknowledged = (dutyId: string, personId: string, acknowledgedOn: string): DutyEvent => ({ type: 'DutyAcknowledged', data: { dutyId, personId, acknowledgedOn } });

const context = (duties: DutyEvent[] = [], delegations: DelegationEvent[] = []) => dutyContextFrom({ units, posts, duties, delegations, people });
const given = (events: DutyEvent[], duties: DutyEvent[] = [], delegations: DelegationEvent[] = []) => spec(dutyDecider).given(events, context(duties, delegations));

describe('duty decider', () => {
  describe('AssignDuty: who holds which responsibility', () => {
    it.each(['committee', 'general', 'branch'])('when primary is held by the Party organisation %s with no post, then it is assigned', (unitId) => {
      given([]).when(assign('d', { holder: { unitId } })).then([assigned('d', { holder: { unitId } })]);
    });

    it('when primary is held by an administrative unit, then it needs a Party organisation', () => {
      given([]).when(assign('d', { holder: { unitId: 'college' } })).thenThrows(RuleBroken, 'primary-needs-party-organisation');
    });

    it('when primary is held by a post, then it needs a Party organisation with no post', () => {
      given([]).when(assign('d', { holder: { unitId: 'committee', post: 'secretary' } })).thenThrows(RuleBroken, 'primary-needs-party-organisation');
    });

    it('when supervisory is held by the discipline committee, then it is assigned', () => {
      given([]).when(assign('d', { kind: 'supervisory', holder: { unitId: 'discipline' } })).then([assigned('d', { kind: 'supervisory', holder: { unitId: 'discipline' } })]);
    });

    it('when supervisory is held by a party committee, then it needs the discipline committee', () => {
      given([]).when(assign('d', { kind: 'supervisory', holder: { unitId: 'committee' } })).thenThrows(RuleBroken, 'supervisory-needs-discipline-committee');
    });

    it('when supervisory is held by a post of the discipline committee, then it needs the unit with no post', () => {
      given([]).when(assign('d', { kind: 'supervisory', holder: { unitId: 'discipline', post: 'discipline-secretary' } })).thenThrows(RuleBroken, 'supervisory-needs-discipline-committee');
    });

    it('when first is held by the secretary post of a Party organisation, then it is assigned', () => {
      const holder = { unitId: 'branch', post: 'secretary' as const };
      given([]).when(assign('d', { kind: 'first', holder })).then([assigned('d', { kind: 'first', holder })]);
    });

    it.each<Post>(['member', 'deputy-secretary', 'head'])('when first is held by the %s post, then it needs the secretary post', (post) => {
      given([]).when(assign('d', { kind: 'first', holder: { unitId: 'committee', post } })).thenThrows(RuleBroken, 'first-needs-secretary-post');
    });

    it('when first is held by the secretary post of an administrative unit, then it needs a Party organisation', () => {
      given([]).when(assign('d', { kind: 'first', holder: { unitId: 'college', post: 'secretary' } })).thenThrows(RuleBroken, 'first-needs-secretary-post');
    });

    it('when first is held by a unit with no post, then it needs the secretary post', () => {
      given([]).when(assign('d', { kind: 'first', holder: { unitId: 'committee' } })).thenThrows(RuleBroken, 'first-needs-secretary-post');
    });

    it.each<[Post, string]>([
      ['member', 'committee'],
      ['deputy-secretary', 'general'],
      ['discipline-secretary', 'discipline'],
      ['head', 'college'],
      ['deputy-head', 'department'],
    ])('when dual is held by the %s post of %s over a scope, then it is assigned', (post, unitId) => {
      const dual = { kind: 'dual' as const, holder: { unitId, post }, scopeUnitIds: ['branch'] };
      given([]).when(assign('d', dual)).then([assigned('d', dual)]);
    });

    it('when dual is held by the secretary post, then it needs a leadership post', () => {
      given([]).when(assign('d', { kind: 'dual', holder: { unitId: 'committee', post: 'secretary' }, scopeUnitIds: ['college'] })).thenThrows(RuleBroken, 'dual-needs-leadership-post');
    });

    it('when dual is held by a unit with no post, then it needs a leadership post', () => {
      given([]).when(assign('d', { kind: 'dual', holder: { unitId: 'committee' }, scopeUnitIds: ['college'] })).thenThrows(RuleBroken, 'dual-needs-leadership-post');
    });

    it('when dual names no scope unit, then it needs a scope', () => {
      given([]).when(assign('d', { kind: 'dual', holder: { unitId: 'committee', post: 'member' }, scopeUnitIds: [] })).thenThrows(RuleBroken, 'dual-needs-scope');
    });
  });

  describe('AssignDuty: area, units, identity', () => {
    it('when the area is other with a note, then it is assigned', () => {
      given([]).when(assign('d', { area: 'other', areaNote: '校园安全' })).then([assigned('d', { area: 'other', areaNote: '校园安全' })]);
    });

    it('when the area is other with no note, then the note is required', () => {
      given([]).when(assign('d', { area: 'other' })).thenThrows(RuleBroken, 'area-note-required');
    });

    it('when the area is other with a blank note, then the note is required', () => {
      given([]).when(assign('d', { area: 'other', areaNote: '   ' })).thenThrows(RuleBroken, 'area-note-required');
    });

    it('when the holder unit does not exist, then it is not found', () => {
      given([]).when(assign('d', { holder: { unitId: 'ghost' } })).thenThrows(NotFound, 'unit-not-found');
    });

    it('when a scope unit does not exist, then it is not found', () => {
      given([]).when(assign('d', { kind: 'dual', holder: { unitId: 'committee', post: 'member' }, scopeUnitIds: ['college', 'ghost'] })).thenThrows(NotFound, 'unit-not-found');
    });

    it('when the holder unit is dissolved on the start date, then it is not active', () => {
      given([]).when(assign('d', { kind: 'dual', holder: { unitId: 'department', post: 'head' }, scopeUnitIds: ['college'], effectiveFrom: '2021-01-01' })).thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when the holder unit is registered only after the start date, then it is not active', () => {
      given([]).when(assign('d', { holder: { unitId: 'late' }, effectiveFrom: '2021-12-31' })).thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when a scope unit is dissolved on the start date, then it is not active', () => {
      given([]).when(assign('d', { kind: 'dual', holder: { unitId: 'committee', post: 'member' }, scopeUnitIds: ['department'], effectiveFrom: '2021-01-01' })).thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when a scope unit is dissolved only after the start date, then it is assigned', () => {
      const dual = { kind: 'dual' as const, holder: { unitId: 'committee', post: 'member' as const }, scopeUnitIds: ['department'], effectiveFrom: '2020-12-31' };
      given([]).when(assign('d', dual)).then([assigned('d', dual)]);
    });

    it('when the duty id exists already, then it is a conflict', () => {
      given([assigned('d')]).when(assign('d')).thenThrows(Conflict, 'duty-exists');
    });
  });

  describe('AssignDuty: delegation (层层传导)', () => {
    const top = assigned('d-top', { effectiveFrom: '2020-01-01' });

    it('when the duty is delegated down two levels, each to a unit under its parent’s holder, then both are assigned', () => {
      const mid = { holder: { unitId: 'general' }, parentDutyId: 'd-top', effectiveFrom: '2020-02-01' };
      given([], [top]).when(assign('d-mid', mid)).then([assigned('d-mid', mid)]);
      const low = { holder: { unitId: 'cell' }, parentDutyId: 'd-mid', effectiveFrom: '2020-03-01' };
      given([], [top, assigned('d-mid', mid)]).when(assign('d-low', low)).then([assigned('d-low', low)]);
    });

    it('when the child is held in the same unit as the parent, then it is assigned', () => {
      const child = { kind: 'first' as const, holder: { unitId: 'committee', post: 'secretary' as const }, parentDutyId: 'd-top' };
      given([], [top]).when(assign('d-child', child)).then([assigned('d-child', child)]);
    });

    it('when the parent duty does not exist, then it is not found', () => {
      given([]).when(assign('d-child', { holder: { unitId: 'general' }, parentDutyId: 'ghost' })).thenThrows(NotFound, 'parent-duty-not-found');
    });

    it('when the parent starts after the child, then it is not open', () => {
      given([], [top]).when(assign('d-child', { holder: { unitId: 'general' }, parentDutyId: 'd-top', effectiveFrom: '2019-12-31' })).thenThrows(RuleBroken, 'parent-duty-not-open');
    });

    it('when the parent is closed on the child’s start, then it is not open', () => {
      given([], [top, closed('d-top', '2020-06-01')])
        .when(assign('d-child', { holder: { unitId: 'general' }, parentDutyId: 'd-top', effectiveFrom: '2020-06-01' }))
        .thenThrows(RuleBroken, 'parent-duty-not-open');
    });

    it('when the parent is of another area, then it is refused', () => {
      given([], [top]).when(assign('d-child', { holder: { unitId: 'general' }, area: 'ideology', parentDutyId: 'd-top' })).thenThrows(RuleBroken, 'parent-duty-other-area');
    });

    describe('a parent held in a unit dissolved on 2021-01-01 (department), over a unit that is not (annex)', () => {
      const headOf = (unitId: string) => ({ kind: 'dual' as const, holder: { unitId, post: 'head' as const }, scopeUnitIds: [unitId] });
      const parent = assigned('d-dept', headOf('department'));

      it('when a delegate starts the day before the dissolution, then it is assigned', () => {
        given([], [parent]).when(assign('d-annex', { ...headOf('annex'), parentDutyId: 'd-dept', effectiveFrom: '2020-12-31' })).then([
          assigned('d-annex', { ...headOf('annex'), parentDutyId: 'd-dept', effectiveFrom: '2020-12-31' }),
        ]);
      });

      it('when a delegate would start on the dissolution date, then the parent’s unit is not active: a dissolved unit passes no pressure down', () => {
        given([], [parent]).when(assign('d-annex', { ...headOf('annex'), parentDutyId: 'd-dept', effectiveFrom: '2021-01-01' })).thenThrows(RuleBroken, 'unit-not-active');
      });

      it('when a delegate would change holder after the dissolution, then it is refused the same way', () => {
        const delegate = assigned('d-annex', { ...headOf('annex'), parentDutyId: 'd-dept', effectiveFrom: '2020-06-01' });
        given([delegate], [parent])
          .when({ type: 'ReassignDuty', dutyId: 'd-annex', holder: { unitId: 'annex', post: 'deputy-head' }, effectiveFrom: '2021-02-01', reason: 'restructured' })
          .thenThrows(RuleBroken, 'unit-not-active');
      });
    });

    it('when the parent is held by a unit that is not the child’s holder unit or an ancestor of it, then it is refused', () => {
      const sideways = assigned('d-general', { holder: { unitId: 'general' } });
      given([], [sideways]).when(assign('d-child', { holder: { unitId: 'branch' }, parentDutyId: 'd-general' })).thenThrows(RuleBroken, 'parent-duty-not-above');
    });

    it('when the parent is held below the child, then it is refused', () => {
      const below = assigned('d-cell', { holder: { unitId: 'cell' } });
      given([], [below]).when(assign('d-child', { holder: { unitId: 'general' }, parentDutyId: 'd-cell' })).thenThrows(RuleBroken, 'parent-duty-not-above');
    });

    it('when the parent was reassigned, then its holder on the child’s start decides', () => {
      const dual = { kind: 'dual' as const, scopeUnitIds: ['branch'] };
      const parent = [assigned('d-p', { ...dual, holder: { unitId: 'department', post: 'head' } }), reassigned('d-p', { unitId: 'college', post: 'head' }, '2020-06-01')];
      const child = (effectiveFrom: string) => ({ ...dual, holder: { unitId: 'branch', post: 'member' as const }, parentDutyId: 'd-p', effectiveFrom });
      given([], parent).when(assign('d-c', child('2020-06-01'))).then([assigned('d-c', child('2020-06-01'))]);
      given([], parent).when(assign('d-c', child('2020-05-31'))).thenThrows(RuleBroken, 'parent-duty-not-above');
    });
  });

  describe('ReassignDuty', () => {
    const duty = assigned('d', { holder: { unitId: 'committee' }, effectiveFrom: '2020-01-01' });
    const reassign = (holder: Holder, effectiveFrom: string): DutyCommand => ({ type: 'ReassignDuty', dutyId: 'd', holder, effectiveFrom, reason: 'restructured' });

    it('when a duty moves to another fitting holder after the current one started, then it is reassigned from that date', () => {
      given([duty]).when(reassign({ unitId: 'general' }, '2020-06-01')).then([reassigned('d', { unitId: 'general' }, '2020-06-01')]);
    });

    it('when the reassignment starts on the current holder’s start, then it is refused', () => {
      given([duty]).when(reassign({ unitId: 'general' }, '2020-01-01')).thenThrows(RuleBroken, 'reassigned-before-current-holder');
    });

    it('when the reassignment starts before the latest holder’s start, then it is refused', () => {
      given([duty, reassigned('d', { unitId: 'general' }, '2020-06-01')]).when(reassign({ unitId: 'branch' }, '2020-03-01')).thenThrows(RuleBroken, 'reassigned-before-current-holder');
    });

    it('when the duty moves to the holder it already has, then it is refused', () => {
      given([duty, reassigned('d', { unitId: 'general' }, '2020-06-01')]).when(reassign({ unitId: 'general' }, '2020-09-01')).thenThrows(RuleBroken, 'same-holder');
    });

    it('when the duty was closed later than the reassignment’s date, then it is reassigned from that date: it was open then', () => {
      given([duty, closed('d', '2020-12-31')]).when(reassign({ unitId: 'general' }, '2020-06-01')).then([reassigned('d', { unitId: 'general' }, '2020-06-01')]);
    });

    it.each(['2020-12-31', '2021-03-01'])('when the duty was closed on 2020-12-31 and the reassignment takes effect on %s, then it is refused: the duty is no longer open', (effectiveFrom) => {
      given([duty, closed('d', '2020-12-31')]).when(reassign({ unitId: 'general' }, effectiveFrom)).thenThrows(RuleBroken, 'duty-closed');
    });

    it('when the duty closed on 2021-06-30 is reassigned from earlier to a unit dissolved before that, then the unit is not active to the close; dissolved on it, it is reassigned', () => {
      const dual = assigned('d', { kind: 'dual', holder: { unitId: 'college', post: 'head' }, scopeUnitIds: ['college'] });
      const toDepartment: DutyCommand = { type: 'ReassignDuty', dutyId: 'd', holder: { unitId: 'department', post: 'head' }, effectiveFrom: '2020-06-01', reason: 'restructured' };
      given([dual, closed('d', '2021-06-30')]).when(toDepartment).thenThrows(RuleBroken, 'unit-not-active');
      given([dual, closed('d', '2021-01-01')]).when(toDepartment).then([reassigned('d', { unitId: 'department', post: 'head' }, '2020-06-01')]);
    });

    it('when a reassignment is recorded after the close, then the holder follows it up to the close and the close stands', () => {
      const state = fold(dutyDecider.evolve, dutyDecider.initialState, [duty, closed('d', '2020-12-31'), reassigned('d', { unitId: 'general' }, '2020-06-01')]);
      expect([holderOn(state, '2020-05-31'), holderOn(state, '2020-06-01'), holderOn(state, '2020-12-30')]).toEqual([{ unitId: 'committee' }, { unitId: 'general' }, { unitId: 'general' }]);
      expect([state.closedOn, isOpenOn(state, '2020-12-30'), isOpenOn(state, '2020-12-31')]).toEqual(['2020-12-31', true, false]);
    });

    it('when the new holder does not fit the kind, then it is refused by the kind’s rule', () => {
      given([duty]).when(reassign({ unitId: 'college' }, '2020-06-01')).thenThrows(RuleBroken, 'primary-needs-party-organisation');
    });

    it('when the new holder unit is not active on the date, then it is refused', () => {
      given([duty]).when(reassign({ unitId: 'late' }, '2021-06-01')).thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when the new holder unit does not exist, then it is not found', () => {
      given([duty]).when(reassign({ unitId: 'ghost' }, '2020-06-01')).thenThrows(NotFound, 'unit-not-found');
    });

    it('when the duty does not exist, then it is not found', () => {
      given([]).when(reassign({ unitId: 'general' }, '2020-06-01')).thenThrows(NotFound, 'duty-not-found');
    });

    it('when a delegated duty moves out from under its parent’s holder, then it is refused', () => {
      const parent = assigned('d-general', { holder: { unitId: 'general' } });
      const child = assigned('d', { holder: { unitId: 'cell' }, parentDutyId: 'd-general', effectiveFrom: '2020-02-01' });
      given([child], [parent]).when(reassign({ unitId: 'branch' }, '2020-06-01')).thenThrows(RuleBroken, 'parent-duty-not-above');
      given([child], [parent]).when(reassign({ unitId: 'general' }, '2020-06-01')).then([reassigned('d', { unitId: 'general' }, '2020-06-01')]);
    });
  });

  describe('a parent with delegates: its change keeps the rule for each of them (层层传导, seen from the parent)', () => {
    // d-general (held by general) delegated to d-cell (held by cell, under general) from 2020-02-01; as its delegation stream holds it.
    const parent = assigned('d-general', { holder: { unitId: 'general' } });
    const delegateAssigned = (dutyId: string, holder: Holder, effectiveFrom: string): DelegationEvent => ({
      type: 'DelegateAssigned',
      data: { parentDutyId: 'd-general', dutyId, holder, effectiveFrom },
    });
    const delegateReassigned = (dutyId: string, holder: Holder, effectiveFrom: string): DelegationEvent => ({
      type: 'DelegateReassigned',
      data: { parentDutyId: 'd-general', dutyId, holder, effectiveFrom },
    });
    const delegateClosed = (dutyId: string, effectiveFrom: string): DelegationEvent => ({ type: 'DelegateClosed', data: { parentDutyId: 'd-general', dutyId, effectiveFrom } });
    const cell = delegateAssigned('d-cell', { unitId: 'cell' }, '2020-02-01');
    const close = (effectiveFrom: string): DutyCommand => ({ type: 'CloseDuty', dutyId: 'd-general', effectiveFrom, reason: 'done' });
    const reassign = (unitId: string, effectiveFrom: string): DutyCommand => ({ type: 'ReassignDuty', dutyId: 'd-general', holder: { unitId }, effectiveFrom, reason: 'restructured' });

    it('when the parent would close before its delegate starts, then it is refused naming the delegate and its date', () => {
      const run = () => dutyDecider.decide(close('2020-01-20'), fold(dutyDecider.evolve, dutyDecider.initialState, [parent]), context([], [cell]));
      expect(run).toThrow(RuleBroken);
      expect(run).toThrow(/d-cell .*2020-02-01/);
      given([parent], [], [cell]).when(close('2020-01-20')).thenThrows(RuleBroken, 'delegate-after-parent-close');
    });

    it('when the parent would close on the day its delegate starts, then it is refused: the parent must be open that day', () => {
      given([parent], [], [cell]).when(close('2020-02-01')).thenThrows(RuleBroken, 'delegate-after-parent-close');
    });

    it('when the parent would close before a delegate’s later holder change, then it is refused', () => {
      given([parent], [], [cell, delegateReassigned('d-cell', { unitId: 'general' }, '2020-06-01')]).when(close('2020-05-01')).thenThrows(RuleBroken, 'delegate-after-parent-close');
    });

    it('when the parent closes after every delegate’s start and holder change, then it is closed', () => {
      const delegations = [cell, delegateReassigned('d-cell', { unitId: 'general' }, '2020-06-01'), delegateAssigned('d-cell2', { unitId: 'cell' }, '2020-03-01')];
      given([parent], [], delegations).when(close('2020-06-02')).then([closed('d-general', '2020-06-02')]);
    });

    it('when the parent was never delegated, or its delegations were recorded before they had a stream, then it closes as before', () => {
      given([parent]).when(close('2020-01-20')).then([closed('d-general', '2020-01-20')]);
    });

    it('when the parent moves to a sibling of its delegate’s holder, then it is refused naming the delegate, its holder and the date', () => {
      const run = () => dutyDecider.decide(reassign('branch', '2020-04-01'), fold(dutyDecider.evolve, dutyDecider.initialState, [parent]), context([], [cell]));
      expect(run).toThrow(/d-cell is held in cell on 2020-04-01/);
      given([parent], [], [cell]).when(reassign('branch', '2020-04-01')).thenThrows(RuleBroken, 'parent-not-above-delegate');
    });

    it('when the parent moves to a unit above every open delegate, then it is reassigned', () => {
      const delegations = [cell, delegateAssigned('d-general2', { unitId: 'general' }, '2020-03-01')];
      given([parent], [], delegations).when(reassign('committee', '2020-04-01')).then([reassigned('d-general', { unitId: 'committee' }, '2020-04-01')]);
    });

    it('when a delegate changes holder after the parent’s move to a unit not above its new holder, then it is refused on that date', () => {
      // d-cell moves to branch (under college) on 2020-06-01; a parent held by general from 2020-04-01 would not be above it then.
      const delegations = [delegateAssigned('d-cell', { unitId: 'committee' }, '2020-02-01'), delegateReassigned('d-cell', { unitId: 'branch' }, '2020-06-01')];
      const committeeParent = assigned('d-general', { holder: { unitId: 'committee' } });
      given([committeeParent], [], delegations).when(reassign('general', '2020-04-01')).thenThrows(RuleBroken, 'parent-not-above-delegate');
    });

    it('when a delegate starts only after the parent’s close, or changes holder then, the parent’s backdated move is not held to it', () => {
      // Possible only in a log written before delegations were checked from the parent: the parent is no one’s parent from its close.
      const delegations = [delegateAssigned('d-late', { unitId: 'branch' }, '2020-09-01')];
      given([parent, closed('d-general', '2020-08-01')], [], delegations).when(reassign('committee', '2020-04-01')).then([reassigned('d-general', { unitId: 'committee' }, '2020-04-01')]);
    });

    it('when the delegate was closed before the parent’s move, then it no longer constrains it', () => {
      given([parent], [], [cell, delegateClosed('d-cell', '2020-03-01')]).when(reassign('branch', '2020-04-01')).then([reassigned('d-general', { unitId: 'branch' }, '2020-04-01')]);
      given([parent], [], [cell, delegateClosed('d-cell', '2020-04-01')]).when(reassign('branch', '2020-04-01')).then([reassigned('d-general', { unitId: 'branch' }, '2020-04-01')]);
      given([parent], [], [cell, delegateClosed('d-cell', '2020-04-02')]).when(reassign('branch', '2020-04-01')).thenThrows(RuleBroken, 'parent-not-above-delegate');
    });

    it('when the delegate’s unit has moved by the parent’s date, then the tree of that date decides', () => {
      // cell moves from general to college on 2020-03-01: general is above d-cell’s holder before that, not after.
      const ctx = dutyContextFrom({ units: [...units, unitMoved('cell', 'college', '2020-03-01')], posts, delegations: [cell], people });
      const committeeParent = assigned('d-general', { holder: { unitId: 'committee' } });
      spec(dutyDecider).given([committeeParent], ctx).when(reassign('general', '2020-02-15')).then([reassigned('d-general', { unitId: 'general' }, '2020-02-15')]);
      spec(dutyDecider).given([committeeParent], ctx).when(reassign('general', '2020-04-01')).thenThrows(RuleBroken, 'parent-not-above-delegate');
    });

    it('when the parent was never delegated, then it is reassigned as before', () => {
      given([parent]).when(reassign('branch', '2020-04-01')).then([reassigned('d-general', { unitId: 'branch' }, '2020-04-01')]);
    });
  });

  describe('ReviseDuty', () => {
    it('when the title is revised, then only the title changes', () => {
      given([assigned('d')]).when({ type: 'ReviseDuty', dutyId: 'd', title: '新标题' }).then([{ type: 'DutyRevised', data: { dutyId: 'd', title: '新标题' } }]);
    });

    it('when neither title nor items are given, then there is nothing to revise', () => {
      given([assigned('d')]).when({ type: 'ReviseDuty', dutyId: 'd' }).thenThrows(RuleBroken, 'nothing-to-revise');
    });

    it('when the duty does not exist, then it is not found', () => {
      given([]).when({ type: 'ReviseDuty', dutyId: 'd', title: 'x' }).thenThrows(NotFound, 'duty-not-found');
    });
  });

  describe('CloseDuty', () => {
    const close = (effectiveFrom: string): DutyCommand => ({ type: 'CloseDuty', dutyId: 'd', effectiveFrom, reason: 'done' });

    it('when an open duty is closed, then it is closed from that date', () => {
      given([assigned('d')]).when(close('2020-12-31')).then([closed('d', '2020-12-31')]);
    });

    it('when a duty is closed twice, then the second is refused', () => {
      given([assigned('d'), closed('d', '2020-12-31')]).when(close('2021-01-31')).thenThrows(RuleBroken, 'duty-closed');
    });

    it('when a duty is closed on the day its current holder took it, then it is closed: that holder held it no day', () => {
      given([assigned('d'), reassigned('d', { unitId: 'general' }, '2020-06-01')]).when(close('2020-06-01')).then([closed('d', '2020-06-01')]);
    });

    it('when a duty is closed before its current holder’s start, then it is refused', () => {
      given([assigned('d'), reassigned('d', { unitId: 'general' }, '2020-06-01')]).when(close('2020-05-31')).thenThrows(RuleBroken, 'closed-before-assignment');
    });

    it('when the duty does not exist, then it is not found', () => {
      given([]).when(close('2020-12-31')).thenThrows(NotFound, 'duty-not-found');
    });

    describe('a duty whose holder unit is dissolved (department, on 2021-01-01)', () => {
      const headOfDepartment = assigned('d', { kind: 'dual', holder: { unitId: 'department', post: 'head' }, scopeUnitIds: ['department'] });

      it('when it is closed on the dissolution date, then it is closed: an end may fall on that day', () => {
        given([headOfDepartment]).when(close('2021-01-01')).then([closed('d', '2021-01-01')]);
      });

      it('when it is closed after the dissolution date, then the unit is not active', () => {
        given([headOfDepartment]).when(close('2021-01-02')).thenThrows(RuleBroken, 'unit-not-active');
      });

      it('when it was reassigned to an active unit before the dissolution, then its current holder decides and it closes later', () => {
        given([headOfDepartment, reassigned('d', { unitId: 'college', post: 'head' }, '2020-06-01')]).when(close('2021-06-30')).then([closed('d', '2021-06-30')]);
      });
    });
  });

  describe('AcknowledgeDuty (签订责任书)', () => {
    const ack = (personId: string, acknowledgedOn: string, dutyId = 'd'): DutyCommand => ({ type: 'AcknowledgeDuty', dutyId, personId, acknowledgedOn });
    const first = assigned('d', { kind: 'first', holder: { unitId: 'branch', post: 'secretary' } });
    const primary = assigned('d', { holder: { unitId: 'committee' } });

    it('when the person in the post that day acknowledges a post-held duty, then it is acknowledged', () => {
      given([first]).when(ack('p-bs', '2020-08-31')).then([acknowledged('d', 'p-bs', '2020-08-31')]);
    });

    it('when the previous incumbent acknowledges on the day they were relieved, then they are not the holder', () => {
      given([first]).when(ack('p-bs', '2020-09-01')).thenThrows(RuleBroken, 'not-holder');
    });

    it('when the successor acknowledges from the day of their appointment, then it is acknowledged', () => {
      given([first]).when(ack('p-bs2', '2020-09-01')).then([acknowledged('d', 'p-bs2', '2020-09-01')]);
    });

    it('when a person in another post of the unit acknowledges a post-held duty, then they are not the holder', () => {
      given([assigned('d', { kind: 'first', holder: { unitId: 'committee', post: 'secretary' } })]).when(ack('p-mem', '2020-02-01')).thenThrows(RuleBroken, 'not-holder');
    });

    it('when a person in any post of the unit acknowledges a unit-held duty, then it is acknowledged', () => {
      given([primary]).when(ack('p-mem', '2020-02-01')).then([acknowledged('d', 'p-mem', '2020-02-01')]);
    });

    it('when the holder’s unit is dissolved by the acknowledgement date, then the unit is not active, though its head was never relieved; the day before, it is acknowledged', () => {
      const headOfDepartment = assigned('d', { kind: 'dual', holder: { unitId: 'department', post: 'head' }, scopeUnitIds: ['department'] });
      given([headOfDepartment]).when(ack('p-dh', '2021-01-01')).thenThrows(RuleBroken, 'unit-not-active');
      given([headOfDepartment]).when(ack('p-dh', '2020-12-31')).then([acknowledged('d', 'p-dh', '2020-12-31')]);
    });

    it('when a person with no post in the unit acknowledges a unit-held duty, then they are not the holder', () => {
      given([primary]).when(ack('p-head', '2020-02-01')).thenThrows(RuleBroken, 'not-holder');
      given([primary]).when(ack('p-out', '2020-02-01')).thenThrows(RuleBroken, 'not-holder');
    });

    it('when the duty was reassigned, then the holder on the acknowledgement date decides', () => {
      const moved = [primary, reassigned('d', { unitId: 'branch' }, '2020-06-01')];
      given(moved).when(ack('p-sec', '2020-05-31')).then([acknowledged('d', 'p-sec', '2020-05-31')]);
      given(moved).when(ack('p-sec', '2020-06-01')).thenThrows(RuleBroken, 'not-holder');
      given(moved).when(ack('p-bs', '2020-06-01')).then([acknowledged('d', 'p-bs', '2020-06-01')]);
    });

    it('when a person acknowledges the duty a second time, then it is already acknowledged', () => {
      given([primary, acknowledged('d', 'p-sec', '2020-02-01')]).when(ack('p-sec', '2020-03-01')).thenThrows(RuleBroken, 'already-acknowledged');
    });

    it('when the duty is not yet open that day, then it is not open', () => {
      given([primary]).when(ack('p-sec', '2019-12-31')).thenThrows(RuleBroken, 'duty-not-open');
    });

    it('when the duty is closed on that day, then it is not open', () => {
      given([primary, closed('d', '2020-12-31')]).when(ack('p-sec', '2020-12-31')).thenThrows(RuleBroken, 'duty-not-open');
    });

    it('when the person does not exist, then they are not found', () => {
      given([primary]).when(ack('p-ghost', '2020-02-01')).thenThrows(NotFound, 'person-not-found');
    });

    it('when the duty does not exist, then it is not found', () => {
      given([]).when(ack('p-sec', '2020-02-01')).thenThrows(NotFound, 'duty-not-found');
    });
  });

  describe('business time', () => {
    const state = fold(dutyDecider.evolve, dutyDecider.initialState, [
      assigned('d', { effectiveFrom: '2020-01-01' }),
      reassigned('d', { unitId: 'general' }, '2020-06-01'),
      closed('d', '2021-01-01'),
    ]);

    it('when a duty is assigned on A and closed on C, then it is open from A to the day before C', () => {
      expect(isOpenOn(state, '2019-12-31')).toBe(false);
      expect(isOpenOn(state, '2020-01-01')).toBe(true);
      expect(isOpenOn(state, '2020-12-31')).toBe(true);
      expect(isOpenOn(state, '2021-01-01')).toBe(false);
    });

    it('when a duty is reassigned on R, then the old holder holds it to the day before R and the new one from R', () => {
      expect(holderOn(state, '2020-05-31')).toEqual({ unitId: 'committee' });
      expect(holderOn(state, '2020-06-01')).toEqual({ unitId: 'general' });
    });
  });
});
