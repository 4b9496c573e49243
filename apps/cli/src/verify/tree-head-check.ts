import { readFileSync } from 'node:fs';
import { HEX_HASH } from '@duty-ledger/event-store/integrity/leaf-data';
import { consistencyProof, rootHash, verifyConsistency } from '@duty-ledger/event-store/integrity/merkle';
import { stampMismatch, throughMismatch, type StampedLog } from '../../../api/src/integrity/log-checks';
import { signatureHolds } from '../../../api/src/integrity/tree-head-signer';

/** A bad argument or a file that cannot be read: exit 2, not a finding about the log. */
export class UsageError extends Error {}

export interface SavedTreeHead {
  treeSize: number;
  rootHash: string;
  lastPosition?: number | null;
  /** Absent from heads signed before heads pinned record times. */
  lastRecordedAt?: string | null;
  /** On heads signed again after an idle spell (or on time): nothing after them was recorded by then. */
  recordedThrough?: string;
  /** On heads signed since the stamp tree was kept: every event's id, position and record time pinned. */
  stampRoot?: string;
  signedAt?: string;
  signature?: string;
  publicKey?: string;
}

export interface TreeHeadCheck {
  treeSize: number;
  rootHash: string;
  /** `absent` for an unsigned head (the signature is checked against the head's own key: compare it with the one you trust). */
  signature: 'valid' | 'invalid' | 'absent';
  publicKey?: string;
  consistent: boolean;
  /** The hashes of the RFC 9162 consistency proof from the saved size to the log's. */
  proofLength?: number;
  problem?: string;
}

/**
 * A saved head against the log's leaves now: its signature, the root of the log's first treeSize events, and an RFC
 * 9162 consistency proof from it to the whole log, computed and checked here.
 */
export function checkTreeHead(saved: SavedTreeHead, leaves: readonly Buffer[], { positions, recordedAt, stamps }: StampedLog, root: string): TreeHeadCheck {
  const check: TreeHeadCheck = { treeSize: saved.treeSize, rootHash: saved.rootHash, signature: 'absent', consistent: false };
  if (saved.signature !== undefined && saved.publicKey !== undefined) {
    check.publicKey = saved.publicKey;
    check.signature = signatureHolds(saved) ? 'valid' : 'invalid';
  }
  const [m, n] = [saved.treeSize, leaves.length];
  const lastNow = positions.at(-1) ?? null;
  if (m > n) {
    const since = saved.lastPosition != null ? `; the saved head ended at position ${saved.lastPosition}, the log now ends at ${lastNow ?? '(empty)'}` : '';
    check.problem = `the log holds ${n} events, fewer than the ${m} of the saved tree head: ${m - n} or more were removed (the log was truncated or rewritten)${since}`;
    return check;
  }
  if (m === 0) {
    check.consistent = true; // every log extends the empty one
    return check;
  }
  const prefixRoot = rootHash(leaves, m);
  if (prefixRoot.toString('hex') !== saved.rootHash) {
    check.problem =
      `the log's first ${m} events (through position ${positions[m - 1]}) no longer hash to the saved root ${saved.rootHash}: ` +
      'an event the saved head covers was altered, removed, inserted or moved';
    if (saved.lastPosition != null && saved.lastPosition !== positions[m - 1]) check.problem += ` (the saved head ended at position ${saved.lastPosition})`;
    return check;
  }
  // Positions are in no hash: the head's signed lastPosition is what shows an event moved within the log's order.
  if (saved.lastPosition != null && saved.lastPosition !== positions[m - 1]) {
    check.problem = `the saved head's last event (the log's event ${m}) was at position ${saved.lastPosition}; it is now at position ${positions[m - 1]}: positions were rewritten`;
    return check;
  }
  // Nor are record times: the head's signed lastRecordedAt pins the one where it ends.
  if (saved.lastRecordedAt != null && Date.parse(saved.lastRecordedAt) !== recordedAt[m - 1]) {
    const now = Number.isNaN(recordedAt[m - 1]) ? 'no instant' : new Date(recordedAt[m - 1]).toISOString();
    check.problem = `the saved head's last event (position ${positions[m - 1]}) was recorded at ${saved.lastRecordedAt}; the log now says ${now}: a record time was rewritten`;
    return check;
  }
  // Nor may the next event have been recorded by the instant it says the log was idle through.
  const backdated = saved.recordedThrough === undefined ? undefined : throughMismatch(saved.recordedThrough, m, { positions, recordedAt });
  if (backdated !== undefined) {
    check.problem = `the saved head: ${backdated}`;
    return check;
  }
  // And where it signed the stamp tree's root, every event it covers keeps its id, position and record time.
  const restamped = stampMismatch(saved, stamps);
  if (restamped !== undefined) {
    check.problem = `the saved head: ${restamped}`;
    return check;
  }
  const proof = consistencyProof(leaves, m, n);
  check.proofLength = proof.length;
  check.consistent = verifyConsistency(m, n, Buffer.from(saved.rootHash, 'hex'), Buffer.from(root, 'hex'), proof);
  if (!check.consistent) check.problem = `the consistency proof from ${m} to ${n} events does not verify`;
  return check;
}

/** The keys heads must be signed with: those pinned with `--public-key`, else the saved head's, else none (any key). */
export function trustedKeys(pinned: readonly string[] | undefined, saved: SavedTreeHead | undefined): readonly string[] | undefined {
  if (pinned?.length) return pinned;
  return saved?.publicKey === undefined ? undefined : [saved.publicKey];
}

export function readTreeHead(path: string): SavedTreeHead {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read the tree head ${path}: ${(error as Error).message}`);
  }
  const head = value as Partial<SavedTreeHead> | null;
  const whole = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  if (typeof head !== 'object' || head === null || !whole(head.treeSize) || typeof head.rootHash !== 'string' || !HEX_HASH.test(head.rootHash))
    throw new UsageError(`${path} is not a tree head: it needs a whole treeSize and a hex rootHash (save GET /v1/integrity/tree-head)`);
  if (head.lastPosition != null && !whole(head.lastPosition)) throw new UsageError(`${path}: lastPosition must be a whole number or null`);
  if (head.lastRecordedAt != null && (typeof head.lastRecordedAt !== 'string' || Number.isNaN(Date.parse(head.lastRecordedAt))))
    throw new UsageError(`${path}: lastRecordedAt must be an ISO-8601 instant or null`);
  if (head.recordedThrough !== undefined && (typeof head.recordedThrough !== 'string' || Number.isNaN(Date.parse(head.recordedThrough))))
    throw new UsageError(`${path}: recordedThrough must be an ISO-8601 instant`);
  if (head.stampRoot !== undefined && (typeof head.stampRoot !== 'string' || !HEX_HASH.test(head.stampRoot))) throw new UsageError(`${path}: stampRoot must be 64 hex digits`);
  if ((head.signature === undefined) !== (head.publicKey === undefined)) throw new UsageError(`${path}: signature and publicKey come together`);
  return head as SavedTreeHead;
}
