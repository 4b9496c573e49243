import { InvalidArgumentError, type Command } from 'commander';
import { BusinessDay } from '@duty-ledger/application/reads/business-day';
import { systemClock } from '@duty-ledger/application/reads/clock';
import { readAccountabilityTrail, type AccountabilityTrail } from '@duty-ledger/read-models/accountability/accountability.query';
import { loadConfig } from '../../../api/src/platform/config/load-config';
import { requireEventLog } from '../event-log';
import { makeEventStore, readStoreInForce } from '../../../api/src/platform/stores/stores.module';
import { asOfPoint, businessDate } from '../read-point';
import { readModelsAtHead } from '../read-models-at-head';
import { proofsFor, type TrailProofs } from './trail-proofs';

/** `export trail --finding`: the accountability trail a committee files, with a proof of inclusion for every event it cites. */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('documents to file')
    .command('trail')
    .description("a finding's accountability trail as of a point, with RFC 9162 inclusion proofs of every event it cites")
    .requiredOption('--finding <findingId>', 'the finding')
    .option('--as-of <instant|position>', 'as the record stood then (default: now)')
    .option('--at <date>', 'business date (default: today)', businessDate)
    .option('--format <format>', 'json, csv or md', 'json')
    .option('--reveal', 'print accountability rationales in plain (for the discipline committee); otherwise only their commitments')
    .action(async (options: { finding: string; asOf?: string; at?: string; format: string; reveal?: boolean }) => {
      if (!['json', 'csv', 'md'].includes(options.format)) throw new InvalidArgumentError('--format is json, csv or md');
      const config = loadConfig();
      requireEventLog(config);
      const events = makeEventStore(config);
      const { store: reads } = await readStoreInForce(config);
      try {
        const head = await readModelsAtHead(events, reads);
        const until = await asOfPoint(events, options.asOf, head);
        const at = new BusinessDay(systemClock, config.timeZone).or(options.at);
        const trail = await readAccountabilityTrail(reads, options.finding, { asOfPosition: until, at }, { canReadConfidential: options.reveal === true });
        if (!trail) {
          process.stderr.write(`duty-ledger: finding ${options.finding} does not exist at that point\n`);
          process.exitCode = 1;
          return;
        }
        const proofs = await proofsFor(events, [`finding-${options.finding}`, ...trail.decisions.map((d) => `case-${d.caseId}`)], until);
        const document = { asOfPosition: until, at, trail, proofs };
        if (options.format === 'json') process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
        else if (options.format === 'csv') process.stdout.write(coverageCsv(trail));
        else process.stdout.write(markdown(trail, proofs, until, at));
      } finally {
        await events.close();
        await reads.close();
      }
    });
}

function coverageCsv(trail: AccountabilityTrail): string {
  const rows = trail.coverage.map((r) => [r.personId ?? '', r.unitId ?? '', r.post ?? '', r.vacant ? 'vacant' : '', r.role, r.duties.map((d) => `${d.dutyId}:${d.kind}`).join(' '), r.heldAccountable, r.caseIds.join(' ')]);
  return [['personId', 'unitId', 'post', 'vacant', 'role', 'duties', 'heldAccountable', 'caseIds'], ...rows].map((r) => r.join(',')).join('\n') + '\n';
}

function markdown(trail: AccountabilityTrail, proofs: TrailProofs, until: number, at: string): string {
  const f = trail.finding;
  return [
    `# 问责追溯 — ${f.findingId}`,
    '',
    `记录截至位置 ${until}；业务日期 ${at}；问题发生于 ${f.occurredOn}；状态 ${f.status}`,
    '',
    `> ${f.description}`,
    '',
    '## 整改过程 (rectification)',
    ...f.timeline.map((s) => `- ${JSON.stringify(s)}`),
    '',
    '## 问责决定 (decisions)',
    ...trail.decisions.map((d) => `- ${d.caseId}: ${d.role} · form ${d.form} · ${d.measure} · ${d.decidedOn}${d.revoked ? ` · revoked ${d.revoked.revokedOn}` : ''}`),
    '',
    '## 一案双查 (coverage)',
    '| person | unit | post | role | held accountable | cases |',
    '|---|---|---|---|---|---|',
    ...trail.coverage.map((r) => `| ${r.personId ?? ''} | ${r.unitId ?? ''} | ${r.post ?? ''}${r.vacant ? ' (vacant)' : ''} | ${r.role} | ${r.heldAccountable ? 'yes' : 'no'} | ${r.caseIds.join(' ')} |`),
    '',
    '## 存证 (proofs, RFC 9162)',
    `tree size ${proofs.treeSize}; root ${proofs.rootHash}; hash chains ${proofs.chainOk ? 'verified' : 'BROKEN'}`,
    ...proofs.events.map((e) => `- position ${e.position} ${e.streamId}@${e.revision} ${e.type}: leaf ${e.leafIndex}, event hash ${e.eventHash}, audit path ${e.auditPath.join(' ')}`),
    '',
  ].join('\n');
}
