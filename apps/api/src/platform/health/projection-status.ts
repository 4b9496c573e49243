/** How far the read models have applied the log; the app wires the projection runner (or checkpoints) under this token. */
export interface ProjectionStatus {
  projectedPosition(): Promise<number | null>;
}

export const PROJECTION_STATUS = Symbol('ProjectionStatus');
