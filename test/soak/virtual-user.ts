import type { Role } from '../support/http';
import { stable, type Remembered } from './as-of-answers';
import type { Client } from './soak-client';

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

/** One virtual user of the soak: commands and as-of reads, one after another, in its own corner of the organisation. */
export class VirtualUser {
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
