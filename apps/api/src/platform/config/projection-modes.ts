/**
 * Who applies the read models and the Merkle log: `thread`, a worker thread of this process (the default: commands and
 * reads keep this thread's core); `inline`, this thread; `off`, a separate projector process (`npm run start:projector`).
 */
export const PROJECTION_MODES = ['thread', 'inline', 'off'] as const;
export type ProjectionMode = (typeof PROJECTION_MODES)[number];
