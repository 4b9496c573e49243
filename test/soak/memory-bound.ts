import type { Sample } from './metrics-samples';

/**
 * Each SQLite read-store file keeps a page cache of up to 128 MiB per connection (CACHE_KIB in
 * libs/read-store/src/sqlite/sqlite.read-store.ts) and reads through a memory map of up to 2 GiB (MMAP_BYTES there),
 * whose pages, once touched, count in RSS as the OS's file cache. Both fill as the file grows: in a 10-minute soak the
 * read models grow to ~80 MB and the cache and the mapped pages, hence RSS, with them, by design and not a leak. Neither
 * can hold more than the file's pages, so a file's share is min(128 MiB, its size) + min(2 GiB, its size).
 */
const READ_STORE_CACHE_BYTES = 128 * 2 ** 20;
const READ_STORE_MMAP_BYTES = 2 ** 31;
export const pageCacheAllowance = (sizes: Record<string, number>) =>
  Object.values(sizes).reduce((sum, bytes) => sum + Math.min(READ_STORE_CACHE_BYTES, bytes) + Math.min(READ_STORE_MMAP_BYTES, bytes), 0);
/**
 * Memory is checked where it can leak, each part against its own start after warm-up:
 * - the JS heap in use, as its floor over a window (the least in use among the samples: what survived the collections
 *   in it, where one sample's value depends on when the last collection ran — one run's start sample read 53 MB, its
 *   end sample 123 MB, with the same live heap): end floor < start floor × 1.5 + 50 MB (a kept closure, a header map, a
 *   cache without a bound). Less the readers' kept versions, which fill to READ_CACHE_MB by design as the as-of reads
 *   spread: their own bound is checked apart (the server's reckoning of them, `read_store_cache_bytes`);
 * - the rest of RSS, native memory (RSS − V8's committed heap): end < start × 1.5 + 50 MB + the read-store page
 *   caches and maps (above, at their sizes at the end) — SQLite's caches and statements, buffers, malloc fragmentation.
 * V8's committed-but-unused heap is left out: it is the high-water mark of transient allocations (a committee's figures
 * at the end of the run are larger than at its start, the read models having grown), given back lazily, not a leak.
 * RSS itself is reported, start, end and max. A leak of a few KB per request over the ~10^5 requests of a 10-minute
 * run trips one of the two; the summary prints the smallest per-request native leak the bound catches.
 */
/** The server's READ_CACHE_MB: the soak runs it at its default. */
export const READ_CACHE_MB = 128;
export const memoryBound = (start: number, pageCacheAllowance: number) => start * 1.5 + 50 * 2 ** 20 + pageCacheAllowance;
export const nativeOf = (s: Sample) => s.rss - s.heapTotal;

/**
 * The least heap in use among the samples taken in [from, to] seconds, less the readers' kept versions: what survived
 * the collections in the window outside that cache.
 */
export function heapFloor(samples: readonly Sample[], from: number, to: number): number {
  return Math.min(...samples.filter((s) => s.t >= from && s.t <= to).map((s) => s.heapUsed - s.cacheBytes));
}
