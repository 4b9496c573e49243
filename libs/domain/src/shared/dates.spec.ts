import { contains, dayBefore, firstDayOf, isCalendarDate, lastDayOf, maxDate, minDate, overlaps, yearOf } from './dates';

describe('business dates', () => {
  describe('isCalendarDate', () => {
    it.each(['2020-02-29', '2000-02-29', '2021-12-31', '0001-01-01'])('when the text is the existing day %s, then it is a calendar date', (text) => {
      expect(isCalendarDate(text)).toBe(true);
    });

    it.each(['2023-02-29', '1900-02-29', '2021-04-31', '2021-13-01', '2021-00-10', '2021-01-00', '0000-01-01', '2021-1-01', '2021-01-01T00:00:00Z', ''])(
      'when the text is %p, then it is not a calendar date',
      (text) => {
        expect(isCalendarDate(text)).toBe(false);
      },
    );

    it('when the value is not a string, then it is not a calendar date', () => {
      expect(isCalendarDate(20200101)).toBe(false);
      expect(isCalendarDate(undefined)).toBe(false);
    });
  });

  describe('years', () => {
    it('when a year is asked of a date, then it is its first four digits', () => {
      expect(yearOf('2020-09-01')).toBe(2020);
    });

    it('when a year’s first and last days are asked, then they bound the calendar year', () => {
      expect(firstDayOf(2020)).toBe('2020-01-01');
      expect(lastDayOf(2020)).toBe('2020-12-31');
      expect(lastDayOf(999)).toBe('0999-12-31');
    });

    it('when two dates are compared, then the earlier is the min and the later the max', () => {
      expect(minDate('2020-01-02', '2019-12-31')).toBe('2019-12-31');
      expect(maxDate('2020-01-02', '2019-12-31')).toBe('2020-01-02');
    });
  });

  describe('half-open intervals', () => {
    const term = { from: '2018-06-01', to: '2020-09-01' };

    it('when a term runs from 2018-06-01 to 2020-09-01, then it contains its first day and the day before its end', () => {
      expect(contains(term, '2018-06-01')).toBe(true);
      expect(contains(term, '2020-08-31')).toBe(true);
    });

    it('when a term runs from 2018-06-01 to 2020-09-01, then it contains neither the day before it nor its end day', () => {
      expect(contains(term, '2018-05-31')).toBe(false);
      expect(contains(term, '2020-09-01')).toBe(false);
    });

    it('when a term has no end, then it contains every day from its start', () => {
      expect(contains({ from: '2018-06-01' }, '2999-12-31')).toBe(true);
    });

    it('when one term ends the day the next starts, then they do not overlap', () => {
      expect(overlaps(term, { from: '2020-09-01' })).toBe(false);
      expect(overlaps({ from: '2020-09-01' }, term)).toBe(false);
    });

    it('when terms share a day, then they overlap', () => {
      expect(overlaps(term, { from: '2020-08-31' })).toBe(true);
      expect(overlaps({ from: '2017-01-01', to: '2018-06-02' }, term)).toBe(true);
      expect(overlaps({ from: '2017-01-01' }, { from: '2019-01-01' })).toBe(true);
    });

    it('when a term is empty (starts and ends the same day), then it contains no day and overlaps nothing', () => {
      const empty = { from: '2020-01-01', to: '2020-01-01' };
      expect(contains(empty, '2020-01-01')).toBe(false);
      expect(overlaps(empty, { from: '2019-01-01' })).toBe(false);
    });
  });

  describe('dayBefore', () => {
    it.each([
      ['2020-09-01', '2020-08-31'],
      ['2020-03-01', '2020-02-29'],
      ['2021-03-01', '2021-02-28'],
      ['2021-01-01', '2020-12-31'],
      ['0099-03-01', '0099-02-28'],
      ['0050-01-01', '0049-12-31'],
    ])('when the day before %s is asked, then it is %s', (date, expected) => {
      expect(dayBefore(date)).toBe(expected);
    });
  });
});
