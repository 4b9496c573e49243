import { BadRequestException, Controller, Get, Inject, NotFoundException, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { createPublicKey, sign, type KeyObject } from 'node:crypto';
import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import { canonicalJson } from '@duty-ledger/event-store/confidential';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { scanLog, type LogScan } from '@duty-ledger/event-store/integrity/chain-verifier';
import { consistencyProof, inclusionProof, leafHash, rootHash } from '@duty-ledger/event-store/integrity/merkle';
import { ReadRoles, Roles } from '../platform/auth/roles';
import { ProblemDetailsSchema } from '../platform/problem/problem.schema';
import { wholeNumber } from '../reads/read-params';

/** The Ed25519 private key that signs tree heads (provided by IntegrityModule). */
export const INTEGRITY_SIGNING_KEY = Symbol('IntegritySigningKey');

class ChainBreakView {
  @ApiProperty({ example: 'duty-first-2019' }) streamId!: string;
  @ApiProperty({ example: 2 }) revision!: number;
  @ApiProperty({ example: 17 }) position!: number;
  @ApiProperty({ enum: ['revision-gap', 'revision-out-of-order', 'prev-hash-mismatch', 'hash-mismatch', 'malformed'] }) reason!: string;
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'integer' }], description: 'the hash, prevHash or revision the chain requires' }) expected?: string | number;
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'integer' }], description: 'what the log holds instead' }) found?: string | number;
  @ApiProperty({ example: 'stream duty-first-2019 revision 2 at position 17: the stored hash does not match the event’s content' }) detail!: string;
}

class IntegrityView {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'the last position before the first break (the whole log when ok)' }) verifiedThroughPosition!: number | null;
  @ApiProperty({ description: 'events in the log' }) events!: number;
  @ApiProperty({ description: 'streams in the log' }) streams!: number;
  @ApiPropertyOptional({ type: ChainBreakView, description: 'the first break in log order' }) brokenAt?: ChainBreakView;
  @ApiProperty({ description: 'leaves of the Merkle tree (RFC 9162) over the log: one per event, in log order' }) treeSize!: number;
  @ApiProperty({ description: 'hex SHA-256 Merkle tree hash over the events’ hashes' }) rootHash!: string;
}

class TreeHeadView {
  @ApiProperty() treeSize!: number;
  @ApiProperty({ description: 'hex' }) rootHash!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'position of the last event in the tree' }) lastPosition!: number | null;
  @ApiProperty({ example: '2026-11-28T12:00:00.000Z' }) signedAt!: string;
  @ApiProperty({ description: 'base64 Ed25519 signature over the RFC 8785 canonical JSON of { treeSize, rootHash, lastPosition, signedAt }' }) signature!: string;
  @ApiProperty({ description: 'base64 SPKI DER Ed25519 public key' }) publicKey!: string;
}

class InclusionView {
  @ApiProperty() position!: number;
  @ApiProperty({ description: 'the event’s leaf index in log order' }) leafIndex!: number;
  @ApiProperty() treeSize!: number;
  @ApiProperty({ description: 'hex: the event’s hash, the leaf data' }) eventHash!: string;
  @ApiProperty({ description: 'hex SHA-256(0x00 ‖ leaf data)' }) leafHash!: string;
  @ApiProperty({ description: 'hex root of the tree of treeSize' }) rootHash!: string;
  @ApiProperty({ type: [String], description: 'hex, RFC 9162 §2.1.3 inclusion path, leaf side first' }) inclusionPath!: string[];
}

class ConsistencyView {
  @ApiProperty() from!: number;
  @ApiProperty() to!: number;
  @ApiProperty({ description: 'hex' }) fromRootHash!: string;
  @ApiProperty({ description: 'hex' }) toRootHash!: string;
  @ApiProperty({ type: [String], description: 'hex, RFC 9162 §2.1.4 consistency path' }) consistencyPath!: string[];
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/**
 * Tamper evidence for auditors (ARCHITECTURE.md): each stream's hash chain, and a Merkle tree over the whole log whose
 * signed head an auditor saves and later checks the log against. Every request reads the whole log — acceptable for
 * now; a projector-maintained Merkle log would answer from stored subtree hashes instead.
 */
@ApiTags('integrity')
@ApiBearerAuth()
@ApiExtraModels(ProblemDetailsSchema)
@Controller('v1/integrity')
@Roles(...ReadRoles)
export class IntegrityController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(INTEGRITY_SIGNING_KEY) private readonly signingKey: KeyObject,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Verify every stream’s hash chain over the whole log; the first break in log order, and the Merkle root' })
  @ApiOkResponse({ type: IntegrityView })
  async verify(): Promise<IntegrityView> {
    const { report, leaves } = await this.scan();
    return { ...report, treeSize: leaves.length, rootHash: hex(rootHash(leaves)) };
  }

