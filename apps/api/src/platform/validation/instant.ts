import { isCalendarDate } from '@duty-ledger/domain/shared/dates';

/** `YYYY-MM-DDThh:mm[:ss[.fraction]]` and a zone, `Z` or `±hh:mm`. */
export const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * API.md's instant: ISO 8601 with a zone, on a day the calendar has and at a time the clock shows (hours to 23, minutes
 * and seconds to 59). Date.parse alone rolls 2026-11-31 over to 2026-12-01 and 24:00 over to the next day.
 */
export function isInstant(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const parts = INSTANT.exec(text);
  if (!parts || !isCalendarDate(parts[1])) return false;
  const [hours, minutes, seconds = '0', zoneHours = '0', zoneMinutes = '0'] = parts.slice(2);
  return Number(hours) <= 23 && Number(minutes) <= 59 && Number(seconds) <= 59 && Number(zoneHours) <= 23 && Number(zoneMinutes) <= 59 && !Number.isNaN(Date.parse(text));
}
