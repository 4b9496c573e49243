import type { Document, Scalar } from '../read-store.port';

/** Typed text for the index table: keeps 1, "1" and true apart, where SQLite's affinity or 0/1 booleans would not. */
export function encodeScalar(value: Scalar): string {
  switch (typeof value) {
    case 'string':
      return `s:${value}`;
    case 'number':
      return `n:${String(value)}`;
    case 'boolean':
      return `b:${String(value)}`;
  }
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** The encoded values of one field of a document: an array gives one per distinct scalar element; other shapes none. */
export function indexValues(doc: Document, field: string): string[] {
  const value = doc[field];
  if (isScalar(value)) return [encodeScalar(value)];
  if (Array.isArray(value)) return [...new Set(value.filter(isScalar).map(encodeScalar))];
  return [];
}
