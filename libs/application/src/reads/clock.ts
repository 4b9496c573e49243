/** The clock is an I/O edge: injected, so tests can fix "today". */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('Clock');

export const systemClock: Clock = { now: () => new Date() };

/** The calendar date in `timeZone` (DOMAIN §6: "today" is reckoned in the server's TIME_ZONE). */
export function todayIn(clock: Clock, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(clock.now());
}

/** The IANA zone in which "today" is reckoned for business dates (config `TIME_ZONE`). */
export const TIME_ZONE = Symbol('TimeZone');
