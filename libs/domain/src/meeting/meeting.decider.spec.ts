import { spec } from '@duty-ledger/testing/decider.spec-helper';
import { closedLoopContextFrom, dutyAssigned } from '@duty-ledger/testing/closed-loop-fixtures';
import { personAppointed, personRelieved, unitDissolved, unitRegistered } from '@duty-ledger/testing/domain-fixtures';
import { Conflict, NotFound, RuleBroken } from '../shared/errors';
import { annualMeetingGuardKey, meetingDecider, type HoldMeeting, type MeetingEvent, type MeetingTerms } from './meeting.decider';

/*
 * committee (party-committee) ── discipline (discipline-committee)
 *                             ── college (college), general (general-branch)
 *                             ── department (department, dissolved 2021-01-01)
 */
const units = [
  unitRegistered('committee', 'party-committee', undefined, '2019-01-01'),
  unitRegistered('discipline', 'discipline-committee', 'committee', '2019-01-01'),
  unitRegistered('college', 'college', 'committee', '2019-01-01'),
  unitRegistered('general', 'general-branch', 'committee', '2019-01-01'),
  unitRegistered('department', 'department', 'committee', '2019-01-01'),
  unitDissolved('department', '2021-01-01'),
];
const posts = [
  personAppointed('p-sec', 'committee', 'secretary', '2019-01-01'),
  personRelieved('p-sec', 'committee', 'secretary', '2020-09-01'),
  personAppointed('p-sec2', 'committee', 'secretary', '2020-09-01'),
  personAppointed('p-head', 'college', 'head', '2019-01-01'),
];
const people = ['p-sec', 'p-sec2', 'p-head', 'p-staff'];
const duties = [dutyAssigned('d-primary', 'committee', '2020-01-01')];

const terms = (overrides: Partial<MeetingTerms> = {}): MeetingTerms => ({
  unitId: 'committee',
  kind: 'annual-deployment',
  heldOn: '2020-02-20',
  chairPersonId: 'p-sec',
  attendeePersonIds: ['p-sec', 'p-staff'],
  agenda: ['部署年度党风廉政建设工作'],
  decisions: ['印发年度责任清单'],
  dutyIds: ['d-primary'],
  ...overrides,
});
const hold = (overrides: Partial<MeetingTerms> = {}): HoldMeeting => ({ type: 'HoldMeeting', meetingId: 'm', ...terms(overrides) });
const held = (overrides: Partial<MeetingTerms> = {}): MeetingEvent => ({ type: 'MeetingHeld', data: { meetingId: 'm', ...terms(overrides) } });

const given = (events: MeetingEvent[] = [], annualMeetingHeld = false) =>
  spec(meetingDecider).given(events, closedLoopContextFrom({ units, posts, duties, people, annualMeetingHeld }));

