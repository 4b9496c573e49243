import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '@duty-ledger/read-models/projections';
import { seed } from '../../apps/cli/src/seed/seed';
import { UNIVERSITY } from '../../apps/cli/src/seed/university';
import { checkpoints, freshRebuild, projectToHead, startProjector, versions } from '../support/read-model-files';
import { ensureBuilt } from '../support/server-process';
import { startTestApp } from '../support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The projector as its own process is killed -9 in the middle of catching up; restarted, it converges to exactly the
 * read models a fresh rebuild produces — no lost and no duplicate versions.
 */
describe('projector crash', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('when the projector is killed -9 mid-way and restarted, then the read models equal a fresh rebuild', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dl-projector-crash-'));
    const writer = await startTestApp({ DATA_DIR: dataDir, PROJECTIONS: 'off' });
    let head: number;
    try {
      await seed(writer.app, UNIVERSITY);
      for (let round = 0; round < 40; round++)
        await Promise.all(Array.from({ length: 50 }, (_, i) => writer.http.post('/v1/people', { personId: `p-${round}-${i}`, name: `Person ${round}.${i}` })));
      head = (await writer.http.get('/v1/events?fromPosition=0&limit=1')).body.meta.asOfPosition;
    } finally {
      await writer.close();
    }
    const projections = ALL_PROJECTIONS.length;
    // Every projection of a batch commits together: small batches, so there is a "mid-way" to be killed in.
    const first = startProjector(dataDir, { PROJECTION_BATCH_SIZE: '100' });
    let killedMidway = false;
    try {
      for (let i = 0; i < 2000 && !killedMidway; i++) {
        const done = checkpoints(dataDir);
        if (done.some((p) => p > 0) && !(done.length === projections && done.every((p) => p >= head))) {
          first.child.kill('SIGKILL');
          killedMidway = true;
        } else await sleep(2);
      }
    } finally {
      first.child.kill('SIGKILL');
      await first.exited;
    }
    expect(killedMidway).toBe(true);

    await projectToHead(dataDir, head);
    const recovered = versions(dataDir);
    expect(recovered.length).toBeGreaterThan(2000);
    expect(recovered).toEqual(await freshRebuild(dataDir, head));
  }, 120_000);
});
