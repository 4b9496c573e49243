import type { AsOf, Document, ReadStore } from '@duty-ledger/read-store/read-store.port';
import { CHUNKS, chunkId, type ChunkDocument } from './merkle-log.documents';

const PAGE = 5_000;

/** Every current document of a collection (or as of a point) after the id `after`, in id order, page by page. */
export async function allDocuments<T = Document>(store: ReadStore, collection: string, after?: string, asOf: AsOf = {}): Promise<T[]> {
  const docs: T[] = [];
  for (;;) {
    const page = await store.find<T>(collection, {}, { ...asOf, after, limit: PAGE });
    docs.push(...page.map((stored) => stored.doc));
    if (page.length < PAGE) return docs;
    after = page[page.length - 1].id;
  }
}

/** The stored chunks from `first` on, in order (as of a point: those stored by then); of the stamp tree with `STAMP_CHUNKS`. */
export function loadChunks(store: ReadStore, first: number, asOf: AsOf = {}, collection = CHUNKS): Promise<ChunkDocument[]> {
  return allDocuments<ChunkDocument>(store, collection, first > 0 ? chunkId(first - 1) : undefined, asOf);
}
