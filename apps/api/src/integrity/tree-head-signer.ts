import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '@duty-ledger/event-store/canonical-json';

/**
 * What a tree head states: the log's first `treeSize` events hash to `rootHash` (RFC 9162), the last of them at
 * `lastPosition`, recorded at `lastRecordedAt`, and (`stampRoot`) each of them has the id, position and record time it
 * had when signed. Positions and record times are in no event's hash: a head's signature is what pins them.
 */
export interface TreeHead {
  treeSize: number;
  /** hex */
  rootHash: string;
  lastPosition: number | null;
  /** The record time of the event at `lastPosition` (`null` for the empty log). */
  lastRecordedAt: string | null;
  /**
   * Every event the log recorded at or before this instant is among the tree's: the next event was recorded after it.
   * Signed where the indexer saw the log still end at `lastPosition` then (an idle spell, a head on time); an event
   * after the tree cannot be backdated before it.
   */
  recordedThrough?: string;
  /**
   * hex: the root of the stamp tree over the same events (libs/event-store/src/integrity/stamps.ts), whose leaves hold
   * each event's id, position and record time: signed, it pins every one of them, not just the last event's. Absent from
   * heads signed before the stamp tree was kept.
   */
  stampRoot?: string;
  signedAt: string;
}

export interface SignedTreeHead extends TreeHead {
  /** base64 Ed25519 signature over the RFC 8785 canonical JSON of the fields above that the head carries (four to seven). */
  signature: string;
  /** base64 SPKI DER */
  publicKey: string;
}

/** A head as stored or saved by an earlier version: signed over four fields, without `lastRecordedAt`. */
export type StoredTreeHead = Omit<SignedTreeHead, 'lastRecordedAt'> & { lastRecordedAt?: string | null };

/** Signs tree heads with the ledger's Ed25519 key; an auditor checks them with the public key alone. */
export class TreeHeadSigner {
  readonly publicKey: string;

  constructor(private readonly key: KeyObject) {
    this.publicKey = createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64');
  }

  sign(head: TreeHead): SignedTreeHead {
    const signed = signedFields(head);
    return { ...(signed as TreeHead), signature: sign(null, Buffer.from(canonicalJson(signed), 'utf8'), this.key).toString('base64'), publicKey: this.publicKey };
  }
}

/**
 * Does the head's Ed25519 signature hold, with the key it names, over the canonical JSON of the fields it signs? Heads
 * signed before record times were pinned carry no `lastRecordedAt` and were signed over the other four; a head that
 * has one (or a `recordedThrough`, or a `stampRoot`) was signed over it too, so dropping it breaks the signature.
 */
export function signatureHolds(head: Pick<TreeHead, 'treeSize' | 'rootHash'> & Partial<SignedTreeHead>): boolean {
  if (typeof head.signature !== 'string' || typeof head.publicKey !== 'string') return false;
  try {
    const key = createPublicKey({ key: Buffer.from(head.publicKey, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' && verify(null, Buffer.from(canonicalJson(signedFields(head)), 'utf8'), key, Buffer.from(head.signature, 'base64'));
  } catch {
    return false;
  }
}

/** The fields a head's signature covers, in a fresh object (nothing else the head carries). */
function signedFields({ treeSize, rootHash, lastPosition, lastRecordedAt, recordedThrough, stampRoot, signedAt }: Partial<TreeHead>): Partial<TreeHead> {
  const pinned = lastRecordedAt === undefined ? {} : { lastRecordedAt };
  const through = recordedThrough === undefined ? {} : { recordedThrough };
  const stamped = stampRoot === undefined ? {} : { stampRoot };
  return { treeSize, rootHash, lastPosition, ...pinned, ...through, ...stamped, signedAt };
}
