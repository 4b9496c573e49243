import { InvalidArgumentError, type Command } from 'commander';
import { BusinessDay } from '@duty-ledger/application/reads/business-day';
import { systemClock } from '@duty-ledger/application/reads/clock';
import { readAccountabilityTrail, type AccountabilityTrail } from '@duty-ledger/read-models/accountability/accountability.query';
import { loadConfig } from '../../../api/src/platform/config/load-config';
import { requireEventLog } from '../event-log';
import { makeEventStore, readStoreInForce } from '../../../api/src/platform/stores/stores.module';
import { asOfPoint, businessDate } from '../read-point';
import { readModelsAtHead } from '../read-models-at-head';
import { existingSigningKey } from '../../../api/src/integrity/signing-key';
import { TreeHeadSigner } from '../../../api/src/integrity/tree-head-signer';
import { proofsFor, signedProofs } from './trail-proofs';
import { renderTrailMarkdown } from './trail.render';
import type { Names } from '@duty-ledger/read-models/audit-trail/audit-summary';
import { namesOf } from '@duty-ledger/read-models/people/people.query';
import { UNITS } from '@duty-ledger/read-models/units/units.projection';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import { nameOn, type UnitState } from '@duty-ledger/domain/unit/unit.decider';

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
        const key = existingSigningKey(config.integritySigningKeyFile, config.dataDir);
        const cited = await proofsFor(events, [`finding-${options.finding}`, ...trail.decisions.map((d) => `case-${d.caseId}`)], until);
        const proofs = signedProofs(cited, key && new TreeHeadSigner(key), systemClock.now());
        if (!proofs.treeHead) process.stderr.write('duty-ledger: no integrity signing key here (INTEGRITY_SIGNING_KEY_FILE, DATA_DIR/integrity-key.pem): the proofs lead to a root no signature ties to the ledger\n');
        const document = { asOfPosition: until, at, trail, proofs };
        if (options.format === 'json') process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
        else if (options.format === 'csv') process.stdout.write(coverageCsv(trail));
        else process.stdout.write(renderTrailMarkdown(trail, proofs, until, at, await trailNames(reads, trail, until)));
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

/** Names of the units and people a trail cites, as recorded at `until`: the document shows names, the data keeps ids. */
async function trailNames(reads: ReadStore, trail: AccountabilityTrail, until: number): Promise<Names> {
  const f = trail.finding;
  const unitIds = [f.raisedByUnitId, f.subjectUnitId, ...trail.decisions.flatMap((d) => [d.decidedByUnitId, d.subjectUnitId ?? '']), ...trail.coverage.map((r) => r.unitId ?? '')].filter(Boolean);
  const personIds = [f.subjectPersonId ?? '', ...f.timeline.map((s) => (s.type === 'RectificationPlanned' ? s.responsiblePersonId : '')), ...trail.decisions.map((d) => d.subjectPersonId ?? ''), ...trail.coverage.map((r) => r.personId ?? '')].filter(Boolean);
  const [units, people] = await Promise.all([reads.getMany<UnitState>(UNITS, [...new Set(unitIds)], { asOfPosition: until }), namesOf(reads, personIds, { asOfPosition: until })]);
  return {
    unit: (unitId, on = '9999-12-31') => {
      const unit = units.get(String(unitId))?.doc;
      return (unit?.exists && nameOn(unit, on)) || String(unitId);
    },
    unitKind: (unitId) => {
      const unit = units.get(String(unitId))?.doc;
      return unit?.exists ? unit.kind : undefined;
    },
    person: (personId) => people.get(String(personId)) ?? String(personId),
    duty: (dutyId) => String(dutyId),
  };
}
