/** Business dates are calendar dates, `YYYY-MM-DD`; as strings they sort in time order. */
export type IsoDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when the text is `YYYY-MM-DD` and the day exists on the calendar (no 2023-02-29). */
export function isCalendarDate(text: unknown): text is IsoDate {
  if (typeof text !== 'string') return false;
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

export function lastDayOf(year: number): IsoDate {
  return `${String(year).padStart(4, '0')}-12-31`;
}

export function firstDayOf(year: number): IsoDate {
  return `${String(year).padStart(4, '0')}-01-01`;
}

export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);
export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);

/**
 * A half-open interval of business time [from, to): in force on `from`, no longer on `to`.
 * `to` undefined: still in force.
 */
export interface Interval {
  from: IsoDate;
  to?: IsoDate;
}

export function contains(interval: Interval, date: IsoDate): boolean {
  return interval.from <= date && (interval.to === undefined || date < interval.to);
}

/** Two half-open intervals share at least one day. */
export function overlaps(a: Interval, b: Interval): boolean {
  if (isEmpty(a) || isEmpty(b)) return false;
  const aEndsAfterBStarts = a.to === undefined || b.from < a.to;
  const bEndsAfterAStarts = b.to === undefined || a.from < b.to;
  return aEndsAfterBStarts && bEndsAfterAStarts;
}

/** Starts and ends on the same day (appointed and relieved at once): holds no day. */
function isEmpty(interval: Interval): boolean {
  return interval.to !== undefined && interval.to <= interval.from;
}

/** The day before (for "the last open day" of a half-open interval). */
export function dayBefore(date: IsoDate): IsoDate {
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  const day = new Date(0);
  day.setUTCFullYear(yearOf(date), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) - 1);
  const y = day.getUTCFullYear();
  return `${String(y).padStart(4, '0')}-${String(day.getUTCMonth() + 1).padStart(2, '0')}-${String(day.getUTCDate()).padStart(2, '0')}`;
}
