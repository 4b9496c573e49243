import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reply, Role } from '../support/http';
import { caughtUp, freshlyProjected, headOf, versions, versionsDigest } from '../support/read-model-files';
import { ensureBuilt, startServer, type ServerProcess } from '../support/server-process';

/**
 * SOAK: the built server under a steady, bounded, mixed load for SOAK_SECONDS (default 600).
 *
 * SOAK_VUS virtual users (default 8) each send request after request (closed loop: a user waits for its answer before
 * the next, so at most SOAK_VUS requests are ever in flight and nothing queues on our side). Each user owns its own
 * subtree of units, its people, duties, findings and cases, so no two users write the same stream: a 409 would be a
 * bug, not a race. About a third of the requests are commands covering every aggregate of the closed loop; the rest are
 * as-of reads (asOfPosition within what the user has written since the thing read was created, or asOf an instant after
 * it), so every answer has one expected status.
 *
 * Asserted: no request failed (network error, 5xx, or any status but the expected one); the server's JS heap in use and
 * its native memory at the end of the load are within memoryBound() of theirs after warm-up (RSS is reported); the projection lag (sampled from /metrics) stays under
 * LAG_BOUND positions (the catch-up time is reported, not asserted: no timing assertions in tests) and is 0 once the load stops; as-of answers sampled during
 * the run read the same at the end; the log's hash chains verify; and after shutdown the read models equal, row for row
 * (as a SHA-256 of the rows), those a fresh projector builds from a copy of the log.
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const VUS = Number(process.env.SOAK_VUS ?? 8);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_MS ?? 1000);
/** Load runs from the start; RSS "start" is taken once warm-up is over (V8 has grown its heap to its working size: about a minute here). */
const WARMUP_SECONDS = Math.min(60, Math.max(20, Math.round(SECONDS / 5)));

/**
 * Each SQLite read-store file keeps a page cache of up to 128 MiB per connection (CACHE_KIB in
 * libs/read-store/src/sqlite/sqlite.read-store.ts). It fills as the file grows: in a 10-minute soak the read models
 * grow to ~80 MB and the cache, hence RSS, with them, by design and not a leak. The cache can hold no more than the
 * file's pages, so a file's share is min(128 MiB, its size).
 */
const READ_STORE_CACHE_BYTES = 128 * 2 ** 20;
/**
 * Memory is checked where it can leak, each part against its own start after warm-up:
 * - the JS heap in use: end < start × 1.5 + 50 MB (a kept closure, a header map, a cache without a bound);
 * - the rest of RSS, native memory (RSS − V8's committed heap): end < start × 1.5 + 50 MB + the read-store page
 *   caches (above, at their sizes at the end) — SQLite's caches and statements, buffers, malloc fragmentation.
 * V8's committed-but-unused heap is left out: it is the high-water mark of transient allocations (a committee's figures
 * at the end of the run are larger than at its start, the read models having grown), given back lazily, not a leak.
 * RSS itself is reported, start, end and max. A leak of a few KB per request over the ~10^5 requests of a 10-minute
 * run trips one of the two; the summary prints the smallest per-request native leak the bound catches.
 */
const memoryBound = (start: number, pageCacheAllowance: number) => start * 1.5 + 50 * 2 ** 20 + pageCacheAllowance;
const nativeOf = (s: Sample) => s.rss - s.heapTotal;

/** The read-store SQLite files of a data directory (every *.db but the event log, whose cache is SQLite's default 2 MB), and their logical sizes (page_count × page_size, WAL included). */
function readStoreBytes(dataDir: string): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const file of readdirSync(dataDir).filter((f) => f.endsWith('.db') && f !== 'events.db')) {
    try {
      const db = new Database(join(dataDir, file), { readonly: true, fileMustExist: true });
      try {
        sizes[file] = Number(db.pragma('page_count', { simple: true })) * Number(db.pragma('page_size', { simple: true }));
      } finally {
        db.close();
      }
    } catch {
      /* a generation being removed: not counted */
    }
  }
  return sizes;
}
const pageCacheAllowance = (sizes: Record<string, number>) => Object.values(sizes).reduce((sum, bytes) => sum + Math.min(READ_STORE_CACHE_BYTES, bytes), 0);
/**
 * The read models may trail the log by at most this many positions, and catch up with a head within this many seconds.
 * A read with consistentWith, or with an asOf beyond the projected position, waits up to 5 s and then answers 503: a lag
 * that lasts longer breaks clients, so 5 s is the contract's own bound. In positions: at the load's write rate (tens to a few
 * hundred events/s on one SQLite file), 5 s of writes is well under 2000.
 */
