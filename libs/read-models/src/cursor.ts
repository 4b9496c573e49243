/**
 * Lists page by id (the audit trail by position): the cursor names the list and the last key of the page, encoded so
 * clients treat it as opaque. Only a cursor of the same list is read: another list's key (an audit-trail position read
 * as a duty id), or any other string, would decode to some key and answer a page that starts anywhere, or an empty one
 * a client would take for the end of the list.
 */
export class ListCursors {
  /**
   * @param list the list's name, carried in its cursors
   * @param accepts which keys the list pages by
   */
  constructor(
    private readonly list: string,
    private readonly accepts: (key: string) => boolean,
  ) {}

  /**
   * The cursors of this list asked with these filters (a subject's trail, the duties of a kind): a cursor of the same
   * route with other filters is another list's, whose key would start this one past entries it never showed. With no
   * filter given, the list's own cursors.
   */
  filtered(filters: Record<string, string | number | undefined>): ListCursors {
    const given = Object.entries(filters)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, value]) => `${name}=${value}`);
    return given.length ? new ListCursors(`${this.list}?${given.join('&')}`, this.accepts) : this;
  }

  /** The cursor of the page that ends with `lastKey`. */
  encode(lastKey: string): string {
    return Buffer.from(`${this.list}\n${lastKey}`, 'utf8').toString('base64url');
  }

  /** The key a cursor names: `undefined` unless the cursor is one this list gives. */
  decode(cursor: string): string | undefined {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    const key = text.startsWith(`${this.list}\n`) ? text.slice(this.list.length + 1) : undefined;
    return key !== undefined && this.encode(key) === cursor && this.accepts(key) ? key : undefined;
  }

  /** The key a cursor names; throws InvalidCursor for one the list did not give. */
  keyOf(cursor: string): string {
    const key = this.decode(cursor);
    if (key === undefined) throw new InvalidCursor();
    return key;
  }
}

/** A cursor the list did not give: 400 over HTTP (libs/domain's error convention, as the API maps it). */
export class InvalidCursor extends Error {
  readonly status = 400;
  readonly rule = 'invalid-cursor';
  constructor() {
    super('cursor must be the nextCursor of a previous page of this list');
  }
}

/** Ids as clients and the server give them (API.md), the keys of the lists that page by id. */
export const isListedId = (key: string): boolean => /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(key);

/** A position in the log, the key of the audit trail's pages. */
export const isPositionKey = (key: string): boolean => /^(0|[1-9]\d{0,15})$/.test(key) && Number.isSafeInteger(Number(key));
