import { Presets, SingleBar } from 'cli-progress';
import { writeFileSync } from 'node:fs';
import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import type { RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import { scanLog } from '@duty-ledger/event-store/integrity/chain-verifier';
import { leafHash, rootHash, verifyConsistency, verifyInclusion } from '@duty-ledger/event-store/integrity/merkle';
import { IntegrityClient, ServerRefusal } from './integrity-client';
import { asHashed } from './served-events';
import { checkSignedHeads, keysYouTrust, latestSignedHead, pinMismatch, stampMismatch, type StampedLog } from '../../../api/src/integrity/log-checks';
import type { TreeHeadDocument } from '../../../api/src/integrity/merkle-log.documents';
import { signatureHolds } from '../../../api/src/integrity/tree-head-signer';
import { checkTreeHead, readTreeHead, trustedKeys, type SavedTreeHead } from './tree-head-check';
import { describeLatestSignedHead, describeSignedHeads, describeVerification, TAMPERED, VERIFIED, verdict, type Finding } from './verification-report';

export interface ServerOptions {
  server: string;
  token?: string;
  treeHead?: string;
  saveTreeHead?: string;
  /** The Ed25519 keys (base64 SPKI DER) the auditor trusts the server to sign with: several across a key change. */
  publicKeys?: readonly string[];
  samples: number;
  json?: boolean;
}

interface ServedHead extends SavedTreeHead {
  lastPosition: number | null;
  /** Absent where the server is of a version before heads pinned record times. */
  lastRecordedAt?: string | null;
  signedAt: string;
  signature: string;
  publicKey: string;
}

const PAGE = 1_000;

/**
 * A running server, trusting nothing it says: its signed tree head is checked against the key the auditor trusts;
 * the log it serves is downloaded and every chain and the Merkle root recomputed here; a saved head must be a prefix
 * (checked here, and the server's own consistency proof checked too); sampled inclusion proofs must verify.
 */
export async function verifyServer(options: ServerOptions): Promise<number> {
  const api = new IntegrityClient(options.server, options.token ?? process.env.DUTY_LEDGER_TOKEN);
  const saved = options.treeHead === undefined ? undefined : readTreeHead(options.treeHead);
  const trusted = trustedKeys(options.publicKeys, saved);
  const findings: Finding[] = [];

  let head: ServedHead;
  try {
    head = await api.get<ServedHead>('/v1/integrity/tree-head');
  } catch (error) {
    if (!(error instanceof ServerRefusal)) throw error;
    return report(options, { findings: [{ ok: false, text: `the server cannot sign a tree head over its log: ${error.message}` }] });
  }
  findings.push(
    signatureHolds(head)
      ? { ok: true, text: `the server's tree head (size ${head.treeSize}, root ${head.rootHash}) is signed by key ${head.publicKey}` }
      : { ok: false, text: `the server's tree head does not verify with the key it names (${head.publicKey})` },
  );
  if (trusted !== undefined && !trusted.includes(head.publicKey)) findings.push({ ok: false, text: `the server signs with key ${head.publicKey}, not ${keysYouTrust(trusted)}` });

  const events = await download(api, head.treeSize);
  const scan = await scanLog({ readAll: async ({ fromPosition = 0, limit = PAGE } = {}) => page(events, fromPosition, limit) }, {});
  const { report: chain, leaves } = scan;
  const root = rootHash(leaves).toString('hex');
  if (leaves.length < head.treeSize) findings.push({ ok: false, text: `the server signed a tree of ${head.treeSize} events but serves only ${leaves.length}` });
  else {
    const [misplaced, restamped] = [pinMismatch(head, scan), stampMismatch(head, scan.stamps)];
    const stamped = head.stampRoot !== undefined && restamped === undefined ? ', and their stamps to the stamp root it signed' : '';
    findings.push(
      root === head.rootHash
        ? { ok: true, text: `the ${leaves.length} events the server serves hash to the root it signed${stamped}` }
        : { ok: false, text: `the ${leaves.length} events the server serves hash to ${root}, not to the root it signed (${head.rootHash})` },
    );
    for (const mismatch of [misplaced, restamped])
      if (mismatch !== undefined) findings.push({ ok: false, text: `the server's tree head does not match the events it serves: ${mismatch}` });
  }
  findings.push(...(await signedHeadsFindings(api, head.treeSize, leaves, scan, trusted)));

  const savedCheck = saved && checkTreeHead(saved, leaves, scan, root);
  if (saved && savedCheck?.consistent && saved.treeSize > 0) findings.push(await serversConsistencyProof(api, saved, head));
  findings.push(...(await sampledInclusionProofs(api, scan, head, options.samples)));

  const ok = verdict(chain, savedCheck, findings);
  if (ok && options.saveTreeHead) writeFileSync(options.saveTreeHead, `${JSON.stringify(head, null, 2)}\n`);
  return report(options, { chain, treeSize: leaves.length, root, savedCheck, findings, head });
}

/** The feed, in pages, up to the head's size (events appended since are not in the tree the head covers). */
async function download(api: IntegrityClient, size: number): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  const bar = process.stderr.isTTY && size > PAGE ? new SingleBar({ format: 'downloading the log [{bar}] {value}/{total} events', stream: process.stderr }, Presets.shades_classic) : undefined;
  bar?.start(size, 0);
  try {
    for (let from: number | null = 0; from !== null && events.length < size; ) {
      const feed: { events: RecordedEvent[]; next: number | null } = await api.get(`/v1/events?fromPosition=${from}&limit=${PAGE}`);
      events.push(...feed.events.slice(0, size - events.length).map((e) => asHashed(CONFIDENTIAL_FIELDS, e)));
      bar?.update(events.length);
      from = feed.next;
    }
    return events;
  } finally {
    bar?.stop();
  }
}

