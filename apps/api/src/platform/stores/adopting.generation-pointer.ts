import type { GenerationPointer } from './generation-pointer';

/**
 * A pointer that, while it names no generation, adopts the one an earlier pointer named: an earlier version kept the
 * pointer of MongoDB read models in the rebuilding replica's DATA_DIR, and its first generation (the URI's database)
 * was dropped when a rebuild replaced it. Started there, a replica moves that pointer into MongoDB; later ones read it.
 */
export class AdoptingGenerationPointer implements GenerationPointer {
  constructor(
    private readonly pointer: GenerationPointer,
    private readonly earlier: GenerationPointer,
  ) {}

  async inForce(): Promise<string | undefined> {
    const named = await this.pointer.inForce();
    if (named !== undefined) return named;
    const adopted = await this.earlier.inForce();
    if (adopted === undefined) return undefined;
    await this.pointer.putInForce(adopted);
    return this.pointer.inForce();
  }

  putInForce(generation: string): Promise<boolean> {
    return this.pointer.putInForce(generation);
  }

  async close(): Promise<void> {
    await Promise.all([this.pointer.close(), this.earlier.close()]);
  }
}
