import { inForceInYear } from './year-rules';

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