/**
 * The heads the server's indexer signed as the log grew, through the tree the served head covers, each checked here
 * against the events downloaded: signed by a key trusted (any, when none is), ending at the position and record time it
 * signed; and the latest of them on its roots too. (The server's fresh head is signed over the chunks it stored and the
 * events since, read from the log now: an event rewritten since its chunk was stored shows there, one after the last
 * chunk only here.)
 */
async function signedHeadsFindings(api: IntegrityClient, size: number, leaves: readonly Buffer[], log: StampedLog, trusted: readonly string[] | undefined): Promise<Finding[]> {
  const heads: TreeHeadDocument[] = [];
  try {
    for (let cursor: string | null = null; ; ) {
      const reply: { items: TreeHeadDocument[]; nextCursor: string | null } = await api.get(`/v1/integrity/tree-heads?limit=1000${cursor === null ? '' : `&cursor=${cursor}`}`);
      heads.push(...reply.items.filter((h) => h.treeSize <= size));
      if (reply.nextCursor === null || reply.items.some((h) => h.treeSize > size)) break;
      cursor = reply.nextCursor;
    }
  } catch (error) {
    if (!(error instanceof ServerRefusal)) throw error;
    return [{ ok: false, text: `the server does not list the tree heads it signed: ${error.message}` }];
  }
  const latest = latestSignedHead(heads, leaves, log);
  return [describeSignedHeads(checkSignedHeads(heads, log, trusted)), ...(latest ? describeLatestSignedHead(latest, leaves, log, trusted) : [])];
}

function page(events: readonly RecordedEvent[], fromPosition: number, limit: number): RecordedEvent[] {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid].position < fromPosition) lo = mid + 1;
    else hi = mid;
  }
  return events.slice(lo, lo + limit);
}

