import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leafHash, verifyInclusion } from '@duty-ledger/event-store/integrity/merkle';
import { stampOf } from '@duty-ledger/event-store/integrity/stamps';
import { seed } from '../../apps/cli/src/seed/seed';
import { UNIVERSITY } from '../../apps/cli/src/seed/university';
import { signatureHolds } from '../../apps/api/src/integrity/tree-head-signer';
import { BUILT_CLI, ensureBuilt } from '../support/server-process';
import { startTestApp } from '../support/test-app';
import { zoneOffUtc } from '../support/zone-off-utc';

const CLI = BUILT_CLI;

/** `cli export trail`: the trail the API answers, with an inclusion proof of every cited event against the signed tree head. */
describe('cli export trail', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when a trail is exported, then it equals the API’s, and every cited event is proven included in the log the server signed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dl-export-'));
    const t = await startTestApp({ DATA_DIR: dataDir });
    let api: any;
    let head: any;
    try {
      await seed(t.app, UNIVERSITY);
      head = (await t.http.get('/v1/integrity/tree-head', { role: 'inspector' })).body;
      const at = head.lastPosition;
      api = (await t.http.get(`/v1/findings/f-2019-procurement/accountability-trail?at=2020-06-30&asOfPosition=${at}&consistentWith=${at}`, { role: 'discipline' })).body;
    } finally {
      await t.close();
    }
    const run = (...args: string[]) =>
      execFileSync(process.execPath, [CLI, 'export', 'trail', '--finding', 'f-2019-procurement', '--at', '2020-06-30', '--as-of', String(api.meta.asOfPosition), ...args], {
        env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      });
    const exported = JSON.parse(run('--reveal'));
    const { meta: _meta, ...trail } = api;
    expect(exported.trail).toEqual(trail);
    expect(head.stampRoot).toMatch(/^[0-9a-f]{64}$/);
    expect(exported.proofs).toMatchObject({ treeSize: head.treeSize, rootHash: head.rootHash, stampRoot: head.stampRoot, lastPosition: head.lastPosition, lastRecordedAt: head.lastRecordedAt, chainOk: true });
    // The pack carries its own head, signed with the ledger's key: the server's publicKey, and the same fields.
    expect(exported.proofs.treeHead).toMatchObject({ treeSize: head.treeSize, rootHash: head.rootHash, stampRoot: head.stampRoot, lastPosition: head.lastPosition, lastRecordedAt: head.lastRecordedAt, publicKey: head.publicKey });
    expect(signatureHolds(exported.proofs.treeHead)).toBe(true);
    const types = exported.proofs.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['FindingRaised', 'FindingReopened', 'AccountabilityApplied']));
    for (const e of exported.proofs.events)
      expect(verifyInclusion(leafHash(Buffer.from(e.eventHash, 'hex')), e.leafIndex, exported.proofs.treeSize, e.auditPath.map((h: string) => Buffer.from(h, 'hex')), Buffer.from(head.rootHash, 'hex'))).toBe(true);
    // And when each was recorded, under its id and position: its stamp is a leaf of the stamp tree the head signed.
    const stampPath = (e: { stampPath: string[] }) => e.stampPath.map((h) => Buffer.from(h, 'hex'));
    for (const e of exported.proofs.events) {
      const stamp = stampOf({ eventId: e.eventId, position: e.position, recordedAt: e.recordedAt, metadata: { hash: e.eventHash } as never });
      expect(verifyInclusion(leafHash(stamp), e.leafIndex, exported.proofs.treeSize, stampPath(e), Buffer.from(head.stampRoot, 'hex'))).toBe(true);
      const retimed = stampOf({ eventId: e.eventId, position: e.position, recordedAt: '2019-01-01T00:00:00.000Z', metadata: { hash: e.eventHash } as never });
      expect(verifyInclusion(leafHash(retimed), e.leafIndex, exported.proofs.treeSize, stampPath(e), Buffer.from(head.stampRoot, 'hex'))).toBe(false);
    }

    const committed = JSON.parse(run());
    expect(JSON.stringify(committed)).not.toContain('整改后问题反弹，负直接责任');
    expect(run('--format', 'md')).toContain('| 陈明 | 中共上海健康医学院委员会 | 委员 | 领导责任 | 一岗双责 | 是 | k-2019-chen |');
    expect(run('--format', 'csv').split('\n')[0]).toBe('personId,unitId,post,vacant,role,duties,heldAccountable,caseIds');

    // Without --at, the business date is today in TIME_ZONE, as the API reckons it, not UTC's.
    const { timeZone, today } = zoneOffUtc();
    const undated = execFileSync(process.execPath, [CLI, 'export', 'trail', '--finding', 'f-2019-procurement'], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', TIME_ZONE: timeZone }, encoding: 'utf8' });
    expect(JSON.parse(undated).at).toBe(today);

    // Where this machine holds no signing key, no head is signed (none is made): the document and stderr say so.
    rmSync(join(dataDir, 'integrity-key.pem'));
    const keyless = spawnSync(process.execPath, [CLI, 'export', 'trail', '--finding', 'f-2019-procurement'], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    expect(keyless.status).toBe(0);
    expect(JSON.parse(keyless.stdout).proofs.treeHead).toBeUndefined();
    expect(keyless.stderr).toContain('no integrity signing key here');
    expect(existsSync(join(dataDir, 'integrity-key.pem'))).toBe(false);
  }, 60_000);
});