  @Get('tree-head')
  @ApiOperation({ summary: 'The Merkle tree head over the whole log, signed with Ed25519: save it, and check the log against it later' })
  @ApiOkResponse({ type: TreeHeadView })
  async treeHead(): Promise<TreeHeadView> {
    const { leaves, positions } = await this.scan();
    const head = { treeSize: leaves.length, rootHash: hex(rootHash(leaves)), lastPosition: positions.at(-1) ?? null, signedAt: new Date().toISOString() };
    return {
      ...head,
      signature: sign(null, Buffer.from(canonicalJson(head), 'utf8'), this.signingKey).toString('base64'),
      publicKey: createPublicKey(this.signingKey).export({ type: 'spki', format: 'der' }).toString('base64'),
    };
  }

  @Get('inclusion')
  @ApiOperation({ summary: 'Proof that the event at `position` is leaf `leafIndex` of the tree of size `treeSize` (RFC 9162 §2.1.3)' })
  @ApiQuery({ name: 'position', required: true, description: 'the event’s position in the log' })
  @ApiQuery({ name: 'treeSize', required: false, description: 'a saved tree head’s size; default the whole log' })
  @ApiOkResponse({ type: InclusionView })
  @ApiBadRequestResponse({ type: ProblemDetailsSchema, description: 'a parameter is missing or not a whole number, or the event is not within treeSize' })
  @ApiNotFoundResponse({ type: ProblemDetailsSchema, description: 'no event at that position' })
  async inclusion(@Query() query: Record<string, unknown>): Promise<InclusionView> {
    const position = wholeNumber('position', query.position);
    if (position === undefined) throw new BadRequestException('position is required');
    const { leaves, positions } = await this.scan();
    const treeSize = this.treeSize('treeSize', query.treeSize, leaves.length) ?? leaves.length;
    const leafIndex = indexOf(positions, position);
    if (leafIndex < 0) throw new NotFoundException(`no event at position ${position}`);
    if (leafIndex >= treeSize) throw new BadRequestException(`the event at position ${position} is leaf ${leafIndex}, outside a tree of size ${treeSize}`);
    return {
      position,
      leafIndex,
      treeSize,
      eventHash: hex(leaves[leafIndex]),
      leafHash: hex(leafHash(leaves[leafIndex])),
      rootHash: hex(rootHash(leaves, treeSize)),
      inclusionPath: inclusionProof(leaves, leafIndex, treeSize).map(hex),
    };
  }

  @Get('consistency')
  @ApiOperation({ summary: 'Proof that the tree of size `from` is a prefix of the tree of size `to` (RFC 9162 §2.1.4): nothing saved earlier was changed' })
  @ApiQuery({ name: 'from', required: true, description: 'the earlier tree size (a saved tree head’s), at least 1' })
  @ApiQuery({ name: 'to', required: false, description: 'the later tree size; default the whole log' })
  @ApiOkResponse({ type: ConsistencyView })
  @ApiBadRequestResponse({ type: ProblemDetailsSchema, description: 'a size is missing, not a whole number, or not 1 <= from <= to <= the log’s size' })
  async consistency(@Query() query: Record<string, unknown>): Promise<ConsistencyView> {
    const { leaves } = await this.scan();
    const from = this.treeSize('from', query.from, leaves.length);
    if (from === undefined) throw new BadRequestException('from is required');
    const to = this.treeSize('to', query.to, leaves.length) ?? leaves.length;
    if (from > to) throw new BadRequestException(`from (${from}) must not exceed to (${to})`);
    return { from, to, fromRootHash: hex(rootHash(leaves, from)), toRootHash: hex(rootHash(leaves, to)), consistencyPath: consistencyProof(leaves, from, to).map(hex) };
  }

  private scan(): Promise<LogScan> {
    return scanLog(this.store, CONFIDENTIAL_FIELDS);
  }

  /** A tree size within 1..size (the log's size now), or undefined when absent. */
  private treeSize(name: string, value: unknown, size: number): number | undefined {
    const n = wholeNumber(name, value);
    if (n !== undefined && (n < 1 || n > size)) throw new BadRequestException(`${name} must be a tree size between 1 and ${size}, the events in the log`);
    return n;
  }
}

/** Positions increase along the log: a binary search. */
function indexOf(positions: readonly number[], position: number): number {
  let [lo, hi] = [0, positions.length - 1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid] === position) return mid;
    if (positions[mid] < position) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
