/**
 * Which read-model generation is in force, kept where every process of a deployment reads it: a file in DATA_DIR
 * beside the embedded stores, a document in MongoDB beside the MongoDB read models. API replicas, projector processes
 * and the CLI all read it; a rebuild writes it; a process on an older generation follows it (generation-follower.ts).
 */
export interface GenerationPointer {
  /** The generation in force; `undefined`: the first, unnamed one. */
  inForce(): Promise<string | undefined>;
  /**
   * Puts `generation` in force, durably, unless a newer one already is: generations only move forward, so a rebuild
   * that ends after a later one began and finished takes no reader back. Resolves whether it is in force (putting the
   * one in force again is a success).
   */
  putInForce(generation: string): Promise<boolean>;
  close(): Promise<void>;
}

export const GENERATION_POINTER = Symbol('GenerationPointer');

/**
 * A generation is named `g` and the base-36 milliseconds at which its rebuild began (`newGenerationName`), so names
 * order generations by age; the first, unnamed one is older than any.
 */
export function newGenerationName(now: number): string {
  return `g${now.toString(36)}`;
}

export function generationAge(generation: string | undefined): number {
  return generation === undefined ? -Infinity : parseInt(generation.slice(1), 36);
}

/** Whether `candidate` began after `current`: the only way a process moves from one generation to another. */
export function isNewerGeneration(candidate: string | undefined, current: string | undefined): boolean {
  return generationAge(candidate) > generationAge(current);
}
