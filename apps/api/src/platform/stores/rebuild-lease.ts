import { randomUUID } from 'node:crypto';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';

/** The lease a rebuild holds in the store of the generation it builds. */
export const REBUILD_LEASE = 'rebuild';

/**
 * How long a rebuild's lease lasts unrenewed, unless REBUILD_LEASE_MS says otherwise: renewed every third of it, so
 * only a rebuild that died, or was stopped longer than this (a process frozen), lets it lapse; a sweep then claims the
 * generation (./mongo.generation-sweep.ts).
 */
export const REBUILD_LEASE_MS = 60_000;

/**
 * A lease owner's name: who holds it (a rebuild, or a sweep claiming the generation) and for which deployment (the
 * read models' home: the MongoDB database of the first generation, the embedded stores' DATA_DIR), so a sweep never
 * takes another deployment's generation on a server they share.
 */
export function leaseOwner(role: 'rebuild' | 'sweep', deployment: string): string {
  return `${role}:${deployment}:${randomUUID()}`;
}

/** Whether a lease owner's name says the lease was taken for `deployment`. */
export function ownedBy(owner: string, deployment: string): boolean {
  return owner.startsWith(`rebuild:${deployment}:`) || owner.startsWith(`sweep:${deployment}:`);
}

/**
 * A rebuild's hold on its generation, which nothing reads yet: taken before its first write, renewed while it builds,
 * and confirmed right before the generation is put in force. Another process tells a generation being built from one
 * a dead rebuild left behind by it: it claims the lease (`acquireLease`), which it gets only once the lease lapsed,
 * before dropping the generation. A rebuild whose renewal is refused has lost its generation and must stop.
 */
export class RebuildLease {
  private readonly owner: string;
  private readonly ttlMs: number;
  private timer?: NodeJS.Timeout;
  private lostWith?: Error;

  constructor(
    private readonly store: ReadStore,
    private readonly generation: string,
    private readonly onLost: (error: Error) => void,
    options: { deployment: string; ttlMs?: number },
  ) {
    this.owner = leaseOwner('rebuild', options.deployment);
    this.ttlMs = options.ttlMs ?? REBUILD_LEASE_MS;
  }

  /** Takes the lease; refused while another live rebuild holds this generation. */
  async take(): Promise<void> {
    if (!(await this.store.acquireLease(REBUILD_LEASE, this.owner, this.ttlMs))) {
      throw new Error(`generation ${this.generation} is being built by another rebuild`);
    }
    this.timer = setInterval(() => void this.renew(), Math.max(1, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  /** Why the lease was lost, once it was. */
  get lost(): Error | undefined {
    return this.lostWith;
  }

  /**
   * Renews the lease one last time and stops renewing: throws when it was lost, so a generation another process
   * claimed is never put in force. Left to lapse after: once in force, a generation is never swept as abandoned.
   */
  async confirm(): Promise<void> {
    this.stop();
    if (!this.lostWith && !(await this.store.renewLease(REBUILD_LEASE, this.owner, this.ttlMs))) this.lose();
    if (this.lostWith) throw this.lostWith;
  }

  /** No more renewals (the rebuild is discarded, or its generation confirmed). */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async renew(): Promise<void> {
    try {
      // Stopped meanwhile (confirmed or discarded): a refusal then is `confirm`'s to judge, or no one's.
      if (this.timer && !(await this.store.renewLease(REBUILD_LEASE, this.owner, this.ttlMs)) && this.timer) this.lose();
    } catch {
      // The store failed to answer: tried again at the next renewal, well inside the lease's time.
    }
  }

  private lose(): void {
    this.stop();
    this.lostWith = new Error(`the rebuild lost its lease on generation ${this.generation}: another process may have claimed it`);
    this.onLost(this.lostWith);
  }
}
