import { Logger } from '@nestjs/common';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { loadConfig } from '../../platform/config/load-config';
import { ProjectorThread } from './projector-thread';

/**
 * A stand-in for the built thread: it counts its starts in DATA_DIR, reports position 5 of the generation it was given
 * on its first start and 7 after, and ends with exit code 3 when asked to rebuild `gdead` — a thread that dies;
 * rebuilt into `gnew`, it reports 9, switches, and reports 11 at once; any other rebuild it leaves under way.
 */
const STAND_IN = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const file = workerData.config.dataDir + '/starts';
const starts = (fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : 0) + 1;
fs.writeFileSync(file, String(starts));
parentPort.postMessage({ type: 'progress', generation: workerData.generation, position: starts === 1 ? 5 : 7 });
parentPort.on('message', (message) => {
  if (message.type === 'rebuild' && message.generation === 'gdead') process.exit(3);
  if (message.type === 'rebuild' && message.generation === 'gnew') {
    parentPort.postMessage({ type: 'progress', generation: 'gnew', position: 9 });
    parentPort.postMessage({ type: 'switched', generation: 'gnew' });
    parentPort.postMessage({ type: 'progress', generation: 'gnew', position: 11 });
  }
  if (message.type === 'stop') parentPort.close();
});
`;

/** A data directory of its own with the stand-in written in it. */
function standIn(): { dataDir: string; entry: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'dl-thread-host-'));
  const entry = join(dataDir, 'stand-in.js');
  writeFileSync(entry, STAND_IN);
  return { dataDir, entry };
}

describe('ProjectorThread', () => {
  // Its restart is logged as an error: expected here (each test file has its own Logger).
  beforeAll(() => Logger.overrideLogger(false));

  it('when the thread ends unasked during a rebuild, then the rebuild is failed, a new thread is started, and waiters are answered from it', async () => {
    const { dataDir, entry } = standIn();
    const failed = jest.fn();
    const thread = new ProjectorThread(loadConfig({ DATA_DIR: dataDir }), {} as EventStore, undefined, { switched: jest.fn(), failed }, entry);
    try {
      await thread.start();
      expect(await thread.projectedPosition()).toBe(5);
      expect(await thread.waitFor(5, 10)).toBe(true);
      const seven = thread.waitFor(7, 10_000);
      thread.rebuild('gdead');
      expect(await seven).toBe(true);
      expect(failed).toHaveBeenCalledWith('gdead', 'the projector thread ended');
      expect(thread.rebuildPosition('gdead')).toBeNull();
      expect(await thread.projectedPosition()).toBe(7);
    } finally {
      await thread.stop();
    }
  }, 20_000);

  it('when told to follow a generation another process put in force, then the thread is started again on it and a rebuild under way is failed', async () => {
    const { dataDir, entry } = standIn();
    const failed = jest.fn();
    const thread = new ProjectorThread(loadConfig({ DATA_DIR: dataDir }), {} as EventStore, 'gbefore', { switched: jest.fn(), failed }, entry);
    try {
      await thread.start();
      expect(await thread.projectedPosition()).toBe(5);
      thread.rebuild('gslow');
      const seven = thread.waitFor(7, 10_000);

      await thread.follow('gnext'); // resolves once the new thread reported for gnext (the stand-in reports what it was given)
      expect(failed).toHaveBeenCalledWith('gslow', 'the projector thread moved to generation gnext, put in force by another process');
      expect(await seven).toBe(true);
      expect(await thread.projectedPosition()).toBe(7);
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // past the delay after which an unasked exit starts a thread again
      expect(readFileSync(join(dataDir, 'starts'), 'utf8')).toBe('2'); // ended and started once, not again for its exit
    } finally {
      await thread.stop();
    }
  }, 20_000);

  it('when the thread switches to a rebuilt generation, then waiters are answered from it only once the API has put the readers on it', async () => {
    const { dataDir, entry } = standIn();
    let readersMoved!: () => void;
    const switched = jest.fn(() => new Promise<void>((resolve) => (readersMoved = resolve)));
    const thread = new ProjectorThread(loadConfig({ DATA_DIR: dataDir }), {} as EventStore, undefined, { switched, failed: jest.fn() }, entry);
    try {
      await thread.start();
      const eleven = thread.waitFor(11, 10_000);
      let answered = false;
      void eleven.then(() => (answered = true));
      thread.rebuild('gnew');
      while (switched.mock.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 100)); // the progress after the switch has arrived meanwhile
      expect(answered).toBe(false);
      expect(await thread.projectedPosition()).toBe(5);

      readersMoved();
      expect(await eleven).toBe(true);
      expect(await thread.projectedPosition()).toBe(11);
    } finally {
      await thread.stop();
    }
  }, 20_000);

  it('when the thread ends before it reports, then start fails instead of waiting for ever', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dl-thread-host-'));
    const entry = join(dataDir, 'quits.js');
    writeFileSync(entry, 'process.exit(2);\n');
    const thread = new ProjectorThread(loadConfig({ DATA_DIR: dataDir }), {} as EventStore, undefined, { switched: jest.fn(), failed: jest.fn() }, entry);
    await expect(thread.start()).rejects.toThrow('the projector thread ended (exit code 2) before it told where the read models stand');
  });

  it('when the thread script is missing, then start refuses with what to do', async () => {
    const thread = new ProjectorThread(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'dl-thread-host-')) }), {} as EventStore, undefined, { switched: jest.fn(), failed: jest.fn() }, '/nowhere/projector-thread.worker.js');
    await expect(thread.start()).rejects.toThrow('run `npm run build`, or set PROJECTIONS=inline');
  });
});
