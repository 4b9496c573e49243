import { configure } from 'safe-stable-stringify';

/**
 * RFC 8785 for the values events hold (JSON values, and objects whose `undefined` members JSON drops): keys sorted by
 * UTF-16 code units, numbers and strings as JSON.stringify writes them; a value JSON cannot hold (a number not
 * finite, a function, a bigint, a cycle) throws. The chain's hashes, the commitments and the tree heads are taken over
 * this text, so it must never change: canonical-json.spec.ts holds it to RFC 8785's examples and, for any JSON value,
 * to the `canonicalize` package it replaced (safe-stable-stringify writes the same text in half the time).
 */
const stringify = configure({ strict: true, deterministic: true });

export function canonicalJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new TypeError('value has no canonical JSON form');
  return text;
}
