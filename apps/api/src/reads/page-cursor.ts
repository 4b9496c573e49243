import { BadRequestException } from '@nestjs/common';
import { decodeCursor } from '@duty-ledger/read-models/cursor';

/**
 * A list's `cursor` parameter: absent, or the `nextCursor` of one of its pages (`names` tells the list's keys). Any
 * other string is refused, rather than read as some key: it would answer a page that starts anywhere, or an empty one
 * a client takes for the end of the list.
 */
export function pageCursor(value: unknown, names: (key: string) => boolean): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || decodeCursor(value, names) === undefined) throw new BadRequestException('cursor must be the nextCursor of a previous page of this list');
  return value;
}
