/**
 * Where the embedded event log commits. `inline` (the default), the API's own thread, which waits out each commit's
 * fsync; `thread`, a writer thread with a connection of its own, so the API's thread serves requests meanwhile. On a
 * disk whose fsync takes milliseconds (network block storage) the thread doubles the reads served beside a write load;
 * where fsync is fast, handing each batch to a thread costs more than it frees (bench/writer-thread.js, README).
 */
export const EVENT_LOG_WRITERS = ['inline', 'thread'] as const;
export type EventLogWriter = (typeof EVENT_LOG_WRITERS)[number];
