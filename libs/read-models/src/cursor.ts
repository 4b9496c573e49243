/**
 * Lists page by id (the audit trail by position): the cursor is the last key of the page, encoded so clients treat it
 * as opaque. Only a cursor this API gave is read: any other string would decode to some key and answer a page that
 * starts anywhere, or an empty one a client would take for the end of the list.
 */
export const encodeCursor = (lastKey: string): string => Buffer.from(lastKey, 'utf8').toString('base64url');

/** The key a cursor names: `undefined` unless the cursor is the encoding of a key that `accepts`. */
export function decodeCursor(cursor: string, accepts: (key: string) => boolean): string | undefined {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  return encodeCursor(key) === cursor && accepts(key) ? key : undefined;
}

/** A cursor the list did not give: 400 over HTTP (libs/domain's error convention, as the API maps it). */
export class InvalidCursor extends Error {
  readonly status = 400;
  readonly rule = 'invalid-cursor';
  constructor() {
    super('cursor must be the nextCursor of a previous page of this list');
  }
}

/** The key a list's cursor names; throws InvalidCursor for one the list did not give. */
export function cursorKey(cursor: string, accepts: (key: string) => boolean): string {
  const key = decodeCursor(cursor, accepts);
  if (key === undefined) throw new InvalidCursor();
  return key;
}

/** Ids as clients and the server give them (API.md), the keys of the lists that page by id. */
export const isListedId = (key: string): boolean => /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(key);

/** A position in the log, the key of the audit trail's pages. */
export const isPositionKey = (key: string): boolean => /^(0|[1-9]\d{0,15})$/.test(key) && Number.isSafeInteger(Number(key));
