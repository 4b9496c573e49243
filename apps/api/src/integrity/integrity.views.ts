import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ChainBreakView {
  @ApiProperty({ example: 'duty-first-2019' }) streamId!: string;
  @ApiProperty({ example: 2 }) revision!: number;
  @ApiProperty({ example: 17 }) position!: number;
  @ApiProperty({ enum: ['revision-gap', 'revision-out-of-order', 'prev-hash-mismatch', 'hash-mismatch', 'record-time-backwards', 'malformed'] }) reason!: string;
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'integer' }], description: 'the hash, prevHash or revision the chain requires; for a record time, the one it may not precede' }) expected?: string | number;
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'integer' }], description: 'what the log holds instead' }) found?: string | number;
  @ApiProperty({ example: 'stream duty-first-2019 revision 2 at position 17: the stored hash does not match the event’s content' }) detail!: string;
}

export class TreeHeadView {
  @ApiProperty() treeSize!: number;
  @ApiProperty({ description: 'hex' }) rootHash!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'position of the last event in the tree' }) lastPosition!: number | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: '2026-11-28T11:59:58.123Z',
    description: 'record time of the last event in the tree; absent from heads the indexer signed before heads pinned record times',
  })
  lastRecordedAt?: string | null;
  @ApiPropertyOptional({
    example: '2026-11-28T12:59:59.000Z',
    description:
      'every event the log recorded at or before this instant is among the tree’s: the next event was recorded after it. Signed where the log was seen to have recorded nothing after the tree: on a head signed again when the log grows after an idle spell (the last instant it was seen idle), a head on time, or one asked for (GET /v1/integrity/tree-head) while the Merkle log is caught up',
  })
  recordedThrough?: string;
  @ApiPropertyOptional({
    description:
      'hex root of the stamp tree over the same events: RFC 9162 over leaves SHA-256(canonical JSON of { eventId, hash, position, recordedAt }) of each event, so every event the head covers is pinned to its id, position and record time. Absent from heads signed before the stamp tree was kept',
  })
  stampRoot?: string;
  @ApiProperty({ example: '2026-11-28T12:00:00.000Z' }) signedAt!: string;
  @ApiProperty({
    description:
      'base64 Ed25519 signature over the RFC 8785 canonical JSON of { treeSize, rootHash, lastPosition, lastRecordedAt, recordedThrough, stampRoot, signedAt }: of those the head carries (no recordedThrough on most; no stampRoot, or no lastRecordedAt, on heads signed before those were kept)',
  })
  signature!: string;
  @ApiProperty({ description: 'base64 SPKI DER Ed25519 public key' }) publicKey!: string;
}

export class ChunkMismatchView {
  @ApiProperty() chunk!: number;
  @ApiProperty() firstPosition!: number;
  @ApiProperty() lastPosition!: number;
  @ApiProperty() detail!: string;
}

export class MerkleIndexView {
  @ApiProperty({ description: 'leaves covered by the chunks the Merkle indexer stored' }) indexedTreeSize!: number;
  @ApiProperty({ description: 'every stored chunk still hashes as the log’s events do now' }) matchesLog!: boolean;
  @ApiPropertyOptional({ type: ChunkMismatchView, description: 'the first chunk whose events no longer hash as they did when indexed' }) firstMismatch?: ChunkMismatchView;
}

export class HeadMismatchView {
  @ApiProperty() treeSize!: number;
  @ApiProperty({ nullable: true, type: Number }) lastPosition!: number | null;
  @ApiProperty() detail!: string;
}

export class SignedHeadsView {
  @ApiProperty({ description: 'heads the indexer signed, through the point verified' }) heads!: number;
  @ApiProperty({ type: [String], description: 'the keys that signed them (base64 SPKI DER), in the order first used: more than one after a key change' }) keys!: string[];
  @ApiProperty({ description: 'of them, those that pin a record time (lastRecordedAt)' }) pinningRecordTime!: number;
  @ApiProperty({ description: 'of them, those that say until when the log recorded nothing after them (recordedThrough: signed on time, or again after an idle spell)' }) pinningIdleThrough!: number;
  @ApiProperty({ description: 'of them, those that sign the stamp tree’s root (stampRoot): every event they cover pinned to its id, position and record time' }) pinningStamps!: number;
  @ApiProperty({ description: 'every head’s signature holds, the log’s event where it ends is at the position and record time it signed, and where it signed a recordedThrough the log’s next event was recorded after it' }) matchesLog!: boolean;
  @ApiPropertyOptional({ type: HeadMismatchView, description: 'the first head that does not' }) firstMismatch?: HeadMismatchView;
}

export class SignedHeadCheckView extends TreeHeadView {
  @ApiProperty({
    description:
      'the log’s first treeSize events still hash to this head’s root (and, where it signed one, to its stampRoot: each with the id, position and record time it had), the last of them at its lastPosition and lastRecordedAt, the next (if any) recorded after its recordedThrough',
  })
  matchesLog!: boolean;
  @ApiProperty({ description: 'the head’s Ed25519 signature verifies with the key it names (compare that key with the one you trust)' }) signatureHolds!: boolean;
}

