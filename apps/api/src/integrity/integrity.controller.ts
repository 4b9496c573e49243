import { BadRequestException, ConflictException, Controller, Get, Inject, NotFoundException, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ReadPointResolver } from '@duty-ledger/application/reads/read-point';
import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { scanLog, scannedHead } from '@duty-ledger/event-store/integrity/chain-verifier';
import { leafHash } from '@duty-ledger/event-store/integrity/merkle';
import { stampOf } from '@duty-ledger/event-store/integrity/stamps';
import { ReadRoles, Roles } from '../platform/auth/roles';
import { ProblemDetailsSchema } from '../platform/problem/problem.schema';
import { ApiReadQueries, limitOf, readRequest, WHOLE_NUMBER_SCHEMA, wholeNumber, type QueryParams } from '../reads/read-params';
import { logThrough } from '../events/log-through';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { INTEGRITY_STORE } from './integrity-store';
import { appendsInFlightMsOf, recordedThroughNow } from './recorded-through';
import { checkIndexAgainstLog, checkSignedHeads, checkStampsAgainstLog, latestSignedHead, loadMerkleIndex } from './log-checks';
import { TREE_HEADS, treeHeadId, type TreeHeadDocument } from './merkle-log.documents';
import { LogDivergedError, MerkleLogReader, type LogTree } from './merkle-log.reader';
import { LogVerifications, turnBetweenPages } from './log-verifications';
import { TreeHeadSigner } from './tree-head-signer';
import { ConsistencyView, InclusionView, IntegrityView, TreeHeadPageView, TreeHeadView } from './integrity.views';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/**
 * The Merkle log's heads and proofs are addressed by tree size (`treeSize`, `from`, `to`), not by a read point: an
 * `asOfPosition` there would be silently ignored and answer for the whole log. `GET /v1/integrity` verifies as of one.
 */
function refuseReadPoint(query: Record<string, unknown>): void {
  const given = ['asOf', 'asOfPosition', 'consistentWith'].filter((name) => query[name] !== undefined);
  if (given.length > 0)
    throw new BadRequestException(`${given.join(', ')}: the Merkle log's heads and proofs are addressed by tree size (treeSize, from, to); GET /v1/integrity verifies as of a read point`);
}

/**
 * Tamper evidence for auditors (ARCHITECTURE.md): each stream's hash chain, and the RFC 9162 Merkle tree over the
 * whole log whose signed head an auditor saves and later checks the log against. Heads and proofs come from the
 * Merkle log the indexer maintains (stored chunk hashes, plus the few leaves since); `GET /v1/integrity` alone reads
 * the whole log (as it stood at the read point), recomputing every chain and every stored chunk.
 */
