import type { ReadStore } from './read-store.port';

/**
 * Holds one lease per projection for a projector process. All or none, taken in a fixed order: two projectors never
 * end up holding half each, each waiting for the other. Renewed well inside the lease time; a projector that cannot
 * renew must stop, and a standby takes over once the leases lapse.
 */
export class LeaseKeeper {
  constructor(
    private readonly store: ReadStore,
    private readonly names: readonly string[],
    readonly owner: string,
    readonly ttlMs: number,
  ) {}

  /** True when this owner now holds every lease (taken or renewed); otherwise it holds none. */
  async acquireAll(): Promise<boolean> {
    const taken: string[] = [];
    for (const name of [...this.names].sort()) {
      if (!(await this.store.acquireLease(name, this.owner, this.ttlMs))) {
        await this.releaseAll(taken);
        return false;
      }
      taken.push(name);
    }
    return true;
  }

  async releaseAll(names: readonly string[] = this.names): Promise<void> {
    for (const name of names) await this.store.releaseLease(name, this.owner);
  }
}
