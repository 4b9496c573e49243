import { isInstant } from './instant';

describe('isInstant', () => {
  it('when the text is an ISO 8601 instant with a zone, then it is one', () => {
    const valid = ['2020-02-29T00:00:00Z', '2020-01-01T23:59:59.999999999Z', '2020-01-01T00:00Z', '2020-01-01T08:00:00+08:00', '2020-01-01T00:00:00-23:59'];
    expect(valid.filter((text) => !isInstant(text))).toEqual([]);
  });

  it('when the day is not on the calendar or the time not on the clock, then it is none (no rolling over)', () => {
    const impossible = ['2026-11-31T00:00:00Z', '2019-02-29T00:00:00Z', '2020-02-30T00:00:00Z', '2020-13-01T00:00:00Z', '2020-01-01T24:00:00Z', '2020-01-01T23:60:00Z', '2020-01-01T23:59:60Z', '2020-01-01T00:00:00+24:00', '2020-01-01T00:00:00+08:60'];
    expect(impossible.filter((text) => isInstant(text))).toEqual([]);
  });

  it('when the zone is missing or the form is not ISO 8601, then it is none', () => {
    expect(['2020-01-01T00:00:00', '2020-01-01', '2020-01-01 00:00:00Z', 'Wed, 01 Jan 2020 00:00:00 GMT', 1577836800000].filter((text) => isInstant(text))).toEqual([]);
  });
});
