/**
 * How long a client may take to send a whole request, headers and body (Node's `requestTimeout`; its `headersTimeout`
 * follows it). Fastify's default, 0, turns Node's limit off: a client that sent its headers and then one byte of its
 * body every few seconds held its connection, and a socket, for ever, so a few hundred such connections exhausted the
 * server's file descriptors (slowloris). A 256 KiB body arrives in far less on any working link. An expired request is
 * answered 408 by `answerClientErrors`. The limit is on receiving the request, not on answering it: a long read (a
 * verification of the whole log) is not cut short.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/** How long a client may take to send the request line and headers (Node's `headersTimeout`, default 60 s: above the whole request's). */
export const HEADERS_TIMEOUT_MS = 20_000;

/**
 * How long a connection may sit with nothing sent or received (Node's socket timeout, Fastify's `connectionTimeout`;
 * default 0, never). A client that asked for a large page (a thousand events) and then stopped reading kept the socket
 * and the unsent response in memory for ever, and could hold hundreds at once. Far above the longest silence an answer
 * needs (a verification of the whole log, ~30 s at a million events); behind a proxy, the proxy's own is shorter.
 */
export const IDLE_CONNECTION_TIMEOUT_MS = 300_000;
