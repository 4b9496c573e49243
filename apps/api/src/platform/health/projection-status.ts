/** How far the read models have applied the log; the app wires the projection runner (or checkpoints) under this token. */
export interface ProjectionStatus {
  projectedPosition(): Promise<number | null>;
  /** A read-model rebuild under way, if any: how far the new generation stands against the head. */
  rebuild?(): Promise<{ generation: string | null; projectedPosition: number | null; headPosition: number | null } | null>;
}

export const PROJECTION_STATUS = Symbol('ProjectionStatus');
