import type { AssessmentState } from '@duty-ledger/domain/assessment/assessment.decider';
import { assessmentsInForce, inForceInYear, owesYear } from './year-rules';

describe('inForceInYear: a half-open interval holds some day of the year, up to `at`', () => {
  const endOf2020 = '2020-12-31';

  it('when the interval holds a day of the year by `at`, then it is in force in the year', () => {
    expect(inForceInYear({ from: '2020-03-01' }, 2020, endOf2020)).toBe(true);
    expect(inForceInYear({ from: '2018-01-01', to: '2020-01-02' }, 2020, endOf2020)).toBe(true); // 2020-01-01
    expect(inForceInYear({ from: '2020-12-31' }, 2020, endOf2020)).toBe(true);
    expect(inForceInYear({ from: '2020-06-01' }, 2020, '2020-06-01')).toBe(true);
  });

  it('when it ended by the year’s first day or starts after the year or after `at`, then it is not', () => {
    expect(inForceInYear({ from: '2018-01-01', to: '2020-01-01' }, 2020, endOf2020)).toBe(false); // dissolved on New Year's Day
    expect(inForceInYear({ from: '2021-01-01' }, 2020, endOf2020)).toBe(false);
    expect(inForceInYear({ from: '2020-06-02' }, 2020, '2020-06-01')).toBe(false);
  });

  it('when it holds no day at all (closed on the day it starts), then it is not', () => {
    expect(inForceInYear({ from: '2020-03-01', to: '2020-03-01' }, 2020, endOf2020)).toBe(false);
  });

  it('when `at` is before the year begins, then nothing is in force in it yet', () => {
    expect(inForceInYear({ from: '2020-01-01' }, 2021, '2020-06-01')).toBe(false);
  });
});

describe('owesYear: a unit owes the year’s meetings and reports', () => {
  it('when read inside the year, then as inForceInYear: registered on some day of it up to `at`', () => {
    expect(owesYear({ from: '2019-01-01' }, 2020, '2020-06-01')).toBe(true);
    expect(owesYear({ from: '2020-07-01' }, 2020, '2020-06-01')).toBe(false);
    expect(owesYear({ from: '2018-01-01', to: '2020-01-01' }, 2020, '2020-12-31')).toBe(false);
  });

  it('when read before the year (in December, 上年末), then when registered on `at` and not dissolved by the year’s first day', () => {
    expect(owesYear({ from: '2019-01-01' }, 2021, '2020-12-20')).toBe(true);
    expect(owesYear({ from: '2019-01-01', to: '2021-03-01' }, 2021, '2020-12-20')).toBe(true);
    expect(owesYear({ from: '2019-01-01', to: '2021-01-01' }, 2021, '2020-12-20')).toBe(false);
    expect(owesYear({ from: '2020-12-21' }, 2021, '2020-12-20')).toBe(false);
  });
});

describe('assessmentsInForce: one assessment of a subject and year in force at `at`', () => {
  const assessment = (assessmentId: string, assessedOn: string, supersedes?: string): AssessmentState => ({
    exists: true,
    assessmentId,
    subjectUnitId: 'br',
    year: 2021,
    methods: ['document-review'],
    rating: 'good',
    dutyIds: [],
    findingIds: [],
    assessedByUnitId: 'root',
    assessedOn,
    ...(supersedes ? { supersedes } : {}),
  });
  const inForce = (all: AssessmentState[], at: string) => assessmentsInForce(all, at).map((a) => a.assessmentId);

  it('when a replacement is dated, then it replaces the one it names from its date', () => {
    const chain = [assessment('a', '2021-12-02'), assessment('b', '2021-12-20', 'a')];
    expect([inForce(chain, '2021-12-10'), inForce(chain, '2021-12-20')]).toEqual([['a'], ['b']]);
  });

  // Refused since (422 superseded-before-assessed), but in logs written before: read with one in force all the same.
  it('when a replacement is dated before the one it replaces, then from its date it replaces that one’s predecessor too', () => {
    const chain = [assessment('a', '2021-12-02'), assessment('b', '2021-12-20', 'a'), assessment('c', '2021-12-01', 'b')];
    expect([inForce(chain, '2021-11-30'), inForce(chain, '2021-12-01'), inForce(chain, '2021-12-10'), inForce(chain, '2021-12-31')]).toEqual([[], ['c'], ['c'], ['c']]);
  });
});
