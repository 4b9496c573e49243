/**
 * Lists page by id: the cursor is the last id of the page, encoded so clients treat it as opaque. Any string
 * decodes to some id and merely starts after it, so a tampered cursor never fails a read.
 */
export const encodeCursor = (lastId: string): string => Buffer.from(lastId, 'utf8').toString('base64url');

export const decodeCursor = (cursor: string): string => Buffer.from(cursor, 'base64url').toString('utf8');
