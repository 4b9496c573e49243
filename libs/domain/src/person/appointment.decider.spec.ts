import { spec } from '@duty-ledger/testing/decider.spec-helper';
import { personAppointed, personRelieved, unitDissolved, unitRegistered, unitState } from '@duty-ledger/testing/domain-fixtures';
import { fold } from '../shared/decider';
import { NotFound, RuleBroken } from '../shared/errors';
import type { Post } from '../shared/vocabulary';
import { evolvePost, incumbentsOn, initialPostState, postIncumbencyOf, postTermOf, type PostStreamEvent } from '../post/post-incumbency';
import type { UnitState } from '../unit/unit.decider';
import { appointmentDecider, type AppointmentContext } from './appointment.decider';
import type { PersonEvent, TenureEvent } from './person.decider';

const college = unitRegistered('college', 'college', 'committee', '2018-01-01');
const collegeActive = unitState([college], 'college');
const collegeDissolvedOn20200101 = unitState([college, unitDissolved('college', '2020-01-01')], 'college');
const registered = (personId: string): PersonEvent => ({ type: 'PersonRegistered', data: { personId, name: personId } });

/** Given: the person is registered, and the post's stream holds the term events of these appointments and reliefs. */
const postHolding = (history: readonly TenureEvent[], unit: UnitState = collegeActive): AppointmentContext => ({
  unit,
  post: fold(evolvePost, initialPostState, history.map(postTermOf)),
});
const active = postHolding([]);
const dissolvedOn20200101 = postHolding([], collegeDissolvedOn20200101);
const unitMissing: AppointmentContext = { unit: undefined, post: initialPostState };

const appoint = (personId: string, post: Post, effectiveFrom: string) => ({ type: 'AppointPerson' as const, personId, unitId: 'college', post, effectiveFrom });
const relieve = (personId: string, post: Post, effectiveFrom: string) => ({ type: 'RelievePerson' as const, personId, unitId: 'college', post, effectiveFrom });
/** The decider's own stream is the person's: every case is about a registered person unless it says otherwise. */
const given = (personId: string, context: AppointmentContext) => spec(appointmentDecider).given([registered(personId)], context);

describe('appointment decider', () => {
  describe.each<Post>(['secretary', 'discipline-secretary', 'head'])('single-incumbent post %s', (post) => {
    it('when the post is vacant, then the person is appointed', () => {
      given('p-wang', active).when(appoint('p-wang', post, '2018-06-01')).then([personAppointed('p-wang', 'college', post, '2018-06-01')]);
    });

    it('when a second person is appointed while the first holds it, then the post is occupied', () => {
      given('p-li', postHolding([personAppointed('p-wang', 'college', post, '2018-06-01')]))
        .when(appoint('p-li', post, '2019-01-01'))
        .thenThrows(RuleBroken, 'post-occupied');
    });

    it('when a second person is appointed back-dated into the first’s term, then the post is occupied', () => {
      given('p-li', postHolding([personAppointed('p-wang', 'college', post, '2018-06-01'), personRelieved('p-wang', 'college', post, '2020-09-01')]))
        .when(appoint('p-li', post, '2020-08-31'))
        .thenThrows(RuleBroken, 'post-occupied');
    });

    it('when the first is relieved, then a second person is appointed from the relief date', () => {
      given('p-li', postHolding([personAppointed('p-wang', 'college', post, '2018-06-01'), personRelieved('p-wang', 'college', post, '2020-09-01')]))
        .when(appoint('p-li', post, '2020-09-01'))
        .then([personAppointed('p-li', 'college', post, '2020-09-01')]);
    });
  });

  it('when an appointment was relieved the same day it began, then it holds no day and does not block an earlier appointment', () => {
    given('p-li', postHolding([personAppointed('p-wang', 'college', 'secretary', '2020-01-01'), personRelieved('p-wang', 'college', 'secretary', '2020-01-01')]))
      .when(appoint('p-li', 'secretary', '2019-06-01'))
      .then([personAppointed('p-li', 'college', 'secretary', '2019-06-01')]);
  });

  describe('multi-incumbent post (member)', () => {
    it('when a second person is appointed alongside the first, then both hold it', () => {
      const history = [personAppointed('p-wang', 'college', 'member', '2018-06-01')];
      given('p-li', postHolding(history)).when(appoint('p-li', 'member', '2019-01-01')).then([personAppointed('p-li', 'college', 'member', '2019-01-01')]);
      expect(incumbentsOn(postHolding([...history, personAppointed('p-li', 'college', 'member', '2019-01-01')]).post, '2019-01-01')).toEqual(['p-wang', 'p-li']);
    });

    it('when the same person is appointed again at overlapping dates, then they are already in post', () => {
      given('p-wang', postHolding([personAppointed('p-wang', 'college', 'member', '2018-06-01')]))
        .when(appoint('p-wang', 'member', '2019-01-01'))
        .thenThrows(RuleBroken, 'already-in-post');
    });

    it('when the same person is appointed again after their relief, then they are appointed', () => {
      given('p-wang', postHolding([personAppointed('p-wang', 'college', 'member', '2018-06-01'), personRelieved('p-wang', 'college', 'member', '2019-01-01')]))
        .when(appoint('p-wang', 'member', '2019-01-01'))
        .then([personAppointed('p-wang', 'college', 'member', '2019-01-01')]);
    });
  });

  describe('AppointPerson on the unit and person', () => {
    it('when the unit is dissolved on the appointment date, then the unit is not active', () => {
      given('p-wang', dissolvedOn20200101).when(appoint('p-wang', 'head', '2020-01-01')).thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when the unit is registered only after the appointment date, then the unit is not active', () => {
      given('p-wang', active).when(appoint('p-wang', 'head', '2017-12-31')).thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when the unit does not exist, then it is not found', () => {
      given('p-wang', unitMissing).when(appoint('p-wang', 'head', '2019-01-01')).thenThrows(NotFound, 'unit-not-found');
    });

    it('when the person is not registered, then they are not found (before the unit)', () => {
      spec(appointmentDecider).given([], unitMissing).when(appoint('p-wang', 'head', '2019-01-01')).thenThrows(NotFound, 'person-not-found');
    });
  });

  describe('RelievePerson', () => {
    const headSince2018: TenureEvent[] = [personAppointed('p-wang', 'college', 'head', '2018-06-01')];

    it('when the person in post is relieved, then they are relieved from that date', () => {
      given('p-wang', postHolding(headSince2018)).when(relieve('p-wang', 'head', '2020-09-01')).then([personRelieved('p-wang', 'college', 'head', '2020-09-01')]);
    });

    it('when someone not in the post is relieved, then they are not in post', () => {
      given('p-li', postHolding(headSince2018)).when(relieve('p-li', 'head', '2020-09-01')).thenThrows(RuleBroken, 'not-in-post');
    });

    it('when the person is relieved on the day of their appointment, then they are relieved: the term holds no day', () => {
      given('p-wang', postHolding(headSince2018)).when(relieve('p-wang', 'head', '2018-06-01')).then([personRelieved('p-wang', 'college', 'head', '2018-06-01')]);
    });

    it('when the person is relieved before their appointment, then they are not in post', () => {
      given('p-wang', postHolding(headSince2018)).when(relieve('p-wang', 'head', '2018-05-31')).thenThrows(RuleBroken, 'not-in-post');
    });

    it('when the person is relieved a second time, then they are not in post', () => {
      given('p-wang', postHolding([...headSince2018, personRelieved('p-wang', 'college', 'head', '2020-09-01')]))
        .when(relieve('p-wang', 'head', '2021-01-01'))
        .thenThrows(RuleBroken, 'not-in-post');
    });

    it('when the person is relieved on the unit’s dissolution date, then it is allowed', () => {
      given('p-wang', postHolding(headSince2018, collegeDissolvedOn20200101)).when(relieve('p-wang', 'head', '2020-01-01')).then([personRelieved('p-wang', 'college', 'head', '2020-01-01')]);
    });

    it('when the person is relieved after the unit’s dissolution date, then the unit is not active', () => {
      given('p-wang', postHolding(headSince2018, collegeDissolvedOn20200101)).when(relieve('p-wang', 'head', '2020-01-02')).thenThrows(RuleBroken, 'unit-not-active');
    });
  });

  it('when the person’s stream holds their appointments and reliefs, then they are still the registered person', () => {
    spec(appointmentDecider)
      .given([registered('p-wang'), personAppointed('p-wang', 'college', 'head', '2018-06-01'), personRelieved('p-wang', 'college', 'head', '2020-09-01')], active)
      .when(appoint('p-wang', 'head', '2020-09-01'))
      .then([personAppointed('p-wang', 'college', 'head', '2020-09-01')]);
  });
});

