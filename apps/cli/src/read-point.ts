import { InvalidArgumentError } from 'commander';
import { lastOfCommand } from '@duty-ledger/application/reads/whole-command';
import { isCalendarDate } from '@duty-ledger/domain/shared/dates';
import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { isInstant } from '../../api/src/platform/validation/instant';
import { logUntil } from './replay/bounded-log';

/**
 * As the API's read points: a position within a command's events stands for the command's last (the record never held
 * the state between them); -1 before the first event.
 */
export async function wholeCommandAt(events: EventStore, position: number): Promise<number> {
  const head = await logUntil(events, position).headPosition();
  const last = head === null ? null : await events.readAt(head);
  return last ? (await lastOfCommand(events, last)).position : -1;
}

/**
 * `--as-of` of the reading commands, read as the API reads asOf/asOfPosition (API.md "Reads"): absent, the head; a
 * position past the head, an instant in the future (whose answer could still change) or one the calendar lacks are
 * refused.
 */
export async function asOfPoint(events: EventStore, asOf: string | undefined, head: number): Promise<number> {
  if (asOf === undefined) return head;
  if (/^\d+$/.test(asOf)) {
    // Position 0 is before every event (a log's first is 1): the empty record, on an empty log too, as the API's.
    if (Number(asOf) > Math.max(head, 0)) throw new InvalidArgumentError(`--as-of ${asOf} is past the head of the log (${head < 0 ? 'empty' : head})`);
    return wholeCommandAt(events, Number(asOf));
  }
  if (!isInstant(asOf)) throw new InvalidArgumentError('--as-of is an ISO instant with a zone (on a day the calendar has), or a position');
  if (Date.parse(asOf) > Date.now()) throw new InvalidArgumentError(`--as-of ${asOf} is in the future`);
  return (await events.positionAt(new Date(asOf).toISOString()))?.position ?? -1;
}

/** `--at`, the business date of a read: a calendar date, as the API's `at` (a string compared with dates otherwise). */
export function businessDate(value: string): string {
  if (!isCalendarDate(value)) throw new InvalidArgumentError('a calendar date YYYY-MM-DD');
  return value;
}