describe('meeting decider', () => {
  describe('HoldMeeting', () => {
    it('when the party committee holds its annual deployment meeting chaired by its secretary, then the meeting is held', () => {
      given().when(hold()).then([held()]);
    });

    it('when the meeting names no chair, then it is held without one', () => {
      given().when(hold({ chairPersonId: undefined })).then([held({ chairPersonId: undefined })]);
    });

    it('when the meeting id exists already, then it conflicts', () => {
      given([held()]).when(hold()).thenThrows(Conflict, 'meeting-exists');
    });

    it('when the unit does not exist, then it is not found', () => {
      given().when(hold({ unitId: 'nowhere', chairPersonId: undefined })).thenThrows(NotFound, 'unit-not-found');
    });

    it('when the chair does not exist, then it is not found', () => {
      given().when(hold({ chairPersonId: 'p-ghost' })).thenThrows(NotFound, 'person-not-found');
    });

    it('when an attendee does not exist, then it is not found', () => {
      given().when(hold({ attendeePersonIds: ['p-ghost'] })).thenThrows(NotFound, 'person-not-found');
    });

    it('when a duty does not exist, then it is not found', () => {
      given().when(hold({ dutyIds: ['d-ghost'] })).thenThrows(NotFound, 'duty-not-found');
    });

    it('when the unit is dissolved on the meeting day, then the unit is not active', () => {
      given().when(hold({ unitId: 'department', kind: 'special', heldOn: '2021-01-01', chairPersonId: undefined })).thenThrows(RuleBroken, 'unit-not-active');
    });

    it('when the unit is not yet registered on the meeting day, then the unit is not active', () => {
      given().when(hold({ heldOn: '2018-12-31', chairPersonId: undefined })).thenThrows(RuleBroken, 'unit-not-active');
    });

    it.each(['annual-deployment', 'mid-year-review', 'year-end-summary'] as const)('when a college holds the annual %s meeting, then it needs the party committee', (kind) => {
      given().when(hold({ unitId: 'college', kind, chairPersonId: undefined })).thenThrows(RuleBroken, 'annual-meeting-needs-committee');
    });

    it.each(['task-setting', 'progress-review', 'review-evaluation'] as const)('when a college holds the %s meeting, then it is held', (kind) => {
      given().when(hold({ unitId: 'college', kind, chairPersonId: 'p-head', dutyIds: [] })).then([held({ unitId: 'college', kind, chairPersonId: 'p-head', dutyIds: [] })]);
    });

    it.each(['committee', 'discipline'])('when %s holds a secondary "three meetings" kind, then it needs a secondary unit', (unitId) => {
      given().when(hold({ unitId, kind: 'task-setting', chairPersonId: undefined })).thenThrows(RuleBroken, 'secondary-meeting-needs-secondary-unit');
    });

    it('when the discipline committee holds a special meeting, then it is held', () => {
      given()
        .when(hold({ unitId: 'discipline', kind: 'special', chairPersonId: undefined }))
        .then([held({ unitId: 'discipline', kind: 'special', chairPersonId: undefined })]);
    });

    it('when the chair holds no post in the unit on the meeting day, then the chair is not in post', () => {
      given().when(hold({ chairPersonId: 'p-head' })).thenThrows(RuleBroken, 'chair-not-in-post');
    });

    it('when the chair was relieved before the meeting day, then the chair is not in post', () => {
      given().when(hold({ heldOn: '2020-09-01', chairPersonId: 'p-sec' })).thenThrows(RuleBroken, 'chair-not-in-post');
    });

    it('when the chair took the post on the meeting day, then the meeting is held', () => {
      given().when(hold({ heldOn: '2020-09-01', chairPersonId: 'p-sec2' })).then([held({ heldOn: '2020-09-01', chairPersonId: 'p-sec2' })]);
    });

    it('when the committee has held that annual meeting this year, then it conflicts', () => {
      given([], true).when(hold()).thenThrows(Conflict, 'annual-meeting-held');
    });

    it('when a second annual meeting of the year also breaks another rule, then the conflict answers first (API.md: 409 before 422)', () => {
      given([], true).when(hold({ chairPersonId: 'p-head' })).thenThrows(Conflict, 'annual-meeting-held');
    });
  });

  describe('annualMeetingGuardKey', () => {
    it('when the meeting is one of the three annual kinds, then the key names the committee, kind and year', () => {
      expect(annualMeetingGuardKey(held({ kind: 'mid-year-review', heldOn: '2020-07-01' }))).toBe('committee-mid-year-review-2020');
      expect(annualMeetingGuardKey(hold({ kind: 'year-end-summary', heldOn: '2020-12-30' }))).toBe('committee-year-end-summary-2020');
    });

    it('when the meeting is of another kind, then there is no key', () => {
      expect(annualMeetingGuardKey(held({ kind: 'special' }))).toBeUndefined();
      expect(annualMeetingGuardKey(held({ unitId: 'college', kind: 'task-setting' }))).toBeUndefined();
    });
  });

  describe('evolve', () => {
    it('when a meeting is held, then the state holds its terms', () => {
      expect(meetingDecider.evolve(meetingDecider.initialState, held())).toEqual({ exists: true, meetingId: 'm', ...terms() });
    });
  });
});
