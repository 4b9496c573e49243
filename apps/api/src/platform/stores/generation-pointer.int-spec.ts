import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileGenerationPointer, POINTER_FILE } from './file.generation-pointer';
import { newGenerationName, type GenerationPointer } from './generation-pointer';

const [older, inForce, newer] = [1, 2, 3].map((day) => newGenerationName(Date.UTC(2026, 0, day)));

/** What every pointer must do; `open` gives a pointer over one shared place (two calls: two processes). */
function describePointerContract(name: string, setUp: () => { open: () => GenerationPointer; tearDown: () => Promise<void> }): void {
  describe(`GenerationPointer contract: ${name}`, () => {
    let open: () => GenerationPointer;
    let tearDown: () => Promise<void>;
    const opened: GenerationPointer[] = [];
    const pointer = () => {
      const p = open();
      opened.push(p);
      return p;
    };
    beforeEach(() => ({ open, tearDown } = setUp()));
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((p) => p.close()));
      await tearDown();
    });

    it('when nothing was put in force, then the first, unnamed generation is', async () => {
      expect(await pointer().inForce()).toBeUndefined();
    });

    it('when a generation is put in force, then every process reading the pointer sees it, and a newer one replaces it', async () => {
      const [writer, reader] = [pointer(), pointer()];
      expect(await writer.putInForce(inForce)).toBe(true);
      expect(await reader.inForce()).toBe(inForce);
      expect(await writer.putInForce(newer)).toBe(true);
      expect(await reader.inForce()).toBe(newer);
    });

    it('when an older generation than the one in force is put in force, then it is refused and the pointer stays', async () => {
      const [first, second] = [pointer(), pointer()];
      expect(await first.putInForce(inForce)).toBe(true);
      expect(await second.putInForce(older)).toBe(false);
      expect(await first.inForce()).toBe(inForce);
    });

    it('when the generation in force is put in force again, then that succeeds and changes nothing', async () => {
      const p = pointer();
      expect(await p.putInForce(inForce)).toBe(true);
      expect(await p.putInForce(inForce)).toBe(true);
      expect(await p.inForce()).toBe(inForce);
    });
  });
}

describePointerContract('file in DATA_DIR', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointer-'));
  return { open: () => new FileGenerationPointer(dir), tearDown: async () => rmSync(dir, { recursive: true, force: true }) };
});

describe('FileGenerationPointer', () => {
  it('when put in force, then the file holds the name alone, and a data directory not made yet is made', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pointer-')), 'data');
    try {
      await new FileGenerationPointer(dir).putInForce(inForce);
      expect(readFileSync(join(dir, POINTER_FILE), 'utf8')).toBe(`${inForce}\n`);
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });
});

const uri = process.env.MONGODB_URI;
if (uri) {
  // Loaded only here: without a server the driver is never required.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MongoClient } = require('mongodb') as typeof import('mongodb');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MongoGenerationPointer } = require('./mongo.generation-pointer') as typeof import('./mongo.generation-pointer');
  let n = 0;
  describePointerContract('MongoDB', () => {
    const database = `dl-pointer-${Date.now().toString(36)}-${++n}`;
    return {
      open: () => new MongoGenerationPointer({ uri, database }),
      tearDown: async () => {
        const client = new MongoClient(uri);
        try {
          await client.db(database).dropDatabase();
        } finally {
          await client.close();
        }
      },
    };
  });
} else {
  const reason = 'MONGODB_URI is not set, so there is no MongoDB server to run the GenerationPointer contract against';
  console.info(`GenerationPointer contract for MongoDB skipped: ${reason}`);
  describe.skip('GenerationPointer contract: MongoDB', () => {
    it(`skipped: ${reason}`, () => undefined);
  });
}