const LAG_BOUND = Number(process.env.SOAK_LAG_BOUND ?? 2000);
const LAG_SECONDS_BOUND = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MB = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

// ---------------------------------------------------------------------------------------------------------------- stats

interface KindStats {
  count: number;
  statuses: Record<string, number>;
  latencies: number[];
}

class Stats {
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

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : 0);

// ---------------------------------------------------------------------------------------------------------------- client

class Client {
  constructor(
    private readonly server: ServerProcess,
    private readonly stats: Stats,
  ) {}

  /** A reply with the expected status but the wrong content. */
  wrong(kind: string, method: string, path: string, detail: string): void {
    this.stats.fail(kind, method, path, 'content', detail);
  }

  /** One request; anything but the expected status is an error (recorded, never thrown: the load goes on). */
  async send(kind: string, method: 'GET' | 'POST', path: string, expected: number, options: { body?: unknown; role?: Role; headers?: Record<string, string> } = {}): Promise<Reply | null> {
    const started = performance.now();
    let reply: Reply;
    try {
      reply = await this.server.http.request(method, path, { body: options.body, role: options.role ?? (method === 'GET' ? 'inspector' : 'admin'), headers: options.headers });
    } catch (error) {
      this.stats.record(kind, 'network', performance.now() - started);
      this.stats.fail(kind, method, path, 'network', String((error as Error)?.cause ?? error));
      return null;
    }
    this.stats.record(kind, reply.status, performance.now() - started);
    if (reply.status !== expected) {
      this.stats.fail(kind, method, path, reply.status, JSON.stringify(reply.body));
      return null;
    }
    return reply;
  }
}

// ---------------------------------------------------------------------------------------------------------------- the virtual user

