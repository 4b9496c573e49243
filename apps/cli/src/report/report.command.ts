import { InvalidArgumentError, type Command } from 'commander';
import { lastDayOf, minDate } from '@duty-ledger/domain/shared/dates';
import { BusinessDay } from '@duty-ledger/application/reads/business-day';
import { systemClock } from '@duty-ledger/application/reads/clock';
import { readFigures, subtreeAt } from '@duty-ledger/read-models/figures/figures.query';
import { nameOn } from '@duty-ledger/domain/unit/unit.decider';
import { loadConfig } from '../../../api/src/platform/config/load-config';
import { requireEventLog } from '../event-log';
import { makeEventStore, readStoreInForce } from '../../../api/src/platform/stores/stores.module';
import { asOfPoint, businessDate } from '../read-point';
import { readModelsAtHead } from '../read-models-at-head';
import { renderCsv, renderMarkdown, type Lang, type ReportUnit } from './report.render';

const year = (value: string) => {
  if (!/^(19|2\d)\d\d$/.test(value)) throw new InvalidArgumentError('a year from 1900 to 2999');
  return Number(value);
};

/** `report --unit --year`: the figures a committee reports upward (请示报告), as Markdown (Chinese by default), CSV or JSON. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('the figures a committee reports upward for a unit and its subtree, for one year')
    .requiredOption('--unit <unitId>', 'the unit (its whole subtree is counted)')
    .requiredOption('--year <year>', 'the year', year)
    .option('--as-of <instant|position>', 'as the record stood then (an ISO instant or a log position)')
    .option('--at <date>', "business date to count up to (default: the year's last day, or today if earlier)", businessDate)
    .option('--format <format>', 'md, csv or json', 'md')
    .option('--lang <lang>', 'zh or en (md only)', 'zh')
    .action(async (options: { unit: string; year: number; asOf?: string; at?: string; format: string; lang: string }) => {
      if (!['md', 'csv', 'json'].includes(options.format)) throw new InvalidArgumentError('--format is md, csv or json');
      if (!['zh', 'en'].includes(options.lang)) throw new InvalidArgumentError('--lang is zh or en');
      const config = loadConfig();
      requireEventLog(config);
      const events = makeEventStore(config);
      const { store: reads } = await readStoreInForce(config);
      try {
        const head = await readModelsAtHead(events, reads);
        const position = await asOfPoint(events, options.asOf, head);
        const at = options.at ?? minDate(lastDayOf(options.year), new BusinessDay(systemClock, config.timeZone).today());
        const figures = await readFigures(reads, options.unit, options.year, { asOfPosition: position, at });
        if (!figures) {
          process.stderr.write(`duty-ledger: unit ${options.unit} does not exist at that point\n`);
          process.exitCode = 1;
          return;
        }
        if (options.format === 'json') process.stdout.write(`${JSON.stringify({ ...figures, at, asOfPosition: position }, null, 2)}\n`);
        else if (options.format === 'csv') process.stdout.write(renderCsv(figures));
        else process.stdout.write(renderMarkdown(figures, await unitTree(options.unit, { asOfPosition: position, at }, reads), options.lang as Lang, at, position));
      } finally {
        await events.close();
        await reads.close();
      }
    });
}

/** The subtree with names on `at`, depth-first, for the document's list of units. */
async function unitTree(unitId: string, read: { asOfPosition: number; at: string }, reads: Parameters<typeof subtreeAt>[0]): Promise<ReportUnit[]> {
  const units = await subtreeAt(reads, unitId, read);
  const parentOf = (id: string) => {
    const u = units.find((x) => x.unitId === id)!;
    return [...u.parents].reverse().find((p) => p.from <= read.at)?.parentUnitId;
  };
  const out: ReportUnit[] = [];
  const visit = (id: string, depth: number) => {
    const u = units.find((x) => x.unitId === id)!;
    out.push({ unitId: id, name: nameOn(u, read.at) ?? id, kind: u.kind, depth });
    for (const child of units.filter((c) => c.unitId !== unitId && parentOf(c.unitId) === id).sort((a, b) => (a.unitId < b.unitId ? -1 : 1))) visit(child.unitId, depth + 1);
  };
  visit(unitId, 0);
  return out;
}
