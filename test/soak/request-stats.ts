interface KindStats {
  count: number;
  statuses: Record<string, number>;
  latencies: number[];
}

/** The tally of the requests sent: per kind its count, statuses and latencies; the failures, the first 25 kept in full. */
export class Stats {
  readonly kinds = new Map<string, KindStats>();
  readonly errors: { kind: string; method: string; path: string; status: number | string; detail: string }[] = [];
  errorCount = 0;
  conflicts = 0;
  total = 0;

  record(kind: string, status: number | string, ms: number): void {
    let k = this.kinds.get(kind);
    if (!k) this.kinds.set(kind, (k = { count: 0, statuses: {}, latencies: [] }));
    k.count++;
    k.statuses[status] = (k.statuses[status] ?? 0) + 1;
    k.latencies.push(ms);
    this.total++;
  }

  fail(kind: string, method: string, path: string, status: number | string, detail: string): void {
    this.errorCount++;
    if (status === 409) this.conflicts++;
    if (this.errors.length < 25) this.errors.push({ kind, method, path, status, detail: detail.slice(0, 400) });
  }
}
