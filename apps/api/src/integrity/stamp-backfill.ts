import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { leafDataOf } from '@duty-ledger/event-store/integrity/leaf-data';
import { leavesSource } from '@duty-ledger/event-store/integrity/merkle';
import { stampOf } from '@duty-ledger/event-store/integrity/stamps';
import type { PositionedChanges, ReadStore } from '@duty-ledger/read-store/read-store.port';
import { chunkId, MERKLE_LOG_STAMPS, STAMP_CHUNKS, type ChunkDocument } from './merkle-log.documents';

/** Chunks read from the log, and stored, at a time. */
const CHUNKS_A_BATCH = 64;

/**
 * A Merkle log indexed before the stamp tree was kept has event chunks without stamp chunks: computes those from the
 * log, each stored at the position its event chunk ends on, and returns every stamp chunk (those stored before
 * first). Stops at the first event chunk the log no longer bears out (its events moved or no longer hashing as
 * indexed): stamps of a log altered since cannot be vouched for, and `GET /v1/integrity` names the chunk; the indexer
 * then signs heads without a stamp root. Resumes where it stopped if interrupted (its own checkpoint).
 */
export async function backfillStamps(
  events: Pick<EventStore, 'readAll'>,
  store: ReadStore,
  chunks: readonly ChunkDocument[],
  stored: readonly ChunkDocument[],
  chunkSize: number,
): Promise<ChunkDocument[]> {
  const stamps = [...stored];
  while (stamps.length < chunks.length) {
    const wanted = chunks.slice(stamps.length, stamps.length + CHUNKS_A_BATCH);
    const page = await events.readAll({ fromPosition: wanted[0].firstPosition, limit: wanted.length * chunkSize });
    const batch: PositionedChanges[] = [];
    for (const [k, chunk] of wanted.entries()) {
      const own = page.slice(k * chunkSize, (k + 1) * chunkSize);
      const bornOut =
        own.length === chunkSize &&
        own[0].position === chunk.firstPosition &&
        own[chunkSize - 1].position === chunk.lastPosition &&
        leavesSource(own.map(leafDataOf)).hash(0, chunkSize).toString('hex') === chunk.hash;
      if (!bornOut) break;
      const doc: ChunkDocument = { ...chunk, hash: leavesSource(own.map(stampOf)).hash(0, chunkSize).toString('hex') };
      batch.push({ position: chunk.lastPosition, recordedAt: own[chunkSize - 1].recordedAt, changes: [{ collection: STAMP_CHUNKS, id: chunkId(chunk.chunk), doc: { ...doc } }] });
      stamps.push(doc);
    }
    if (batch.length > 0) {
      const last = batch[batch.length - 1];
      await store.apply(MERKLE_LOG_STAMPS, batch, { position: last.position, recordedAt: last.recordedAt });
    }
    if (batch.length < wanted.length) return stamps;
  }
  return stamps;
}
