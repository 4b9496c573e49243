import type { ChainReport } from '@duty-ledger/event-store/integrity/chain-verifier';
import { rootHash } from '@duty-ledger/event-store/integrity/merkle';
import { keysYouTrust, pinMismatch, stampMismatch, type latestSignedHead, type SignedHeadsCheck, type StampedLog } from '../../../api/src/integrity/log-checks';
import type { TreeHeadCheck } from './tree-head-check';

/** One more thing checked (a server's signed head, its proofs): what, and whether it held. */
export interface Finding {
  ok: boolean;
  text: string;
}

/** Exit codes of `verify`, for scripts. */
export const VERIFIED = 0;
export const TAMPERED = 1;
export const UNUSABLE = 2;

/** What `verify` found, for a person: the log, its chains, then each tree head and finding. */
export function describeVerification(source: string, report: ChainReport, treeSize: number, root: string, head: TreeHeadCheck | undefined, findings: readonly Finding[] = []): string {
  const lines = [`log: ${source} — ${report.events} events in ${report.streams} streams; Merkle root ${root} (tree size ${treeSize})`];
  if (report.ok) lines.push(`chain: ok, verified through position ${report.verifiedThroughPosition ?? '(empty log)'}`);
  else {
    const b = report.brokenAt!;
    lines.push(`chain: TAMPERED at stream ${b.streamId} revision ${b.revision} position ${b.position} (${b.reason})`, `  ${b.detail}`);
    if (b.expected !== undefined) lines.push(`  expected ${String(b.expected)}`, `  found    ${String(b.found)}`);
    lines.push(`  verified through position ${report.verifiedThroughPosition ?? '(none)'}`);
  }
  if (head) {
    const signature = head.signature === 'absent' ? 'unsigned' : `signature ${head.signature}${head.publicKey ? ` (key ${head.publicKey})` : ''}`;
    lines.push(`saved tree head: size ${head.treeSize}, root ${head.rootHash}, ${signature}`);
    if (head.signature === 'invalid') lines.push('  TAMPERED: the saved tree head does not verify with its key — the file was altered');
    if (head.consistent) lines.push(`  ok: the log (${treeSize} events) extends it; consistency proof of ${head.proofLength ?? 0} hashes verified`);
    else lines.push(`  TAMPERED: ${head.problem ?? 'inconsistent'}`);
  }
  lines.push(...findings.map((f) => `${f.ok ? 'ok' : 'TAMPERED'}: ${f.text}`));
  lines.push(verdict(report, head, findings) ? 'verified' : 'TAMPERING FOUND');
  return `${lines.join('\n')}\n`;
}

/** True when nothing was found: chains whole, the saved head (if any) signed and extended, no other finding. */
export function verdict(report: ChainReport, head: TreeHeadCheck | undefined, findings: readonly Finding[] = []): boolean {
  return report.ok && (!head || (head.consistent && head.signature !== 'invalid')) && findings.every((f) => f.ok);
}

/** Every head the server signed, as one finding: the pins all hold, or the first that does not. */
export function describeSignedHeads(check: SignedHeadsCheck): Finding {
  const m = check.firstMismatch;
  if (m) return { ok: false, text: `the tree head the server signed at size ${m.treeSize} (last position ${m.lastPosition}): ${m.detail}` };
  if (check.heads === 0) return { ok: true, text: 'the server has signed no tree head yet' };
  const keys = check.keys.length === 1 ? `key ${check.keys[0]}` : `${check.keys.length} keys in turn (${check.keys.join(', ')})`;
  return {
    ok: true,
    text:
      `the ${check.heads} tree heads the server signed verify with ${keys} and end where the log's events are (${check.pinningRecordTime} of them pinning that event's record time too, ` +
      `${check.pinningIdleThrough} the instant until which the log recorded nothing after it, ${check.pinningStamps} every event's id, position and record time)`,
  };
}

/** The latest head the server signed, as found in its Merkle log (or listed by it), checked against the log here. */
export type StoredHeadCheck = NonNullable<ReturnType<typeof latestSignedHead>>;

/**
 * The latest head the server signed against the log read here: its signature, its key, its two roots and its pins. The
 * heads before it are checked on their pins (`describeSignedHeads`); their roots are prefixes of its.
 */
export function describeLatestSignedHead(head: StoredHeadCheck, leaves: readonly Buffer[], log: StampedLog, trusted: readonly string[] | undefined): Finding[] {
  const findings: Finding[] = [];
  const named = `the latest tree head the server signed (size ${head.treeSize}, root ${head.rootHash}, signed at ${head.signedAt})`;
  if (!head.signatureHolds) findings.push({ ok: false, text: `${named} does not verify with its key (${head.publicKey}): the Merkle log was altered` });
  if (trusted !== undefined && !trusted.includes(head.publicKey)) findings.push({ ok: false, text: `${named} is signed by key ${head.publicKey}, not ${keysYouTrust(trusted)}` });
  if (head.matchesLog) {
    findings.push({ ok: true, text: `${named} is the root of the log's first ${head.treeSize} events${head.stampRoot === undefined ? '' : ', and its stamp root of their stamps'}` });
    return findings;
  }
  const text =
    head.treeSize > leaves.length
      ? `${named}: the log holds only ${leaves.length} events — events were removed`
      : rootHash(leaves, head.treeSize).toString('hex') === head.rootHash
        ? `${named}: ${pinMismatch(head, log) ?? stampMismatch(head, log.stamps) ?? 'it no longer matches the log'}`
        : `${named}: the log's first ${head.treeSize} events (through position ${log.positions[head.treeSize - 1]}) no longer hash to it — an event it covers was altered, removed, inserted or moved`;
  findings.push({ ok: false, text });
  return findings;
}