/** API.md "Reads": the point a read answers at. */
export class ReadMetaView {
  @ApiProperty({ nullable: true, type: Number, description: 'the log as recorded through this position (null: before the first event)' }) asOfPosition!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'when the event at or before asOfPosition was recorded' }) asOfRecordedAt!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'how far the read models have applied the log' }) projectedPosition!: number | null;
}

export class IntegrityView {
  @ApiProperty({ description: 'every chain verifies, the Merkle index, the stamp index and every signed head match the log' }) ok!: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'the last position before the first chain break (the whole log when the chains hold)' }) verifiedThroughPosition!: number | null;
  @ApiProperty({ description: 'events in the log (through meta.asOfPosition)' }) events!: number;
  @ApiProperty({ description: 'streams in the log (through meta.asOfPosition)' }) streams!: number;
  @ApiPropertyOptional({ type: ChainBreakView, description: 'the first chain break in log order' }) brokenAt?: ChainBreakView;
  @ApiProperty({ description: 'leaves of the Merkle tree (RFC 9162) over the log: one per event, in log order' }) treeSize!: number;
  @ApiProperty({ description: 'hex SHA-256 Merkle tree hash over the events’ hashes, recomputed from the log' }) rootHash!: string;
  @ApiProperty({ type: TreeHeadView, description: 'a head signed now over the log as recomputed' }) treeHead!: TreeHeadView;
  @ApiProperty({ type: MerkleIndexView }) merkleIndex!: MerkleIndexView;
  @ApiProperty({ type: MerkleIndexView, description: 'the stamp tree’s stored chunks against the log’s events now: a chunk whose events were renumbered, retimed or given other ids no longer matches' })
  stampIndex!: MerkleIndexView;
  @ApiPropertyOptional({ type: SignedHeadCheckView, description: 'the latest head the indexer signed (every INTEGRITY_TREE_HEAD_EVERY events, and every INTEGRITY_TREE_HEAD_SECONDS while the log grows), checked against the log' })
  latestSignedHead?: SignedHeadCheckView;
  @ApiProperty({
    type: SignedHeadsView,
    description: 'every head the indexer signed, checked against where the log’s events are and when they were recorded: with record times that may not go back along the log, each event’s record time lies between the pins of the heads around it',
  })
  signedHeads!: SignedHeadsView;
  @ApiProperty({ type: ReadMetaView, description: 'the point verified: the log through asOfPosition, and the index and heads as they stood then' }) meta!: ReadMetaView;
}

export class InclusionView {
  @ApiProperty() position!: number;
  @ApiProperty({ description: 'the event’s leaf index in log order' }) leafIndex!: number;
  @ApiProperty() treeSize!: number;
  @ApiProperty({ description: 'hex: the event’s hash, the leaf data' }) eventHash!: string;
  @ApiProperty({ description: 'hex SHA-256(0x00 ‖ leaf data)' }) leafHash!: string;
  @ApiProperty({ description: 'hex root of the tree of treeSize' }) rootHash!: string;
  @ApiProperty({ type: [String], description: 'hex, RFC 9162 §2.1.3 inclusion path, leaf side first' }) auditPath!: string[];
  @ApiPropertyOptional({ description: 'the event’s id (in its stamp)' }) eventId?: string;
  @ApiPropertyOptional({ description: 'when the log recorded the event (in its stamp)' }) recordedAt?: string;
  @ApiPropertyOptional({ description: 'hex: the stamp tree’s leaf data, SHA-256 of the canonical JSON of { eventId, hash, position, recordedAt }; absent where the stamp tree is not kept yet' })
  stampHash?: string;
  @ApiPropertyOptional({ description: 'hex root of the stamp tree of treeSize (a head’s stampRoot)' }) stampRoot?: string;
  @ApiPropertyOptional({ type: [String], description: 'hex, the stamp’s RFC 9162 inclusion path in the stamp tree, leaf side first' }) stampPath?: string[];
}

export class ConsistencyView {
  @ApiProperty() from!: number;
  @ApiProperty() to!: number;
  @ApiProperty({ description: 'hex' }) fromRootHash!: string;
  @ApiProperty({ description: 'hex' }) toRootHash!: string;
  @ApiProperty({ type: [String], description: 'hex, RFC 9162 §2.1.4 consistency proof' }) proof!: string[];
  @ApiPropertyOptional({ description: 'hex root of the stamp tree of size from (a saved head’s stampRoot); absent where the stamp tree is not kept yet' }) fromStampRoot?: string;
  @ApiPropertyOptional({ description: 'hex root of the stamp tree of size to' }) toStampRoot?: string;
  @ApiPropertyOptional({ type: [String], description: 'hex, RFC 9162 §2.1.4 consistency proof between the two stamp trees' }) stampProof?: string[];
}

export class TreeHeadPageView {
  @ApiProperty({ type: [TreeHeadView], description: 'signed by the indexer every INTEGRITY_TREE_HEAD_EVERY events and every INTEGRITY_TREE_HEAD_SECONDS while the log grows, in tree-size order' }) items!: TreeHeadView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({ example: { publicKey: 'MCowBQYDK2VwAyEA…' } }) meta!: { publicKey: string };
}
