import type { EventLogWriter } from './event-log-writers';
import type { ProjectionMode } from './projection-modes';

/** The validated environment, as the rest of the app reads it (API.md "Running"). */
export interface AppConfig {
  port: number;
  dataDir: string;
  /** `esdb://…`: events go to EventStoreDB instead of the embedded log. */
  eventStoreConnectionString?: string;
  /** Read models live in MongoDB instead of the embedded store. */
  mongodbUri?: string;
  /** `role:key,role:key` — the principal's name is the role. */
  apiKeys?: string;
  /** A JSON file `[{ role, key | sha256, name }]`. */
  apiKeysFile?: string;
  /** OIDC bearer tokens (JWTs), accepted beside API keys when set. */
  oidc?: OidcConfig;
  /** IANA zone in which "today" is reckoned for business dates. */
  timeZone: string;
  projections: ProjectionMode;
  /** Where the embedded log's commits run (EVENT_LOG_WRITER; see event-log-writers.ts). */
  eventLogWriter: EventLogWriter;
  nodeEnv: string;
  /** Commands per second per key; 0 turns the limit off. */
  rateLimit: number;
  /** When set, `/metrics` requires `Authorization: Bearer <token>`. */
  metricsToken?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Origins allowed by CORS; empty: CORS closed. */
  corsOrigins: string[];
  /** Where the Ed25519 key signing tree heads is; absent: a development key kept in DATA_DIR. */
  integritySigningKeyFile?: string;
  /** The Merkle indexer signs and stores a tree head each time the log grows by this many events. */
  treeHeadEvery: number;
  /** …and signs one over everything indexed at least this often (seconds) while the log grows; 0: by count alone. */
  treeHeadSeconds: number;
  /** /health reports `degraded` when the read models lag more log positions than this. */
  projectionLagThreshold: number;
  /** …or when the oldest event they have not applied was recorded more than this many seconds ago (a stalled projector). */
  projectionLagSecondsThreshold: number;
  /** Events per read-store commit while catching up; absent: the runner's default. */
  projectionBatchSize?: number;
  /** How often a process looks whether another put a newer read-model generation in force (generation-follower.ts). */
  generationPollMs: number;
  /** Megabytes of heap the API's embedded read store may hold versions in, to answer them again (version-cache.ts); 0: none. */
  readCacheMb: number;
  /** How long a rebuild's hold on its generation lasts unrenewed (../stores/rebuild-lease.ts). */
  rebuildLeaseMs: number;
}

/** OIDC_* variables: who issues tokens, for whom, where its keys are, and which claims carry the role and the name. */
export interface OidcConfig {
  issuer: string;
  audience: string;
  /** Exactly one of `jwksUri` (fetched and cached by jose) and `jwksFile` (a JWKS JSON read at start). */
  jwksUri?: string;
  jwksFile?: string;
  /** Claim holding the role: a string, or an array whose first known role wins. Default `role`. */
  roleClaim: string;
  /** Claim naming the principal (the event's actor, the idempotency scope). Default `sub`. */
  nameClaim: string;
  /**
   * The `typ` header tokens must carry (RFC 9068's `at+jwt` for access tokens; `application/` and case are ignored),
   * so that another of the issuer's JWTs for the same audience, an ID token say, is not taken for an access token.
   * Unset: not checked (many issuers send `JWT` for both).
   */
  tokenType?: string;
}

export const APP_CONFIG = Symbol('AppConfig');

export const isProduction = (config: AppConfig): boolean => config.nodeEnv === 'production';

// Kept here too: callers that already import them from this file (test/support/test-app.ts).
export { loadConfig } from './load-config';
export { ConfigError } from './config-error';