const AREAS = ['ideology', 'party-building', 'integrity', 'conduct'] as const;
const MEETINGS = ['task-setting', 'progress-review', 'review-evaluation', 'special'] as const;
const FORMS: [number, string][] = [
  [1, 'talk-reminder'],
  [1, 'criticism'],
  [1, 'admonishment'],
  [2, 'warning'],
  [3, 'demotion'],
];
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];
const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));
const day = (base: string, plus: number) => new Date(Date.parse(`${base}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);

interface Known {
  id: string;
  /** Log position of the event that created it: an as-of read at or after it finds it. */
  position: number;
  /** Record time just after its creation was acknowledged. */
  instant: string;
}
interface Duty extends Known {
  area: (typeof AREAS)[number];
  delegated: boolean;
  holder: string;
  nextReassign: number;
}
interface Finding extends Known {
  stage: 'raised' | 'planned' | 'completed' | 'reviewed' | 'closed';
  subjectUnitId: string;
  subjectPersonId: string;
}
interface Case extends Known {
  revoked: boolean;
}

/** As-of answers remembered for the end: read again, they must be the same (API.md: "an as-of answer never changes"). */
interface Remembered {
  path: string;
  role: Role;
  body: string;
}
const stable = (body: any) => JSON.stringify({ ...body, meta: { asOfPosition: body?.meta?.asOfPosition, asOfRecordedAt: body?.meta?.asOfRecordedAt } });

class VirtualUser {
  private readonly root: string;
  private lastPosition = 0;
  private n = 0;
  private readonly units: Known[] = [];
  private readonly people: Known[] = [];
  private readonly duties: Duty[] = [];
  private readonly findings: Finding[] = [];
  private readonly cases: Case[] = [];
  private readonly acknowledged = new Set<string>();
  private readonly assessed = new Map<string, string>();

  constructor(
    private readonly index: number,
    private readonly client: Client,
    private readonly remembered: Remembered[],
  ) {
    this.root = `v${index}`;
  }

  private id(prefix: string): string {
    return `${this.root}-${prefix}${this.n++}`;
  }

  private async write(kind: string, path: string, body: unknown, role: Role = 'admin', headers?: Record<string, string>): Promise<Known | null> {
    const reply = await this.client.send(kind, 'POST', path, 201, { body, role, headers });
    if (!reply) return null;
    this.lastPosition = Math.max(this.lastPosition, reply.body.position);
    return { id: reply.body.id, position: reply.body.position, instant: new Date().toISOString() };
  }

  /** An as-of point at which `thing` exists: a position between its creation and our latest write, or an instant after it. */
  private asOf(thing: Known, instants = true): string {
    if (instants && Math.random() < 0.2) return `asOf=${encodeURIComponent(thing.instant)}`;
    return `asOfPosition=${between(thing.position, Math.max(thing.position, this.lastPosition))}`;
  }

  private async read(kind: string, path: string, role: Role = 'inspector'): Promise<void> {
    const reply = await this.client.send(kind, 'GET', path, 200, { role });
    if (reply && path.includes('asOfPosition=') && this.remembered.length < 2000 && Math.random() < 0.02) this.remembered.push({ path, role, body: stable(reply.body) });
  }

  /** The user's own corner of the organisation: a general branch under the committee, two branches, a member, a duty. */
  async setUp(): Promise<boolean> {
    const root = await this.write('unit.register', '/v1/units', { unitId: this.root, name: `总支 ${this.index}`, kind: 'general-branch', parentUnitId: 'c', effectiveFrom: '2018-01-01' });
    if (!root) return false;
    this.units.push(root);
    for (const s of [0, 1]) {
      const unit = await this.write('unit.register', '/v1/units', { unitId: `${this.root}-s${s}`, name: `支部 ${this.index}.${s}`, kind: 'branch', parentUnitId: this.root, effectiveFrom: '2018-06-01' });
      if (!unit) return false;
      this.units.push(unit);
    }
    if (!(await this.newPerson())) return false;
    return (await this.newDuty(false)) !== null;
  }

  private async newPerson(): Promise<Known | null> {
    const person = await this.write('person.register', '/v1/people', { personId: this.id('p'), name: `人员 ${this.n}` });
    if (!person) return null;
    if (!(await this.write('person.appoint', `/v1/people/${person.id}/appoint`, { unitId: this.root, post: 'member', effectiveFrom: '2019-01-01' }))) return null;
    this.people.push(person);
    return person;
  }

  private async newDuty(delegate: boolean): Promise<Known | null> {
    const parent = delegate ? pick(this.duties.filter((d) => !d.delegated)) : undefined;
    const area = parent?.area ?? pick(AREAS);
    const holder = delegate ? pick(this.units.slice(1)).id : this.root;
    const duty = await this.write(delegate ? 'duty.delegate' : 'duty.assign', '/v1/duties', {
      dutyId: this.id('d'),
      kind: 'primary',
      holder: { unitId: holder },
      area,
      tags: ['procurement'],
      title: delegate ? '支部主体责任' : '总支主体责任',
      items: ['落实全面从严治党', '加强基层党建'],
      scopeUnitIds: [],
      year: 2020,
      ...(parent ? { parentDutyId: parent.id } : {}),
      effectiveFrom: delegate ? '2020-02-01' : '2020-01-01',
    });
    if (duty) this.duties.push({ ...duty, area, delegated: delegate, holder, nextReassign: 0 });
    return duty;
  }

  private async findingStep(): Promise<void> {
    const open = this.findings.filter((f) => f.stage !== 'closed' && f.stage !== 'reviewed');
    if (open.length === 0 || Math.random() < 0.35) {
      const subjectUnitId = pick(this.units).id;
      const subjectPersonId = pick(this.people).id;
      const finding = await this.write('finding.raise', '/v1/findings', {
        findingId: this.id('f'),
        source: pick(['inspection', 'special-check', 'audit', 'supervision', 'petition', 'self-check']),
        raisedByUnitId: 'dc',
        subjectUnitId,
        subjectPersonId,
        area: pick(AREAS),
        tags: ['procurement'],
        severity: pick(['low', 'medium', 'high']),
        description: '招标采购程序不规范',
        occurredOn: '2020-06-01',
        dutyIds: [pick(this.duties).id],
      });
      if (finding) this.findings.push({ ...finding, stage: 'raised', subjectUnitId, subjectPersonId });
      return;
    }
    const f = pick(open);
    if (f.stage === 'raised') {
      if (await this.write('finding.plan', `/v1/findings/${f.id}/plan`, { plannedOn: '2020-06-10', measures: ['重新招标', '建章立制'], deadline: '2020-09-30', responsiblePersonId: pick(this.people).id })) f.stage = 'planned';
    } else if (f.stage === 'planned') {
      if (await this.write('finding.complete', `/v1/findings/${f.id}/complete`, { completedOn: pick(['2020-09-01', '2020-10-15']), evidence: '整改报告' })) f.stage = 'completed';
    } else if (Math.random() < 0.8) {
      if (await this.write('finding.follow-up', `/v1/findings/${f.id}/follow-up`, { reviewedOn: '2020-12-01', outcome: pick(['sustained', 'sustained', 'relapsed']) })) f.stage = 'reviewed';
    } else if (await this.write('finding.close', `/v1/findings/${f.id}/close`, { closedOn: '2020-12-15', reason: '移交处理' })) f.stage = 'closed';
  }

  private async accountability(): Promise<void> {
    const live = this.cases.filter((c) => !c.revoked);
    if (live.length > 0 && Math.random() < 0.15) {
      const c = pick(live);
      if (await this.write('accountability.revoke', `/v1/accountability/${c.id}/revoke`, { revokedOn: '2021-06-01', reason: '复核撤销' }, 'discipline')) c.revoked = true;
      return;
    }
    const finding = pick(this.findings);
    const [form, measure] = pick(FORMS);
    const decided = await this.write(
      'accountability.apply',
      '/v1/accountability',
      {
        caseId: this.id('k'),
        findingIds: [finding.id],
        subjectPersonId: finding.subjectPersonId,
        role: pick(['direct', 'leadership']),
        form,
        measure,
        decidedByUnitId: 'dc',
        decidedOn: '2021-03-01',
        rationale: `private: the conversation ${this.n}`,
        dutyIds: [pick(this.duties).id],
      },
      'discipline',
    );
    if (decided) this.cases.push({ ...decided, revoked: false });
  }

  private async assessment(): Promise<void> {
    const unit = pick(this.units).id;
    const year = between(2019, 2024);
    const current = this.assessed.get(`${unit}|${year}`);
    const assessed = await this.write('assessment.record', '/v1/assessments', {
      assessmentId: this.id('a'),
      subjectUnitId: unit,
      year,
      methods: ['document-review', 'debriefing'],
      rating: pick(['excellent', 'good', 'fair', 'poor']),
      dutyIds: [pick(this.duties).id],
      findingIds: this.findings.length ? [pick(this.findings).id] : [],
      assessedByUnitId: 'c',
      assessedOn: `${year + 1}-01-20`,
      ...(current ? { supersedes: current } : {}),
    });
    if (assessed) this.assessed.set(`${unit}|${year}`, assessed.id);
  }

  /** One step: a command (about a third of the time) or an as-of read, each with its one expected status. */
  async step(): Promise<void> {
    const r = Math.random() * 100;
    if (r < 3) {
      const unit = await this.write('unit.register', '/v1/units', { unitId: this.id('u'), name: `支部 ${this.n}`, kind: 'branch', parentUnitId: this.root, effectiveFrom: '2018-06-01' });
      if (unit) this.units.push(unit);
    } else if (r < 6) await this.newPerson();
    else if (r < 8) await this.newDuty(false);
    else if (r < 11) await this.newDuty(true);
    else if (r < 14) {
      const duty = pick(this.duties);
      await this.write('duty.revise', `/v1/duties/${duty.id}/revise`, { title: `责任清单 修订 ${this.n++}`, items: ['落实全面从严治党', `第 ${this.n} 项`] });
    } else if (r < 15.5) {
      const delegated = this.duties.filter((d) => d.delegated);
      const duty = delegated.length ? pick(delegated) : null;
      const to = duty ? this.units.slice(1).find((u) => u.id !== duty.holder && Math.random() < 0.5) : undefined;
      if (duty && to && duty.nextReassign < 300) {
        const moved = await this.write('duty.reassign', `/v1/duties/${duty.id}/reassign`, { holder: { unitId: to.id }, effectiveFrom: day('2020-03-01', duty.nextReassign), reason: '调整分工' });
        duty.nextReassign++;
        if (moved) duty.holder = to.id;
      } else await this.newDuty(true);
    } else if (r < 17) {
      const person = pick(this.people);
      const duty = pick(this.duties.filter((d) => !d.delegated));
      if (this.acknowledged.has(`${person.id}|${duty.id}`)) return this.read('duty.get', `/v1/duties/${duty.id}?${this.asOf(duty)}`);
      this.acknowledged.add(`${person.id}|${duty.id}`);
      await this.write('duty.acknowledge', `/v1/duties/${duty.id}/acknowledge`, { personId: person.id, acknowledgedOn: '2020-06-01' });
    } else if (r < 20) {
      await this.write('meeting.hold', '/v1/meetings', {
        meetingId: this.id('m'),
        unitId: this.root,
        kind: pick(MEETINGS),
        heldOn: day('2020-01-01', between(0, 360)),
        chairPersonId: this.people[0].id,
        attendeePersonIds: [pick(this.people).id, this.people[0].id].filter((p, i, all) => all.indexOf(p) === i),
        agenda: ['部署全面从严治党工作'],
        decisions: ['落实责任清单'],
        dutyIds: [pick(this.duties).id],
      });
    } else if (r < 23) {
      await this.write('report.submit', '/v1/reports', {
        reportId: this.id('r'),
        kind: pick(['written-report', 'staff-report']),
        authorUnitId: this.root,
        recipientUnitId: 'c',
        year: 2020,
        dutyIds: [pick(this.duties).id],
        summary: '年度书面报告',
        submittedOn: '2020-12-20',
      });
    } else if (r < 30) await this.findingStep();
    else if (r < 31.5 && this.findings.length) await this.accountability();
    else if (r < 33) await this.assessment();
    else if (r < 34) {
      // Idempotent retry: the same key and body again answer 200 with the first response, and write nothing.
      const key = this.id('idem');
      const body = { personId: this.id('p'), name: '重试' };
      const first = await this.write('person.register', '/v1/people', body, 'admin', { 'idempotency-key': key });
      const again = first && (await this.client.send('person.replay', 'POST', '/v1/people', 200, { body, headers: { 'idempotency-key': key } }));
      if (again && again.body.position !== first.position) this.client.wrong('person.replay', 'POST', '/v1/people', `replayed position ${again.body.position}, first ${first.position}`);
    } else await this.asOfRead();
  }

  private async asOfRead(): Promise<void> {
    const r = Math.random() * 100;
    const at = day('2020-01-01', between(60, 700));
    if (r < 18) {
      const unit = pick(this.units);
      await this.read('read.chain', `/v1/units/${unit.id}/chain?at=${at}&${this.asOf(unit)}`);
    } else if (r < 24) {
      const unit = pick(this.units);
      await this.read('read.unit', `/v1/units/${unit.id}?${this.asOf(unit)}`);
    } else if (r < 29) {
      const person = pick(this.people);
      await this.read('read.person', `/v1/people/${person.id}?${this.asOf(person)}`);
    } else if (r < 36) {
      const duty = pick(this.duties);
      await this.read('read.duty', `/v1/duties/${duty.id}?${this.asOf(duty)}`);
    } else if (r < 42) {
      const unit = pick(this.units);
      await this.read('read.duties', `/v1/duties?holderUnitId=${unit.id}&limit=50&${this.asOf(unit)}`);
    } else if (r < 49) {
      const duty = pick(this.duties);
      await this.read('read.loop', `/v1/duties/${duty.id}/loop?year=2020&${this.asOf(duty)}`);
    } else if (r < 60 && this.findings.length) {
      const finding = pick(this.findings);
      await this.read('read.finding', `/v1/findings/${finding.id}?at=${day('2020-06-01', between(0, 500))}&${this.asOf(finding)}`);
    } else if (r < 64) {
      const unit = pick(this.units);
      await this.read('read.findings', `/v1/findings?subjectUnitId=${unit.id}&limit=50&${this.asOf(unit)}`);
    } else if (r < 74 && this.findings.length) {
      const finding = pick(this.findings);
      await this.read('read.accountability-trail', `/v1/findings/${finding.id}/accountability-trail?${this.asOf(finding)}`, pick(['inspector', 'discipline'] as const));
    } else if (r < 84) {
      const subject = pick([...this.units, ...this.people, ...this.duties, ...this.findings]);
      await this.read('read.audit-trail', `/v1/audit-trail?subjectId=${subject.id}&limit=50&${this.asOf(subject)}`);
    } else if (r < 89) {
      await this.read('read.compliance', `/v1/units/${this.root}/compliance/2020?at=${at}&${this.asOf(this.units[0])}`);
    } else if (r < 95) {
      const unit = pick(this.units);
      await this.read('read.figures', `/v1/units/${unit.id}/figures/2020?${this.asOf(unit)}`);
    } else if (r < 97) {
      await this.read('read.figures-committee', `/v1/units/c/figures/2020?${this.asOf(this.units[0], false)}`);
    } else if (r < 99) {
      await this.read('read.events', `/v1/events?fromPosition=${between(0, this.lastPosition)}&limit=100`);
    } else {
      await this.read('read.stream', `/v1/streams/unit-${pick(this.units).id}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------- sampling

interface Sample {
  t: number;
  rss: number;
  heapUsed: number;
  /** V8's committed heap: what RSS holds for JS, used or not. */
  heapTotal: number;
  head: number;
  lag: number;
  healthLag: number | null;
  readStoreBytes: Record<string, number>;
}

const metric = (text: string, name: string) => {
  const values = [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].map((m) => Number(m[1]));
  return values;
};

async function sample(server: ServerProcess, t0: number, dataDir: string): Promise<Sample> {
  const [metrics, health] = await Promise.all([server.http.get<string>('/metrics', { role: null }), server.http.get('/health', { role: null })]);
  if (metrics.status !== 200 || health.status !== 200) throw new Error(`/metrics ${metrics.status}, /health ${health.status}`);
  const text = metrics.body;
  return {
    t: (performance.now() - t0) / 1000,
    rss: metric(text, 'process_resident_memory_bytes')[0],
    heapUsed: metric(text, 'nodejs_heap_size_used_bytes')[0],
    heapTotal: metric(text, 'nodejs_heap_size_total_bytes')[0],
    head: metric(text, 'event_store_head_position')[0],
    lag: Math.max(0, ...metric(text, 'projection_lag_positions')),
    healthLag: health.body.projectionLag,
    readStoreBytes: readStoreBytes(dataDir),
  };
}

/** For each sample with a lag, how long until every projection had reached the head of that moment (sampling resolution). */
function catchUpSeconds(samples: Sample[]): number {
  let worst = 0;
  for (let i = 0; i < samples.length; i++) {
    if (samples[i].lag === 0) continue;
    const j = samples.findIndex((s, k) => k > i && s.head - s.lag >= samples[i].head);
    worst = Math.max(worst, j === -1 ? Infinity : samples[j].t - samples[i].t);
  }
  return worst;
}

// ---------------------------------------------------------------------------------------------------------------- the soak

describe('soak', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it(
    `when ${VUS} users send mixed commands and as-of reads for ${SECONDS} s, then nothing fails, memory and projection lag stay bounded, and the read models equal a fresh build`,
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'duty-ledger-soak-'));
      const server = await startServer(dataDir);
      const stats = new Stats();
      const client = new Client(server, stats);
      const remembered: Remembered[] = [];
      const samples: Sample[] = [];
      let stderr = '';
      server.child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
      let head = -1;
      let summary: Record<string, unknown> = {};
      try {
        // The organisation every user hangs under: the committee, its discipline committee and secretary.
        for (const [path, body] of [
          ['/v1/units', { unitId: 'c', name: '学校党委', kind: 'party-committee', effectiveFrom: '2018-01-01' }],
          ['/v1/units', { unitId: 'dc', name: '学校纪委', kind: 'discipline-committee', parentUnitId: 'c', effectiveFrom: '2018-01-01' }],
          ['/v1/people', { personId: 'sec', name: '书记' }],
          ['/v1/people/sec/appoint', { unitId: 'c', post: 'secretary', effectiveFrom: '2018-01-01' }],
        ] as const)
          expect(await client.send('setup', 'POST', path, 201, { body })).not.toBeNull();
        const users = Array.from({ length: VUS }, (_, i) => new VirtualUser(i, client, remembered));
        expect(await Promise.all(users.map((u) => u.setUp()))).toEqual(users.map(() => true));

        const t0 = performance.now();
        const deadline = t0 + SECONDS * 1000;
        let startRss: Sample | null = null;
        let sampling = true;
        const sampler = (async () => {
          while (sampling) {
            try {
              const s = await sample(server, t0, dataDir);
              samples.push(s);
              if (!startRss && s.t >= WARMUP_SECONDS) startRss = s;
            } catch (error) {
              stats.fail('sample', 'GET', '/metrics', 'sample', String(error));
            }
            await sleep(SAMPLE_MS);
          }
        })();
        let lastLog = t0;
        const load = users.map(async (user) => {
          while (performance.now() < deadline) {
            await user.step();
            if (performance.now() - lastLog > Number(process.env.SOAK_PROGRESS_MS ?? 60_000)) {
              lastLog = performance.now();
              const s = samples[samples.length - 1];
              process.stderr.write(`soak: ${Math.round((lastLog - t0) / 1000)} s, ${stats.total} requests, ${stats.errorCount} errors, RSS ${MB(s?.rss ?? 0)} MB, lag ${s?.lag} positions\n`);
            }
          }
        });
        await Promise.all(load);
        const loadSeconds = (performance.now() - t0) / 1000;
        const endSample = await sample(server, t0, dataDir);
        samples.push(endSample);

        // Load over: the read models catch up to the head, and stay there.
        const quiesceStart = performance.now();
        let settled = endSample;
        while (settled.lag > 0 || settled.healthLag !== 0) {
          if (performance.now() - quiesceStart > 30_000) break;
          await sleep(100);
          settled = await sample(server, t0, dataDir);
        }
        const quiesceSeconds = (performance.now() - quiesceStart) / 1000;
        sampling = false;
        await sampler;

        // Every remembered as-of answer reads the same now.
        const changed: string[] = [];
        for (const r of remembered) {
          const again = await client.send('recheck.as-of', 'GET', r.path, 200, { role: r.role });
          if (again && stable(again.body) !== r.body) changed.push(r.path);
        }
        const integrity = await client.send('recheck.integrity', 'GET', '/v1/integrity', 200, { role: 'inspector' });

        const start = startRss ?? samples[0];
        const during = samples.filter((s) => s.t <= loadSeconds);
        const maxRss = Math.max(...during.map((s) => s.rss));
        const allowance = pageCacheAllowance(endSample.readStoreBytes);
        const maxLag = Math.max(...during.map((s) => s.lag));
        const maxHealthLag = Math.max(...during.map((s) => s.healthLag ?? 0));
        const lagSeconds = catchUpSeconds(samples);
        const afterWarmup = during.filter((s) => s.t >= start.t);
        const slope = (() => {
          // Least squares of RSS over time after warm-up, in MB per minute.
          const n = afterWarmup.length;
          if (n < 2) return 0;
          const mt = afterWarmup.reduce((a, s) => a + s.t, 0) / n;
          const mr = afterWarmup.reduce((a, s) => a + s.rss, 0) / n;
          const cov = afterWarmup.reduce((a, s) => a + (s.t - mt) * (s.rss - mr), 0);
          const varT = afterWarmup.reduce((a, s) => a + (s.t - mt) ** 2, 0);
          return varT ? MB((cov / varT) * 60) : 0;
        })();
        const requestsAfterWarmup = Math.max(1, Math.round(stats.total * ((loadSeconds - start.t) / loadSeconds)));
        const kinds = Object.fromEntries(
          [...stats.kinds.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([kind, k]) => {
              const sorted = [...k.latencies].sort((a, b) => a - b);
              const ms = (v: number) => Math.round(v * 10) / 10;
              return [kind, { count: k.count, statuses: k.statuses, p50ms: ms(percentile(sorted, 50)), p99ms: ms(percentile(sorted, 99)), maxms: ms(sorted[sorted.length - 1] ?? 0) }];
            }),
        );
        const loadKinds = [...stats.kinds.entries()].filter(([kind]) => !kind.startsWith('recheck.'));
        const commands = loadKinds.filter(([kind]) => !kind.startsWith('read.')).reduce((a, [, k]) => a + k.count, 0);
        const reads = loadKinds.filter(([kind]) => kind.startsWith('read.')).reduce((a, [, k]) => a + k.count, 0);
        summary = {
          seconds: Math.round(loadSeconds),
          virtualUsers: VUS,
          requests: commands + reads,
          commands,
          asOfReads: reads,
          throughputPerSecond: Math.round((commands + reads) / loadSeconds),
          eventsWritten: endSample.head,
          eventsPerSecond: Math.round(endSample.head / loadSeconds),
          errors: stats.errorCount,
          conflicts409: stats.conflicts,
          firstErrors: stats.errors,
          rssMB: {
            warmupSeconds: Math.round(start.t),
            start: MB(start.rss),
            end: MB(endSample.rss),
            max: MB(maxRss),
            afterQuiesce: MB(settled.rss),
            readStorePageCacheAllowance: MB(allowance),
            readStoreFilesMB: { start: MB(Object.values(start.readStoreBytes).reduce((a, b) => a + b, 0)), end: MB(Object.values(endSample.readStoreBytes).reduce((a, b) => a + b, 0)) },
            slopeMBPerMinuteAfterWarmup: slope,
          },
          heapUsedMB: { start: MB(start.heapUsed), end: MB(endSample.heapUsed), max: MB(Math.max(...during.map((s) => s.heapUsed))), bound: MB(memoryBound(start.heapUsed, 0)) },
          heapCommittedMB: { start: MB(start.heapTotal), end: MB(endSample.heapTotal), max: MB(Math.max(...during.map((s) => s.heapTotal))) },
          nativeMB: { start: MB(nativeOf(start)), end: MB(nativeOf(endSample)), bound: MB(memoryBound(nativeOf(start), allowance)) },
          smallestLeakTheBoundCatchesBytesPerRequest: Math.round((memoryBound(nativeOf(start), allowance) - nativeOf(start)) / requestsAfterWarmup),
          projectionLag: { maxPositions: maxLag, maxHealthPositions: maxHealthLag, maxCatchUpSeconds: lagSeconds, boundPositions: LAG_BOUND, contractSeconds: LAG_SECONDS_BOUND, endPositions: settled.lag, quiesceSeconds: Math.round(quiesceSeconds * 10) / 10, samples: samples.length },
          asOfAnswersRechecked: remembered.length,
          asOfAnswersChanged: changed.slice(0, 10),
          integrity: integrity?.body && { ok: integrity.body.ok, events: integrity.body.events, streams: integrity.body.streams },
          kinds,
          dataDir,
        };
        head = endSample.head;
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }

      // After shutdown: the read models are caught up and equal, row for row, what a fresh projector builds from the log.
      expect(headOf(dataDir)).toBe(head);
      const rebuildStart = performance.now();
      const fresh = await freshlyProjected(dataDir, head, 600_000);
      const ours = versionsDigest(dataDir);
      const theirs = versionsDigest(fresh);
      summary.rebuild = { rows: ours.rows, sha256: ours.sha256, freshRows: theirs.rows, freshSha256: theirs.sha256, seconds: Math.round((performance.now() - rebuildStart) / 100) / 10 };
      const file = process.env.SOAK_SUMMARY ?? join(dataDir, 'soak-summary.json');
      writeFileSync(file, JSON.stringify(summary, null, 2));
      process.stdout.write(`\n==== SOAK SUMMARY (${file})\n${JSON.stringify(summary, null, 2)}\n`);
      if (stderr.trim()) process.stdout.write(`server stderr (tail):\n${stderr}\n`);

      const s = summary as any;
      expect(s.firstErrors).toEqual([]);
      expect(s.errors).toBe(0);
      expect(s.conflicts409).toBe(0);
      expect(s.heapUsedMB.end).toBeLessThan(s.heapUsedMB.bound);
      expect(s.nativeMB.end).toBeLessThan(s.nativeMB.bound);
      expect(s.projectionLag.maxPositions).toBeLessThanOrEqual(LAG_BOUND);
      expect(s.projectionLag.endPositions).toBe(0);
      expect(s.asOfAnswersChanged).toEqual([]);
      expect(s.integrity).toMatchObject({ ok: true });
      expect(caughtUp(dataDir, head)).toBe(true);
      expect(caughtUp(fresh, head)).toBe(true);
      if (ours.sha256 !== theirs.sha256) {
        // Only on a mismatch: the first differing rows, to say which document.
        const [a, b] = [versions(dataDir), versions(fresh)];
        const i = a.findIndex((row, k) => row !== b[k]);
        expect({ index: i, ours: a[i]?.slice(0, 500), fresh: b[i]?.slice(0, 500) }).toEqual({ index: -1, ours: undefined, fresh: undefined });
      }
      expect(ours).toEqual(theirs);
    },
    (SECONDS + 900) * 1000,
  );
});
