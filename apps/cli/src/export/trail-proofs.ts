import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { scanLog, scannedHead } from '@duty-ledger/event-store/integrity/chain-verifier';
import { inclusionProof } from '@duty-ledger/event-store/integrity/merkle';
import type { SignedTreeHead, TreeHeadSigner } from '../../../api/src/integrity/tree-head-signer';
import { logUntil } from '../replay/bounded-log';

export interface CitedEvent {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  eventId: string;
  recordedAt: string;
  eventHash: string;
  leafIndex: number;
  auditPath: string[];
  /** The RFC 9162 inclusion path of the event's stamp (its id, hash, position and record time) to `stampRoot`. */
  stampPath: string[];
}

export interface TrailProofs {
  /** The RFC 9162 tree over the log up to the as-of point. */
  treeSize: number;
  rootHash: string;
  /** The root of the stamp tree over the same events: with a cited event's `stampPath`, proof of when it was recorded. */
  stampRoot: string;
  lastPosition: number | null;
  /** The record time of the event at `lastPosition` (`null` for the empty log). */
  lastRecordedAt: string | null;
  chainOk: boolean;
  events: CitedEvent[];
  /**
   * That tree's head signed with the ledger's key, as `GET /v1/integrity/tree-head` signs one: what ties the root the
   * proofs lead to to the ledger, for whoever holds its public key. Absent where this machine has no signing key.
   */
  treeHead?: SignedTreeHead;
}

/** Inclusion proofs, in the tree of the log as it stood at `until`, for every event of the cited streams. */
export async function proofsFor(events: EventStore, streamIds: readonly string[], until: number): Promise<TrailProofs> {
  const scan = await scanLog(logUntil(events, until), CONFIDENTIAL_FIELDS);
  const size = scan.leaves.length;
  const cited: CitedEvent[] = [];
  for (const streamId of streamIds)
    for (const event of await events.readStream(streamId, { toPosition: until })) {
      const leafIndex = scan.positions.indexOf(event.position);
      cited.push({
        position: event.position,
        streamId,
        revision: event.revision,
        type: event.type,
        eventId: event.eventId,
        recordedAt: event.recordedAt,
        eventHash: event.metadata.hash,
        leafIndex,
        auditPath: inclusionProof(scan.leaves, leafIndex, size).map((h) => h.toString('hex')),
        stampPath: inclusionProof(scan.stamps, leafIndex, size).map((h) => h.toString('hex')),
      });
    }
  cited.sort((a, b) => a.position - b.position);
  return { ...scannedHead(scan), chainOk: scan.report.ok, events: cited };
}

/** The proofs with their tree's head signed now (`signedAt`), when there is a signer. */
export function signedProofs(proofs: TrailProofs, signer: TreeHeadSigner | undefined, signedAt: Date): TrailProofs {
  if (!signer) return proofs;
  const { treeSize, rootHash: root, stampRoot, lastPosition, lastRecordedAt } = proofs;
  return { ...proofs, treeHead: signer.sign({ treeSize, rootHash: root, lastPosition, lastRecordedAt, stampRoot, signedAt: signedAt.toISOString() }) };
}
