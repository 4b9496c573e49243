import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp } from '../../../../../test/support/test-app';
import { loadConfig } from '../../platform/config/load-config';
import type { FromProjectorThread } from './projector-thread.messages';
import { ThreadProjector } from './thread-projector';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quiet = { log: () => undefined, error: () => undefined };

/**
 * The projector thread's work, run here in the test's own thread (the thread itself runs the compiled file: see
 * test/reliability/projector-thread.e2e-spec.ts): it reports progress by generation, and a rebuild switches it.
 */
describe('ThreadProjector', () => {
  it('given a log written by the API, when it projects and then rebuilds, then it reports each generation’s progress and switches once caught up', async () => {
    const writer = await startTestApp({ PROJECTIONS: 'off' });
    const messages: FromProjectorThread[] = [];
    const projector = new ThreadProjector(loadConfig({ DATA_DIR: writer.dataDir, LOG_LEVEL: 'silent' }), (message) => messages.push(message), quiet);
    const reached = async (generation: string | null, position: number) => {
      for (let i = 0; i < 400; i++) {
        if (messages.some((m) => m.type === 'progress' && m.generation === generation && m.position !== null && m.position >= position)) return true;
        await sleep(10);
      }
      return false;
    };
    try {
      const first = await writer.http.post('/v1/people', { personId: 'a', name: 'A' });
      await projector.start(null);
      expect(messages[0]).toMatchObject({ type: 'progress', generation: null });
      expect(await reached(null, first.body.position)).toBe(true);

      // One rebuild at a time: a second asked meanwhile is refused, the first goes on.
      await Promise.all([projector.rebuild('gtest'), projector.rebuild('gother')]);
      expect(messages).toContainEqual({ type: 'rebuild-failed', generation: 'gother', error: 'a rebuild into generation gtest is under way' });
      expect(existsSync(join(writer.dataDir, 'read-models.gother.db'))).toBe(false);
      const switched = messages.findIndex((m) => m.type === 'switched');
      expect(messages[switched]).toEqual({ type: 'switched', generation: 'gtest' });
      // Caught up before it switched, and reported so under the new generation's name.
      expect(messages.slice(0, switched).some((m) => m.type === 'progress' && m.generation === 'gtest' && m.position === first.body.position)).toBe(true);
      expect(existsSync(join(writer.dataDir, 'read-models.gtest.db'))).toBe(true);

      const second = await writer.http.post('/v1/people', { personId: 'b', name: 'B' });
      projector.wake();
      expect(await reached('gtest', second.body.position)).toBe(true);
      expect(messages.slice(switched).some((m) => m.type === 'progress' && m.generation === null)).toBe(false);
    } finally {
      await projector.stop();
      await writer.close();
    }
  }, 30_000);

  it('when it is stopped while it switches to a rebuilt generation, then the switch completes and that generation keeps its files', async () => {
    const writer = await startTestApp({ PROJECTIONS: 'off' });
    const messages: FromProjectorThread[] = [];
    const projector = new ThreadProjector(loadConfig({ DATA_DIR: writer.dataDir, LOG_LEVEL: 'silent' }), (message) => messages.push(message), quiet);
    let stopped: Promise<void> | undefined;
    try {
      await writer.http.post('/v1/people', { personId: 'a', name: 'A' });
      await projector.start(null);
      // The shutdown arrives at the switch's first step: as the runner in force is stopped.
      const inForce = (projector as unknown as { applying: { runner: { stop(): Promise<void> } } }).applying.runner;
      const stopRunner = inForce.stop.bind(inForce);
      inForce.stop = () => {
        stopped ??= projector.stop();
        return stopRunner();
      };
      await projector.rebuild('gswitch');
      await stopped;
      expect(messages).toContainEqual({ type: 'switched', generation: 'gswitch' });
      expect(existsSync(join(writer.dataDir, 'read-models.gswitch.db'))).toBe(true);
    } finally {
      await (stopped ?? projector.stop());
      await writer.close();
    }
  }, 30_000);

  it('when it is stopped during a rebuild, then the unfinished generation’s files are deleted', async () => {
    const writer = await startTestApp({ PROJECTIONS: 'off' });
    const projector = new ThreadProjector(loadConfig({ DATA_DIR: writer.dataDir, LOG_LEVEL: 'silent' }), () => undefined, quiet);
    try {
      await writer.http.post('/v1/people', { personId: 'a', name: 'A' });
      await projector.start(null);
      const rebuilt = projector.rebuild('gcut');
      expect(existsSync(join(writer.dataDir, 'read-models.gcut.db'))).toBe(true);
      await projector.stop();
      await rebuilt;
      expect(readdirSync(writer.dataDir).filter((f) => f.startsWith('read-models.gcut'))).toEqual([]);
      expect(existsSync(join(writer.dataDir, 'read-models.db'))).toBe(true);
    } finally {
      await writer.close();
    }
  }, 30_000);
});