describe('post incumbency', () => {
  const history: TenureEvent[] = [
    personAppointed('p-wang', 'college', 'secretary', '2018-06-01'),
    personRelieved('p-wang', 'college', 'secretary', '2020-09-01'),
    personAppointed('p-li', 'college', 'secretary', '2020-09-01'),
  ];
  const state = postHolding(history).post;

  it('when a person is relieved effective 2020-09-01, then they hold the post on 2020-08-31 and not on 2020-09-01', () => {
    expect(incumbentsOn(state, '2020-08-31')).toEqual(['p-wang']);
    expect(incumbentsOn(state, '2020-09-01')).toEqual(['p-li']);
  });

  it('when asked before the first appointment, then the post is vacant', () => {
    expect(incumbentsOn(state, '2018-05-31')).toEqual([]);
    expect(incumbentsOn(state, '2018-06-01')).toEqual(['p-wang']);
  });

  it('when the post’s stream was written before its term events (the appointments themselves in it), then it folds the same', () => {
    const legacy: PostStreamEvent[] = history;
    expect(fold(evolvePost, initialPostState, legacy)).toEqual(state);
  });

  it('when one stream holds two posts’ terms (their names coincide), then each post’s fold keeps its own', () => {
    const shared: PostStreamEvent[] = [
      postTermOf(personAppointed('p-wang', 'x', 'discipline-secretary', '2019-01-01')),
      postTermOf(personAppointed('p-li', 'x-discipline', 'secretary', '2019-01-01')),
    ];
    const ofX = postIncumbencyOf('x', 'discipline-secretary');
    const ofXDiscipline = postIncumbencyOf('x-discipline', 'secretary');
    expect(incumbentsOn(fold(ofX.evolve, ofX.initialState, shared), '2019-06-01')).toEqual(['p-wang']);
    expect(incumbentsOn(fold(ofXDiscipline.evolve, ofXDiscipline.initialState, shared), '2019-06-01')).toEqual(['p-li']);
  });

  it('when an appointment or relief is decided, then the post’s term event carries the same tenure', () => {
    expect(history.map(postTermOf).map((e) => e.type)).toEqual(['PostTermOpened', 'PostTermClosed', 'PostTermOpened']);
    expect(history.map(postTermOf).map((e) => e.data)).toEqual(history.map((e) => e.data));
  });
});
