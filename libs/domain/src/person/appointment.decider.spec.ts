import { spec } from '@duty-ledger/testing/decider.spec-helper';
import { personAppointed, personRelieved, unitDissolved, unitRegistered, unitState } from '@duty-ledger/testing/domain-fixtures';
import { fold } from '../shared/decider';
import { NotFound, RuleBroken } from '../shared/errors';
import type { Post } from '../shared/vocabulary';
import { incumbentsOn, postDecider, type PostContext, type PostEvent } from './post.decider';

const college = unitRegistered('college', 'college', 'committee', '2018-01-01');
const active: PostContext = { unit: unitState([college], 'college'), personExists: true };
const dissolvedOn20200101: PostContext = { unit: unitState([college, unitDissolved('college', '2020-01-01')], 'college'), personExists: true };

const appoint = (personId: string, post: Post, effectiveFrom: string) => ({ type: 'AppointPerson' as const, personId, unitId: 'college', post, effectiveFrom });
const relieve = (personId: string, post: Post, effectiveFrom: string) => ({ type: 'RelievePerson' as const, personId, unitId: 'college', post, effectiveFrom });

describe('post decider', () => {
  describe.each<Post>(['secretary', 'discipline-secretary', 'head'])('single-incumbent post %s', (post) => {
    it('when the post is vacant, then a person is appointed', () => {
      spec(postDecider).given([], active).when(appoint('p-wang', post, '2018-06-01')).then([personAppointed('p-wang', 'college', post, '2018-06-01')]);
    });

    it('when a second person is appointed while the first holds it, then the post is occupied', () => {
      spec(postDecider)
        .given([personAppointed('p-wang', 'college', post, '2018-06-01')], active)
        .when(appoint('p-li', post, '2019-01-01'))
        .thenThrows(RuleBroken, 'post-occupied');
    });

    it('when a second person is appointed back-dated into the first’s term, then the post is occupied', () => {
      spec(postDecider)
        .given([personAppointed('p-wang', 'college', post, '2018-06-01'), personRelieved('p-wang', 'college', post, '2020-09-01')], active)
        .when(appoint('p-li', post, '2020-08-31'))
        .thenThrows(RuleBroken, 'post-occupied');
    });

    it('when the first is relieved, then a second person is appointed from the relief date', () => {
      spec(postDecider)
        .given([personAppointed('p-wang', 'college', post, '2018-06-01'), personRelieved('p-wang', 'college', post, '2020-09-01')], active)
        .when(appoint('p-li', post, '2020-09-01'))
        .then([personAppointed('p-li', 'college', post, '2020-09-01')]);
    });
  });

  it('when an appointment was relieved the same day it began, then it holds no day and does not block an earlier appointment', () => {
    spec(postDecider)
      .given([personAppointed('p-wang', 'college', 'secretary', '2020-01-01'), personRelieved('p-wang', 'college', 'secretary', '2020-01-01')], active)
      .when(appoint('p-li', 'secretary', '2019-06-01'))
      .then([personAppointed('p-li', 'college', 'secretary', '2019-06-01')]);
  });

  describe('multi-incumbent post (member)', () => {
    it('when a second person is appointed alongside the first, then both hold it', () => {
      const given = [personAppointed('p-wang', 'college', 'member', '2018-06-01')];
      spec(postDecider).given(given, active).when(appoint('p-li', 'member', '2019-01-01')).then([personAppointed('p-li', 'college', 'member', '2019-01-01')]);
      const state = fold(postDecider.evolve, postDecider.initialState, [...given, personAppointed('p-li', 'college', 'member', '2019-01-01')]);
      expect(incumbentsOn(state, '2019-01-01')).toEqual(['p-wang', 'p-li']);
    });

    it('when the same person is appointed again at overlapping dates, then they are already in post', () => {
      spec(postDecider)
        .given([personAppointed('p-wang', 'college', 'member', '2018-06-01')], active)
        .when(appoint('p-wang', 'member', '2019-01-01'))
        .thenThrows(RuleBroken, 'already-in-post');
    });

    it('when the same person is appointed again after their relief, then they are appointed', () => {
      spec(postDecider)
        .given([personAppointed('p-wang', 'college', 'member', '2018-06-01'), personRelieved('p-wang', 'college', 'member', '2019-01-01')], active)
        .when(appoint('p-wang', 'member', '2019-01-01'))
        .then([personAppointed('p-wang', 'college', 'member', '2019-01-01')]);
    });
  });

  describe('AppointPerson on the unit and person', () => {
    it('when the unit is dissolved on the appointment date, then the unit is not active', () => {
      spec(postDecider).given([], dissolvedOn20200101).when(appoint('p-wang', 'head', '2020-01-01')).thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when the unit is registered only after the appointment date, then the unit is not active', () => {
      spec(postDecider).given([], active).when(appoint('p-wang', 'head', '2017-12-31')).thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when the unit does not exist, then it is not found', () => {
      spec(postDecider).given([], { unit: undefined, personExists: true }).when(appoint('p-wang', 'head', '2019-01-01')).thenThrows(NotFound, 'unit-not-found');
    });

    it('when the person does not exist, then they are not found', () => {
      spec(postDecider).given([], { ...active, personExists: false }).when(appoint('p-wang', 'head', '2019-01-01')).thenThrows(NotFound, 'person-not-found');
    });
  });

  describe('RelievePerson', () => {
    const headSince2018: PostEvent[] = [personAppointed('p-wang', 'college', 'head', '2018-06-01')];

    it('when the person in post is relieved, then they are relieved from that date', () => {
      spec(postDecider).given(headSince2018, active).when(relieve('p-wang', 'head', '2020-09-01')).then([personRelieved('p-wang', 'college', 'head', '2020-09-01')]);
    });

    it('when someone not in the post is relieved, then they are not in post', () => {
      spec(postDecider).given(headSince2018, active).when(relieve('p-li', 'head', '2020-09-01')).thenThrows(RuleBroken, 'not-in-post');
    });

    it('when the person is relieved before their appointment, then they are not in post', () => {
      spec(postDecider).given(headSince2018, active).when(relieve('p-wang', 'head', '2018-05-31')).thenThrows(RuleBroken, 'not-in-post');
    });

    it('when the person is relieved a second time, then they are not in post', () => {
      spec(postDecider)
        .given([...headSince2018, personRelieved('p-wang', 'college', 'head', '2020-09-01')], active)
        .when(relieve('p-wang', 'head', '2021-01-01'))
        .thenThrows(RuleBroken, 'not-in-post');
    });

    it('when the person is relieved on the unit’s dissolution date, then it is allowed', () => {
      spec(postDecider).given(headSince2018, dissolvedOn20200101).when(relieve('p-wang', 'head', '2020-01-01')).then([personRelieved('p-wang', 'college', 'head', '2020-01-01')]);
    });

    it('when the person is relieved after the unit’s dissolution date, then the unit is not active', () => {
      spec(postDecider).given(headSince2018, dissolvedOn20200101).when(relieve('p-wang', 'head', '2020-01-02')).thenThrows(RuleBroken, 'unit-not-active');
    });
  });

  describe('incumbentsOn', () => {
    const state = fold(postDecider.evolve, postDecider.initialState, [
      personAppointed('p-wang', 'college', 'secretary', '2018-06-01'),
      personRelieved('p-wang', 'college', 'secretary', '2020-09-01'),
      personAppointed('p-li', 'college', 'secretary', '2020-09-01'),
    ]);

    it('when a person is relieved effective 2020-09-01, then they hold the post on 2020-08-31 and not on 2020-09-01', () => {
      expect(incumbentsOn(state, '2020-08-31')).toEqual(['p-wang']);
      expect(incumbentsOn(state, '2020-09-01')).toEqual(['p-li']);
    });

    it('when asked before the first appointment, then the post is vacant', () => {
      expect(incumbentsOn(state, '2018-05-31')).toEqual([]);
      expect(incumbentsOn(state, '2018-06-01')).toEqual(['p-wang']);
    });
  });
});
