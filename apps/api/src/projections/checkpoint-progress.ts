import type { ProjectionProgress } from '@duty-ledger/application/reads/projection-progress';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';

const POLL_MS = 50;

/** With `PROJECTIONS=off` a separate projector applies the log: progress is read from the checkpoints it writes. */
export class CheckpointProgress implements ProjectionProgress {
  constructor(
    private readonly readStore: ReadStore,
    private readonly projectionNames: readonly string[],
  ) {}

  async projectedPosition(): Promise<number | null> {
    let min: number | null = null;
    for (const name of this.projectionNames) {
      const checkpoint = await this.readStore.checkpoint(name);
      if (checkpoint === null) return null;
      min = min === null ? checkpoint.position : Math.min(min, checkpoint.position);
    }
    return min;
  }

  async waitFor(position: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const projected = await this.projectedPosition();
      if (projected !== null && projected >= position) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
