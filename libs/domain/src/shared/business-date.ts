import type { IsoDate } from './dates';

/** The field that says when an event's fact happened in the world, by the event's own vocabulary (DOMAIN §4). */
const BUSINESS_DATE_FIELDS = [
  'effectiveFrom',
  'heldOn',
  'submittedOn',
  'occurredOn',
  'plannedOn',
  'completedOn',
  'reviewedOn',
  'reopenedOn',
  'closedOn',
  'acknowledgedOn',
  'assessedOn',
  'decidedOn',
  'revokedOn',
] as const;

export function businessDateOf(data: object): IsoDate | undefined {
  const record = data as Record<string, unknown>;
  for (const field of BUSINESS_DATE_FIELDS) if (typeof record[field] === 'string') return record[field] as IsoDate;
  return undefined;
}
