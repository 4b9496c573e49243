import { Counter, type Registry } from 'prom-client';

/**
 * A counter mirroring a running total its component keeps (a store's commits, a sweep's failures, a command's
 * retries), copied at each scrape: nothing is counted on the hot path twice. `undefined`: the component keeps none.
 */
export function runningTotal(registry: Registry, name: string, help: string, total: () => number | undefined): Counter {
  return new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      const value = total();
      if (value === undefined) return;
      this.reset();
      this.inc(value);
    },
  });
}