/** The server's RFC 9162 consistency proof from the saved head to its own, in both trees where both heads signed a stamp root. */
async function serversConsistencyProof(api: IntegrityClient, saved: SavedTreeHead, head: ServedHead): Promise<Finding> {
  const stamped = saved.stampRoot !== undefined && head.stampRoot !== undefined;
  if (saved.treeSize === head.treeSize) {
    const same = saved.rootHash === head.rootHash && (!stamped || saved.stampRoot === head.stampRoot);
    return { ok: same, text: same ? `the saved head and the server's are the same tree` : `the saved head and the server's are of one size and differ` };
  }
  const reply = await api.get<{ proof: string[]; stampProof?: string[] }>(`/v1/integrity/consistency?from=${saved.treeSize}&to=${head.treeSize}`);
  const holds = (from: string, to: string, proof: string[] | undefined) =>
    proof !== undefined && verifyConsistency(saved.treeSize, head.treeSize, Buffer.from(from, 'hex'), Buffer.from(to, 'hex'), proof.map((h) => Buffer.from(h, 'hex')));
  const events = holds(saved.rootHash, head.rootHash, reply.proof);
  const stamps = !stamped || holds(saved.stampRoot!, head.stampRoot!, reply.stampProof);
  const proof = `the server's consistency proof from ${saved.treeSize} to ${head.treeSize} events`;
  if (events && stamps) return { ok: true, text: `${proof} verifies${stamped ? ', in the stamp tree too' : ''}` };
  return { ok: false, text: `${proof} does not verify${events ? ' in the stamp tree' : ''}` };
}

/**
 * Inclusion proofs of the first, the last and evenly spread events, each checked against the signed root with the leaf
 * computed here, and where the head signed a stamp root, the stamp's proof against it too.
 */
async function sampledInclusionProofs(api: IntegrityClient, { leaves, positions, stamps }: StampedLog & { leaves: readonly Buffer[] }, head: ServedHead, samples: number): Promise<Finding[]> {
  const n = Math.min(leaves.length, head.treeSize);
  if (n === 0 || samples === 0) return [];
  const indexes = [...new Set(Array.from({ length: Math.min(samples, n) }, (_, k) => Math.round((k * (n - 1)) / Math.max(1, Math.min(samples, n) - 1))))];
  const failed: number[] = [];
  for (const i of indexes) {
    try {
      const proof = await api.get<{ leafIndex: number; auditPath: string[]; stampPath?: string[] }>(`/v1/integrity/inclusion?position=${positions[i]}&treeSize=${head.treeSize}`);
      const holds = (leaf: Buffer, path: string[] | undefined, root: string) =>
        path !== undefined && verifyInclusion(leafHash(leaf), i, head.treeSize, path.map((h) => Buffer.from(h, 'hex')), Buffer.from(root, 'hex'));
      const stamped = head.stampRoot === undefined || holds(stamps[i], proof.stampPath, head.stampRoot);
      if (proof.leafIndex !== i || !holds(leaves[i], proof.auditPath, head.rootHash) || !stamped) failed.push(positions[i]);
    } catch (error) {
      if (!(error instanceof ServerRefusal)) throw error;
      failed.push(positions[i]);
    }
  }
  return failed.length === 0
    ? [{ ok: true, text: `${indexes.length} inclusion proofs from the server verify against the signed root${head.stampRoot === undefined ? '' : 's'}` }]
    : [{ ok: false, text: `the server's inclusion proofs do not verify for the events at positions ${failed.join(', ')}` }];
}

interface Outcome {
  chain?: Awaited<ReturnType<typeof scanLog>>['report'];
  treeSize?: number;
  root?: string;
  savedCheck?: ReturnType<typeof checkTreeHead>;
  findings: Finding[];
  head?: ServedHead;
}

function report(options: ServerOptions, outcome: Outcome): number {
  const chain = outcome.chain ?? { ok: true, verifiedThroughPosition: null, events: 0, streams: 0 };
  const ok = verdict(chain, outcome.savedCheck, outcome.findings);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok, server: options.server, chain, treeSize: outcome.treeSize ?? 0, rootHash: outcome.root ?? null, treeHead: outcome.savedCheck, serverTreeHead: outcome.head, findings: outcome.findings })}\n`);
  } else {
    process.stdout.write(describeVerification(options.server, chain, outcome.treeSize ?? 0, outcome.root ?? '(none)', outcome.savedCheck, outcome.findings));
  }
  return ok ? VERIFIED : TAMPERED;
}

