import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seed } from '../../apps/cli/src/seed/seed';
import { UNIVERSITY } from '../../apps/cli/src/seed/university';
import { BUILT_CLI, ensureBuilt } from '../support/server-process';
import { startTestApp } from '../support/test-app';

const CLI = BUILT_CLI;

/** `cli report --as-of` reads at the point the API's asOfPosition/asOf read at, and refuses what the API refuses. */
describe('cli report --as-of', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when the point is within a command (a follow-up reviewed as relapsed, its finding not yet reopened), then the report counts the whole command as the API does; points the API refuses are refused', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dl-report-as-of-'));
    const app = await startTestApp({ DATA_DIR: dataDir });
    let api: Record<string, unknown>;
    let within: number;
    let head: number;
    try {
      const { lastPosition } = await seed(app.app, UNIVERSITY);
      const events: { position: number; type: string }[] = (await app.http.get('/v1/events?limit=1000')).body.events;
      within = events.find((e, i) => e.type === 'FollowUpReviewed' && events[i + 1]?.type === 'FindingReopened')!.position;
      head = lastPosition;
      api = (await app.http.get(`/v1/units/suhms-committee/figures/2019?at=2019-12-31&asOfPosition=${within}&consistentWith=${lastPosition}`)).body;
    } finally {
      await app.close();
    }
    const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    const report = (asOf: string) => spawnSync(process.execPath, [CLI, 'report', '--unit', 'suhms-committee', '--year', '2019', '--at', '2019-12-31', '--format', 'json', '--as-of', asOf], { env, encoding: 'utf8' });

    const cli = JSON.parse(execFileSync(process.execPath, [CLI, 'report', '--unit', 'suhms-committee', '--year', '2019', '--at', '2019-12-31', '--format', 'json', '--as-of', String(within)], { env, encoding: 'utf8' }));
    const { meta, ...figures } = api;
    expect((meta as { asOfPosition: number }).asOfPosition).toBeGreaterThan(within);
    expect(cli).toEqual({ ...figures, at: '2019-12-31', asOfPosition: (meta as { asOfPosition: number }).asOfPosition });
    expect((cli as { rectification: { relapsed: number } }).rectification.relapsed).toBe(1);

    for (const [asOf, error] of [
      [String(head + 1), `--as-of ${head + 1} is past the head of the log (${head})`],
      ['2019-02-29T00:00:00Z', '--as-of is an ISO instant with a zone (on a day the calendar has), or a position'],
      ['not-a-date', '--as-of is an ISO instant with a zone (on a day the calendar has), or a position'],
      ['2999-01-01T00:00:00Z', '--as-of 2999-01-01T00:00:00Z is in the future'],
    ]) {
      const refused = report(asOf);
      expect({ asOf, status: refused.status, stdout: refused.stdout, stderr: refused.stderr }).toEqual({ asOf, status: 64, stdout: '', stderr: `duty-ledger: ${error}\n` });
    }
  }, 60_000);

  it('when the log is still empty, then --as-of 0 reads the empty record, as the API’s asOfPosition=0 does (no unit yet), and 1 is past the head', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dl-report-as-of-empty-'));
    await (await startTestApp({ DATA_DIR: dataDir })).close();
    const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    const report = (asOf: string) => spawnSync(process.execPath, [CLI, 'report', '--unit', 'c', '--year', '2019', '--format', 'json', '--as-of', asOf], { env, encoding: 'utf8' });
    const atZero = report('0');
    expect({ status: atZero.status, stdout: atZero.stdout, stderr: atZero.stderr }).toEqual({ status: 1, stdout: '', stderr: 'duty-ledger: unit c does not exist at that point\n' });
    const pastHead = report('1');
    expect({ status: pastHead.status, stderr: pastHead.stderr }).toEqual({ status: 64, stderr: 'duty-ledger: --as-of 1 is past the head of the log (empty)\n' });
  }, 60_000);
});
