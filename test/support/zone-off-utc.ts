/**
 * A zone whose calendar date now is not UTC's, and that date: UTC+14 is a day ahead from 10:00 UTC, UTC−12 a day
 * behind until 12:00 UTC, so one of them always is. For "today is reckoned in TIME_ZONE" at any hour a test runs.
 */
export function zoneOffUtc(): { timeZone: string; today: string } {
  const now = new Date();
  for (const timeZone of ['Pacific/Kiritimati', 'Etc/GMT+12']) {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
    if (today !== now.toISOString().slice(0, 10)) return { timeZone, today };
  }
  throw new Error('no zone off UTC today');
}
