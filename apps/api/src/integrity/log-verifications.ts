import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { setImmediate as turn } from 'node:timers/promises';

/** Requests kept waiting for the verification in progress before more are told to come back (503). */
const MAX_WAITING = 4;

/**
 * `GET /v1/integrity` reads and rehashes every event up to its read point: ~30 s at a million events, for any reading
 * role. One runs at a time, and requests for the point being verified share its answer (never a stored one: a log
 * altered since the last verification must show). The scan gives the event loop a turn between pages, so the API keeps
 * answering meanwhile.
 */
@Injectable()
export class LogVerifications {
  private running?: { position: number; done: Promise<unknown> };
  private waiting = 0;

  async run<T>(position: number, verify: () => Promise<T>): Promise<T> {
    for (;;) {
      const running = this.running;
      if (!running) break;
      if (running.position === position) return running.done as Promise<T>;
      if (this.waiting >= MAX_WAITING) throw new ServiceUnavailableException({ message: 'verifications of the whole log are running: ask again shortly', retryAfter: 5 });
      this.waiting++;
      await running.done.catch(() => undefined);
      this.waiting--;
    }
    const done = verify();
    const running = { position, done };
    this.running = running;
    try {
      return await done;
    } finally {
      if (this.running === running) this.running = undefined;
    }
  }
}

/** The log read a page at a time, with a turn of the event loop before each page (an embedded log reads synchronously). */
export function turnBetweenPages(store: Pick<EventStore, 'readAll'>): Pick<EventStore, 'readAll'> {
  return {
    readAll: async (options) => {
      await turn();
      return store.readAll(options);
    },
  };
}
