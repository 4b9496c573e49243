import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { CHUNKS, chunkId, type ChunkDocument } from './merkle-log.documents';

const PAGE = 5_000;

/** The stored chunks from `first` on, in order. */
export async function loadChunks(store: ReadStore, first: number): Promise<ChunkDocument[]> {
  const chunks: ChunkDocument[] = [];
  let after = first > 0 ? chunkId(first - 1) : undefined;
  for (;;) {
    const page = await store.find<ChunkDocument>(CHUNKS, {}, { after, limit: PAGE });
    chunks.push(...page.map((stored) => stored.doc));
    if (page.length < PAGE) return chunks;
    after = page[page.length - 1].id;
  }
}
