import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { scanLog } from '@duty-ledger/event-store/integrity/chain-verifier';
import { inclusionProof, rootHash } from '@duty-ledger/event-store/integrity/merkle';
import { logUntil } from '../replay/bounded-log';

export interface CitedEvent {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  eventHash: string;
  leafIndex: number;
  auditPath: string[];
}

export interface TrailProofs {
  /** The RFC 9162 tree over the log up to the as-of point. */
  treeSize: number;
  rootHash: string;
  lastPosition: number | null;
  chainOk: boolean;
  events: CitedEvent[];
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
        eventHash: event.metadata.hash,
        leafIndex,
        auditPath: inclusionProof(scan.leaves, leafIndex, size).map((h) => h.toString('hex')),
      });
    }
  cited.sort((a, b) => a.position - b.position);
  return { treeSize: size, rootHash: rootHash(scan.leaves, size).toString('hex'), lastPosition: scan.positions.at(-1) ?? null, chainOk: scan.report.ok, events: cited };
}
