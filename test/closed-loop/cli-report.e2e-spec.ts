import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seed } from '../../apps/cli/src/seed/seed';
import { UNIVERSITY } from '../../apps/cli/src/seed/university';
import { BUILT_CLI, ensureBuilt } from '../support/server-process';
import { startTestApp } from '../support/test-app';
import { zoneOffUtc } from '../support/zone-off-utc';

const CLI = BUILT_CLI;

/** `cli report` on a data directory reproduces exactly the figures the API answers for the same point. */
describe('cli report', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when the CLI reports a seeded data directory, then its figures equal the API’s, and the Markdown is Chinese by default', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dl-report-'));
    const app = await startTestApp({ DATA_DIR: dataDir });
    let api: Record<string, unknown>;
    try {
      const { lastPosition } = await seed(app.app, UNIVERSITY);
      api = (await app.http.get(`/v1/units/suhms-committee/figures/2019?at=2020-06-30&consistentWith=${lastPosition}`)).body;
    } finally {
      await app.close();
    }
    const run = (...args: string[]) => execFileSync(process.execPath, [CLI, 'report', '--unit', 'suhms-committee', '--year', '2019', '--at', '2020-06-30', ...args], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    const cli = JSON.parse(run('--format', 'json'));
    const { meta: _meta, ...figures } = api;
    expect(cli).toEqual({ ...figures, at: '2020-06-30', asOfPosition: (api.meta as { asOfPosition: number }).asOfPosition });
    const md = run();
    expect(md).toContain('# 中共上海健康医学院委员会关于2019年度全面从严治党责任落实情况的报告');
    expect(md).toContain('问责总数：3；第一种形态占比：66.7%；直接责任：1；领导责任：2');
    expect(run('--format', 'csv')).toContain('accountability.byForm,1,2');
  }, 60_000);

  it('when no --at is given, then the report counts up to today in TIME_ZONE, as the API does, not in UTC', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dl-report-zone-'));
    const app = await startTestApp({ DATA_DIR: dataDir });
    try {
      expect((await app.http.post('/v1/units', { unitId: 'zone-c', name: '党委', kind: 'party-committee', effectiveFrom: '2019-01-01' })).status).toBe(201);
    } finally {
      await app.close();
    }
    const { timeZone, today } = zoneOffUtc();
    const year = today.slice(0, 4);
    const cli = execFileSync(process.execPath, [CLI, 'report', '--unit', 'zone-c', '--year', year, '--format', 'json'], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', TIME_ZONE: timeZone }, encoding: 'utf8' });
    expect(JSON.parse(cli).at).toBe(today);
  }, 60_000);
});
