import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitmentOf } from '@duty-ledger/event-store/confidential';
import { BUILT_CLI, ensureBuilt } from '../support/server-process';
import { startTestApp } from '../support/test-app';
import { seedFuzzLedger } from './fuzz-ledger';

const RATIONALE = 'confidential reasons of the replayed case';

/**
 * `cli replay --out` exports every read model as JSON lines: an export like `export trail`, whose rationales are
 * commitments unless `--reveal` says the reader is the discipline committee (API.md: exports). The folder it makes is
 * its user's alone: the store it builds there keeps rationales in plain, as DATA_DIR does.
 */
describe('cli replay: confidential fields in the export', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dl-replay-secret-'));
  const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  let salt: string;

  beforeAll(async () => {
    ensureBuilt(BUILT_CLI);
    const t = await startTestApp({ DATA_DIR: dataDir });
    try {
      await seedFuzzLedger(t);
      const decided = await t.http.post('/v1/accountability', { caseId: 'k-secret', findingIds: ['f'], subjectPersonId: 'p', role: 'direct', form: 1, measure: 'criticism', decidedByUnitId: 'c', decidedOn: '2020-09-02', rationale: RATIONALE, dutyIds: ['d'] }, { role: 'discipline' });
      expect(decided.status).toBe(201);
      const stream = await t.http.get('/v1/streams/case-k-secret', { role: 'discipline' });
      salt = stream.body.events[0].data.rationale.salt;
    } finally {
      await t.close();
    }
  }, 120_000);

  const replay = (...extra: string[]) => {
    const out = join(mkdtempSync(join(tmpdir(), 'dl-replay-secret-out-')), 'export');
    execFileSync(process.execPath, [BUILT_CLI, 'replay', '--until', '1000000', ...extra, '--out', out], { env, encoding: 'utf8', stdio: 'pipe' });
    const cases = readFileSync(join(out, 'cases.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string; doc: Record<string, unknown> });
    return { out, text: readdirSync(out).filter((f) => f.endsWith('.jsonl')).map((f) => readFileSync(join(out, f), 'utf8')).join('\n'), secret: cases.find((c) => c.id === 'k-secret')!.doc };
  };

  it('when replayed without --reveal, then the cases carry each rationale as its commitment, and neither the rationale nor its salt is in any file of JSON lines', () => {
    const { text, secret } = replay();
    expect(secret.rationale).toEqual({ commitment: commitmentOf(RATIONALE, salt) });
    expect(secret).not.toHaveProperty('rationaleSalt');
    expect(text).not.toContain(RATIONALE);
    expect(text).not.toContain(salt);
  });

  it('when replayed with --reveal, then the cases carry value, salt and commitment', () => {
    expect(replay('--reveal').secret.rationale).toEqual({ value: RATIONALE, salt, commitment: commitmentOf(RATIONALE, salt) });
  });

  it('when the folder is made by the replay, then it and its files are its user’s alone', () => {
    const { out } = replay();
    expect((statSync(out).mode & 0o777).toString(8)).toBe('700');
    for (const file of readdirSync(out).filter((f) => f.endsWith('.jsonl'))) expect([file, (statSync(join(out, file)).mode & 0o777).toString(8)]).toEqual([file, '600']);
  });
});