@ApiTags('integrity')
@ApiBearerAuth()
@ApiExtraModels(ProblemDetailsSchema)
@Controller('v1/integrity')
@Roles(...ReadRoles)
export class IntegrityController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(INTEGRITY_STORE) private readonly merkleStore: ReadStore,
    private readonly reader: MerkleLogReader,
    private readonly signer: TreeHeadSigner,
    private readonly readPoint: ReadPointResolver,
    private readonly verifications: LogVerifications,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiReadQueries()
  @ApiOperation({
    summary:
      'Verify the log as recorded at `asOf`/`asOfPosition` (default: the whole log now): every stream’s hash chain (the first break in log order), the Merkle root, and the Merkle index and latest signed head as they stood then',
  })
  @ApiOkResponse({ type: IntegrityView })
  @ApiBadRequestResponse({ type: ProblemDetailsSchema, description: 'a read parameter is malformed, asOf and asOfPosition are both given, asOf is in the future or asOfPosition past the head' })
  async verify(@Query() query: QueryParams): Promise<IntegrityView> {
    const request = readRequest(query);
    const asOf = request.asOf !== undefined || request.asOfPosition !== undefined;
    const now = asOf ? undefined : await loadMerkleIndex(this.merkleStore);
    const point = await this.readPoint.resolve(request, 'log-head');
    // As of a past point, what had been indexed by then; now, all of it, so that a log cut back below it shows.
    const { chunks, stampChunks, heads } = now ?? (await loadMerkleIndex(this.merkleStore, point.position));
    const scan = await this.verifications.run(point.position, () => scanLog(turnBetweenPages(logThrough(this.store, point.position)), CONFIDENTIAL_FIELDS));
    const { report, leaves, positions, stamps } = scan;
    const merkleIndex = checkIndexAgainstLog(chunks, leaves, positions);
    const stampIndex = checkStampsAgainstLog(stampChunks, stamps, positions);
    const latest = latestSignedHead(heads, leaves, scan);
    const signedHeads = checkSignedHeads(heads, scan);
    const treeHead = this.signer.sign({ ...scannedHead(scan), signedAt: new Date().toISOString() });
    const ok = report.ok && merkleIndex.matchesLog && stampIndex.matchesLog && signedHeads.matchesLog && (latest ? latest.matchesLog && latest.signatureHolds : true);
    return { ...report, ok, treeSize: treeHead.treeSize, rootHash: treeHead.rootHash, treeHead, merkleIndex, stampIndex, ...(latest ? { latestSignedHead: latest } : {}), signedHeads, meta: point.meta };
  }

  @Get('tree-head')
  @ApiOperation({
    summary:
      'The Merkle tree head over the whole log, signed now with Ed25519: save it, and check the log against it later. Where the Merkle log is caught up, it also signs `recordedThrough`: no event recorded later can say it was recorded before the head was asked for',
  })
  @ApiOkResponse({ type: TreeHeadView })
  @ApiConflictResponse({ type: ProblemDetailsSchema, description: 'the log no longer holds what the Merkle log indexed' })
  async treeHead(@Query() query: Record<string, unknown>): Promise<TreeHeadView> {
    refuseReadPoint(query);
    const tree = await this.snapshot();
    const { size } = tree;
    const last = await this.proving(tree.lastEventAt(size));
    // Caught up with the log, the head also says nothing else was recorded by now: no later event can be dated before it.
    const recordedThrough = last ? await recordedThroughNow(this.store, last, new Date(), appendsInFlightMsOf(this.config)) : undefined;
    const stampRoot = tree.stampRoot();
    return this.signer.sign({
      treeSize: size,
      rootHash: hex(await this.proving(tree.root(size))),
      lastPosition: last?.position ?? null,
      lastRecordedAt: last?.recordedAt ?? null,
      ...(recordedThrough === undefined ? {} : { recordedThrough }),
      ...(stampRoot === undefined ? {} : { stampRoot: hex(stampRoot) }),
      signedAt: new Date().toISOString(),
    });
  }

  @Get('tree-heads')
  @ApiOperation({ summary: 'The tree heads the indexer signed as the log grew (every INTEGRITY_TREE_HEAD_EVERY events, and every INTEGRITY_TREE_HEAD_SECONDS while it grows), in order' })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string', pattern: '^\\d{15}$' }, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } })
  @ApiOkResponse({ type: TreeHeadPageView })
  async treeHeads(@Query() query: Record<string, unknown>): Promise<TreeHeadPageView> {
    refuseReadPoint(query);
    const limit = limitOf(query, 100, 1_000);
    const cursor = query.cursor;
    if (cursor !== undefined && (typeof cursor !== 'string' || !/^\d{15}$/.test(cursor))) throw new BadRequestException('cursor must be the nextCursor of a previous page');
    const page = await this.merkleStore.find<TreeHeadDocument>(TREE_HEADS, {}, { after: cursor, limit: limit + 1 });
    const items = page.slice(0, limit).map((stored) => stored.doc);
    return { items, nextCursor: page.length > limit ? treeHeadId(items[items.length - 1].treeSize) : null, meta: { publicKey: this.signer.publicKey } };
  }

  @Get('inclusion')
  @ApiOperation({
    summary:
      'Proof that the event at `position` is leaf `leafIndex` of the tree of size `treeSize` (RFC 9162 §2.1.3), and that its stamp — its id, hash, position and record time — is the same leaf of the stamp tree: when it was recorded',
  })
  @ApiQuery({ name: 'position', required: true, schema: WHOLE_NUMBER_SCHEMA, description: 'the event’s position in the log' })
  @ApiQuery({ name: 'treeSize', required: false, schema: { type: 'integer', minimum: 1 }, description: 'a saved tree head’s size; default the whole log' })
  @ApiOkResponse({ type: InclusionView })
  @ApiBadRequestResponse({ type: ProblemDetailsSchema, description: 'a parameter is missing or not a whole number, or the event is not within treeSize' })
  @ApiNotFoundResponse({ type: ProblemDetailsSchema, description: 'no event at that position' })
  @ApiConflictResponse({ type: ProblemDetailsSchema, description: 'the log no longer holds what the Merkle log indexed' })
  async inclusion(@Query() query: Record<string, unknown>): Promise<InclusionView> {
    refuseReadPoint(query);
    const position = wholeNumber('position', query.position);
    if (position === undefined) throw new BadRequestException('position is required');
    const tree = await this.snapshot();
    const treeSize = this.treeSize('treeSize', query.treeSize, tree.size) ?? tree.size;
    const leaf = await this.proving(tree.leafAt(position));
    if (!leaf) throw new NotFoundException(`no event at position ${position}`);
    if (leaf.leafIndex >= treeSize) throw new BadRequestException(`the event at position ${position} is leaf ${leaf.leafIndex}, outside a tree of size ${treeSize}`);
    const stamped = await this.proving(tree.stampInclusion(leaf.leafIndex, treeSize));
    const stamp = stamped && { eventId: leaf.event.eventId, recordedAt: leaf.event.recordedAt, stampHash: hex(stampOf(leaf.event)), stampRoot: hex(stamped.root), stampPath: stamped.path.map(hex) };
    return {
      position,
      leafIndex: leaf.leafIndex,
      treeSize,
      eventHash: hex(leaf.eventHash),
      leafHash: hex(leafHash(leaf.eventHash)),
      rootHash: hex(await this.proving(tree.root(treeSize))),
      auditPath: (await this.proving(tree.inclusionPath(leaf.leafIndex, treeSize))).map(hex),
      ...stamp,
    };
  }

  @Get('consistency')
  @ApiOperation({
    summary:
      'Proof that the tree of size `from` is a prefix of the tree of size `to` (RFC 9162 §2.1.4): nothing saved earlier was changed — and, in the stamp tree, that no event of it was renumbered or retimed since',
  })
  @ApiQuery({ name: 'from', required: true, schema: { type: 'integer', minimum: 1 }, description: 'the earlier tree size (a saved tree head’s), at least 1' })
  @ApiQuery({ name: 'to', required: false, schema: { type: 'integer', minimum: 1 }, description: 'the later tree size; default the whole log' })
  @ApiOkResponse({ type: ConsistencyView })
  @ApiBadRequestResponse({ type: ProblemDetailsSchema, description: 'a size is missing, not a whole number, or not 1 <= from <= to <= the log’s size' })
  @ApiConflictResponse({ type: ProblemDetailsSchema, description: 'the log no longer holds what the Merkle log indexed' })
  async consistency(@Query() query: Record<string, unknown>): Promise<ConsistencyView> {
    refuseReadPoint(query);
    const tree = await this.snapshot();
    const from = this.treeSize('from', query.from, tree.size);
    if (from === undefined) throw new BadRequestException('from is required');
    const to = this.treeSize('to', query.to, tree.size) ?? tree.size;
    if (from > to) throw new BadRequestException(`from (${from}) must not exceed to (${to})`);
    const [fromRoot, toRoot, proof] = await this.proving(Promise.all([tree.root(from), tree.root(to), tree.consistencyPath(from, to)]));
    const stamps = await this.proving(tree.stampConsistency(from, to));
    const stamped = stamps && { fromStampRoot: hex(stamps.fromRoot), toStampRoot: hex(stamps.toRoot), stampProof: stamps.proof.map(hex) };
    return { from, to, fromRootHash: hex(fromRoot), toRootHash: hex(toRoot), proof: proof.map(hex), ...stamped };
  }

  private snapshot(): Promise<LogTree> {
    return this.proving(this.reader.snapshot());
  }

  /** A log that no longer matches its Merkle index cannot be proven from it: 409, saying where. */
  private async proving<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (error instanceof LogDivergedError) throw new ConflictException(error.message);
      throw error;
    }
  }

  /** A tree size within 1..size (the log's size now), or undefined when absent. */
  private treeSize(name: string, value: unknown, size: number): number | undefined {
    const n = wholeNumber(name, value);
    if (n !== undefined && (n < 1 || n > size)) throw new BadRequestException(`${name} must be a tree size between 1 and ${size}, the events in the log`);
    return n;
  }
}
