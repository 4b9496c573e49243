import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { AppConfig } from '../platform/config/app-config';
import { MerkleIndexer } from './merkle-indexer';
import { appendsInFlightMsOf } from './recorded-through';
import { loadSigningKey } from './signing-key';
import { TreeHeadSigner } from './tree-head-signer';

/** Signs tree heads with the configured key: INTEGRITY_SIGNING_KEY_FILE, else the data directory's own. */
export function configuredSigner(config: AppConfig): TreeHeadSigner {
  return new TreeHeadSigner(loadSigningKey(config.integritySigningKeyFile, config.dataDir));
}

/**
 * The Merkle log's indexer as every host of the projections runs it: a signed tree head every TREE_HEAD_EVERY leaves,
 * and one at least every TREE_HEAD_SECONDS while the log grows (and, while it is idle, the instant it is idle through).
 */
export function configuredMerkleIndexer(config: AppConfig, events: EventStore, store: ReadStore, signer = configuredSigner(config)): MerkleIndexer {
  return new MerkleIndexer(events, store, signer, { treeHeadEvery: config.treeHeadEvery, treeHeadAfterMs: config.treeHeadSeconds * 1_000, appendsInFlightMs: appendsInFlightMsOf(config) });
}
