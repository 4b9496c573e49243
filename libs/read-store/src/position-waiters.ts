interface Waiter {
  position: number;
  resolve(done: boolean): void;
}

/** Callers waiting for the read models to reach a log position: each is answered `true` once it is, `false` at its timeout. */
export class PositionWaiters {
  private readonly waiting = new Set<Waiter>();

  wait(position: number, timeoutMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => waiter.resolve(false), timeoutMs);
      const waiter: Waiter = {
        position,
        resolve: (done) => {
          clearTimeout(timer);
          this.waiting.delete(waiter);
          resolve(done);
        },
      };
      this.waiting.add(waiter);
    });
  }

  /** Answers `true` to every caller whose position `reached` says has been reached. */
  release(reached: (position: number) => boolean): void {
    for (const waiter of [...this.waiting]) if (reached(waiter.position)) waiter.resolve(true);
  }

  /** Answers `false` to every caller: nothing more will be applied here. */
  cancelAll(): void {
    for (const waiter of [...this.waiting]) waiter.resolve(false);
  }
}
