import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '@duty-ledger/event-store/canonical-json';

/** What a tree head states: the log's first `treeSize` events hash to `rootHash` (RFC 9162), the last at `lastPosition`. */
export interface TreeHead {
  treeSize: number;
  /** hex */
  rootHash: string;
  lastPosition: number | null;
  signedAt: string;
}

export interface SignedTreeHead extends TreeHead {
  /** base64 Ed25519 signature over the RFC 8785 canonical JSON of the four fields above. */
  signature: string;
  /** base64 SPKI DER */
  publicKey: string;
}

/** Signs tree heads with the ledger's Ed25519 key; an auditor checks them with the public key alone. */
export class TreeHeadSigner {
  readonly publicKey: string;

  constructor(private readonly key: KeyObject) {
    this.publicKey = createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64');
  }

  sign({ treeSize, rootHash, lastPosition, signedAt }: TreeHead): SignedTreeHead {
    const head = { treeSize, rootHash, lastPosition, signedAt };
    return { ...head, signature: sign(null, Buffer.from(canonicalJson(head), 'utf8'), this.key).toString('base64'), publicKey: this.publicKey };
  }
}

/** Does the head's Ed25519 signature hold over the canonical JSON of its four signed fields, with the key it names? */
export function signatureHolds(head: Pick<TreeHead, 'treeSize' | 'rootHash'> & Partial<SignedTreeHead>): boolean {
  if (typeof head.signature !== 'string' || typeof head.publicKey !== 'string') return false;
  const { treeSize, rootHash, lastPosition, signedAt } = head;
  try {
    const key = createPublicKey({ key: Buffer.from(head.publicKey, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' && verify(null, Buffer.from(canonicalJson({ treeSize, rootHash, lastPosition, signedAt }), 'utf8'), key, Buffer.from(head.signature, 'base64'));
  } catch {
    return false;
  }
}
