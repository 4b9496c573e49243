import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdoptingGenerationPointer } from './adopting.generation-pointer';
import { FileGenerationPointer } from './file.generation-pointer';
import { newGenerationName } from './generation-pointer';

const [earlier, later, latest] = [1, 2, 3].map((day) => newGenerationName(Date.UTC(2026, 0, day)));

describe('AdoptingGenerationPointer', () => {
  let dir: string;
  let pointer: FileGenerationPointer;
  let legacy: FileGenerationPointer;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'adopting-'));
    [pointer, legacy] = [new FileGenerationPointer(join(dir, 'now')), new FileGenerationPointer(join(dir, 'before'))];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when its pointer names nothing and the earlier one names a generation, then it adopts that one, and keeps it', async () => {
    await legacy.putInForce(earlier);
    const adopting = new AdoptingGenerationPointer(pointer, legacy);
    expect(await adopting.inForce()).toBe(earlier);
    expect(await pointer.inForce()).toBe(earlier);
  });

  it('when its pointer names a generation, then the earlier pointer is not consulted, and writes go to its pointer only', async () => {
    await legacy.putInForce(later);
    await pointer.putInForce(earlier);
    const adopting = new AdoptingGenerationPointer(pointer, legacy);
    expect(await adopting.inForce()).toBe(earlier);
    expect(await adopting.putInForce(latest)).toBe(true);
    expect(await pointer.inForce()).toBe(latest);
    expect(await legacy.inForce()).toBe(later);
  });

  it('when neither names a generation, then the first, unnamed one is in force', async () => {
    expect(await new AdoptingGenerationPointer(pointer, legacy).inForce()).toBeUndefined();
  });
});
