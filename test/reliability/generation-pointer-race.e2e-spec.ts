import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../support/server-process';

const POINTER_MODULE = join(__dirname, '..', '..', 'dist', 'apps', 'api', 'src', 'platform', 'stores', 'file.generation-pointer.js');
const WRITERS = 3;
const SWITCHES = 150;

/**
 * A process that puts generations in force one after another, their ages interleaved with the other writers' (writer
 * w's k-th is 1 + k·WRITERS + w milliseconds old), so the writers keep overtaking each other.
 */
function writer(dataDir: string, w: number): Promise<number | null> {
  const script = `
    const { FileGenerationPointer } = require(${JSON.stringify(POINTER_MODULE)});
    (async () => {
      const pointer = new FileGenerationPointer(${JSON.stringify(dataDir)});
      for (let k = 0; k < ${SWITCHES}; k++) await pointer.putInForce('g' + (1 + k * ${WRITERS} + ${w}).toString(36));
    })().catch((error) => { console.error(error); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve) => child.on('exit', resolve));
}

/**
 * The embedded pointer under writers in several processes at once (rebuilds finishing together): generations only move
 * forward, as every reader sees the file, and the newest put in force is the one left in force.
 */
describe('the generation pointer file under concurrent writers', () => {
  beforeAll(() => ensureBuilt(POINTER_MODULE), 120_000);

  it(`when ${WRITERS} processes put interleaved generations in force at once, then a reader never sees it move back, and the newest ends in force`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dl-pointer-race-'));
    try {
      const file = join(dataDir, 'read-models.generation');
      const exits = Array.from({ length: WRITERS }, (_, w) => writer(dataDir, w));
      let running = true;
      void Promise.all(exits).then(() => (running = false));
      const seen: number[] = [];
      while (running) {
        if (existsSync(file)) {
          const age = parseInt(readFileSync(file, 'utf8').trim().slice(1), 36);
          if (age !== seen.at(-1)) seen.push(age);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(await Promise.all(exits)).toEqual(Array(WRITERS).fill(0));
      const backwards = seen.filter((age, i) => i > 0 && age < seen[i - 1]);
      expect({ moves: seen.length > 1, backwards }).toEqual({ moves: true, backwards: [] });
      expect(readFileSync(file, 'utf8')).toBe(`g${(SWITCHES * WRITERS).toString(36)}\n`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
