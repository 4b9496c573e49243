import { hash, randomBytes } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * Confidential fields (API.md): the stored event keeps the plain value and a salt beside it
 * (`<field>` and `<field>Salt`); the hash chain and unprivileged readers see the commitment instead.
 * The store is told which fields of which event types are confidential; it knows no domain.
 */
export type ConfidentialFields = Readonly<Record<string, readonly string[]>>;

export interface Commitment {
  commitment: string;
}

export interface RevealedValue {
  value: unknown;
  salt: string;
  commitment: string;
}

export const saltKey = (field: string): string => `${field}Salt`;

export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/** hex(sha256(UTF-8 of (salt ‖ canonical JSON of the value))) */
export function commitmentOf(value: unknown, salt: string): string {
  return hash('sha256', salt + canonicalJson(value), 'hex');
}

/** Adds a fresh salt beside every confidential field that lacks one (done once, before the event is stored). */
export function salted(fields: ConfidentialFields, type: string, data: Record<string, unknown>): Record<string, unknown> {
  const names = fields[type];
  if (!names?.length) return data;
  const out = { ...data };
  for (const name of names) {
    if (name in out && typeof out[saltKey(name)] !== 'string') out[saltKey(name)] = newSalt();
  }
  return out;
}

/** The data as the hash chain and unprivileged readers see it: each confidential field as `{ commitment }`, no salt. */
export function committed(fields: ConfidentialFields, type: string, data: Record<string, unknown>): Record<string, unknown> {
  return transform(fields, type, data, (value, salt) => ({ commitment: commitmentOf(value, salt) }));
}

/** The data as privileged readers see it: each confidential field as `{ value, salt, commitment }`. */
export function revealed(fields: ConfidentialFields, type: string, data: Record<string, unknown>): Record<string, unknown> {
  return transform(fields, type, data, (value, salt) => ({ value, salt, commitment: commitmentOf(value, salt) }));
}

function transform(
  fields: ConfidentialFields,
  type: string,
  data: Record<string, unknown>,
  shape: (value: unknown, salt: string) => Commitment | RevealedValue,
): Record<string, unknown> {
  const names = fields[type];
  if (!names?.length) return data;
  const out = { ...data };
  for (const name of names) {
    if (!(name in out)) continue;
    const salt = out[saltKey(name)];
    out[name] = shape(out[name], typeof salt === 'string' ? salt : '');
    delete out[saltKey(name)];
  }
  return out;
}
