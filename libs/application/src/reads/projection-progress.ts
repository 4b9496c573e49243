/** How far the read models have applied the log: the inline runner, or the checkpoints a separate projector writes. */
export interface ProjectionProgress {
  projectedPosition(): Promise<number | null>;
  /** Resolves `true` once every read model has applied `position`, `false` after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean>;
}

export const PROJECTION_PROGRESS = Symbol('ProjectionProgress');
