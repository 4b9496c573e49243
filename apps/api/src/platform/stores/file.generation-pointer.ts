import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncPath } from '@duty-ledger/read-store/sqlite/fsync-path';
import { isNewerGeneration, type GenerationPointer } from './generation-pointer';

export const POINTER_FILE = 'read-models.generation';

/**
 * The embedded stores' pointer: `DATA_DIR/read-models.generation` (absent: the first generation). The processes that
 * share a DATA_DIR are on one machine; two rebuilds finishing in the same instant is the one race its read-then-write
 * leaves, and the older one then ends in force until the next switch.
 */
export class FileGenerationPointer implements GenerationPointer {
  private readonly file: string;

  constructor(private readonly dataDir: string) {
    this.file = join(dataDir, POINTER_FILE);
  }

  async inForce(): Promise<string | undefined> {
    return this.read();
  }

  /**
   * Written beside, fsync'd, renamed, and the directory fsync'd: a crash, even of the machine, leaves either the old
   * pointer or the new one, never half of one nor an empty one.
   */
  async putInForce(generation: string): Promise<boolean> {
    if (isNewerGeneration(this.read(), generation)) return false;
    mkdirSync(this.dataDir, { recursive: true });
    const fd = openSync(`${this.file}.tmp`, 'w');
    try {
      writeFileSync(fd, `${generation}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(`${this.file}.tmp`, this.file);
    fsyncPath(this.dataDir);
    return true;
  }

  async close(): Promise<void> {}

  private read(): string | undefined {
    return existsSync(this.file) ? readFileSync(this.file, 'utf8').trim() || undefined : undefined;
  }
}
