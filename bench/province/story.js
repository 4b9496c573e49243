// The province's ten years, phase by phase through each year, every institution in turn within a phase, so the log's
// order follows business time (as-of positions and at-dates line up as they would in production).
const { institution, province, personName } = require('./units');
const duties = require('./duties');
const loop = require('./closed-loop');

/** Thrown once the wanted number of events is decided: the story stops mid-phase, at a command boundary. */
const STOP = Symbol('stop');

class Story {
  constructor(ledger, random, { institutions, years = 10, firstYear = 2016, limit = Infinity, onProgress = () => {} }) {
    this.ledger = ledger;
    this.random = random;
    this.years = years;
    this.firstYear = firstYear;
    this.limit = limit;
    this.onProgress = onProgress;
    this.province = province();
    this.institutions = Array.from({ length: institutions }, (_, i) => institution(i + 1));
  }

  async run() {
    try {
      await this.setup();
      for (let year = this.firstYear; year < this.firstYear + this.years; year++) await this.year(year);
    } catch (error) {
      if (error !== STOP) throw error;
    }
    await this.ledger.flush();
  }

  /** One command through the ledger; stops the story once `limit` events are decided. */
  async cmd(command) {
    if (this.ledger.decided >= this.limit) throw STOP;
    return this.ledger.execute(command);
  }

  all() {
    return [this.province, ...this.institutions];
  }

  /** A phase: the simulated day moves, then `each` runs for every institution (the province first). */
  async phase(date, each, { withProvince = true } = {}) {
    await this.ledger.setDay(date);
    for (const inst of withProvince ? this.all() : this.institutions) await each(inst);
    this.onProgress(this.ledger.decided, date);
  }

  async setup() {
    const date = `${this.firstYear - 1}-12-01`;
    await this.phase(date, async (inst) => {
      for (const unit of inst.units) {
        const { unitId, kind, name, parentUnitId } = unit;
        await this.cmd({ type: 'RegisterUnit', unitId, name, kind, ...(parentUnitId ? { parentUnitId } : {}), effectiveFrom: date });
      }
      for (const unit of inst.units) for (const seat of unit.slots) await this.seat(inst, seat, date);
    });
  }

  /** A new person, registered and appointed to the seat. */
  async seat(inst, seat, date) {
    const personId = `${inst.id}-p${String(++inst.persons).padStart(4, '0')}`;
    await this.cmd({ type: 'RegisterPerson', personId, name: personName(this.random) });
    await this.cmd({ type: 'AppointPerson', personId, unitId: seat.unitId, post: seat.post, effectiveFrom: date });
    seat.personId = personId;
  }

  async year(y) {
    const d = (md) => `${y}-${md}`;
    const first = y === this.firstYear;
    if (!first) await this.phase(d('01-05'), (inst) => this.personnel(inst, d('01-05')));
    await this.phase(d('01-10'), (inst) => duties.renew(this, inst, y, first));
    await this.phase(d('01-15'), (inst) => loop.committeeMeeting(this, inst, y, 'annual-deployment', d('01-15')));
    await this.phase(d('01-20'), (inst) => loop.unitMeetings(this, inst, y, 'task-setting', d('01-20')), { withProvince: false });
    if (!first) await this.phase(d('01-25'), (inst) => loop.assessments(this, inst, y - 1, d('01-25')));
    await this.phase(d('02-01'), (inst) => duties.acknowledge(this, inst, y, d('02-01')));
    if (!first) await this.phase(d('03-01'), (inst) => loop.corrections(this, inst, y - 1, d('03-01')));
    await this.phase(d('04-10'), (inst) => loop.regularMeeting(this, inst, y, d('04-10')));
    await this.phase(d('06-20'), (inst) => loop.unitMeetings(this, inst, y, 'progress-review', d('06-20')), { withProvince: false });
    await this.phase(d('06-30'), (inst) => loop.raiseFindings(this, inst, y), { withProvince: false });
    await this.phase(d('07-01'), (inst) => duties.revise(this, inst, y, d('07-01')));
    await this.phase(d('07-10'), (inst) => loop.committeeMeeting(this, inst, y, 'mid-year-review', d('07-10')));
    await this.phase(d('07-15'), (inst) => loop.planRectifications(this, inst, y), { withProvince: false });
    await this.phase(d('10-10'), (inst) => loop.regularMeeting(this, inst, y, d('10-10')));
    await this.phase(d('10-31'), (inst) => loop.completeRectifications(this, inst, y), { withProvince: false });
    await this.phase(d('11-30'), (inst) => loop.followUps(this, inst, y), { withProvince: false });
    await this.phase(d('12-15'), (inst) => loop.unitMeetings(this, inst, y, 'review-evaluation', d('12-15')), { withProvince: false });
    await this.phase(d('12-20'), (inst) => loop.committeeMeeting(this, inst, y, 'year-end-summary', d('12-20')));
    await this.phase(d('12-20'), (inst) => loop.reports(this, inst, y, d('12-20')));
    await this.phase(d('12-22'), (inst) => loop.accountability(this, inst, y, d('12-22')), { withProvince: false });
    await this.phase(d('12-28'), (inst) => loop.closeFindings(this, inst, y, d('12-28')), { withProvince: false });
  }

  /** People change posts yearly: some seats get a new incumbent; now and then a unit is renamed or a branch moves. */
  async personnel(inst, date) {
    for (const unit of inst.units) {
      for (const seat of unit.slots) {
        if (!this.random.chance(0.15)) continue;
        await this.cmd({ type: 'RelievePerson', personId: seat.personId, unitId: seat.unitId, post: seat.post, effectiveFrom: date });
        await this.seat(inst, seat, date);
      }
    }
    if (inst.sub.length === 0) return;
    if (this.random.chance(0.5)) {
      const unit = this.random.pick(inst.sub);
      unit.name = `${unit.name.replace(/（.*）$/, '')}（${date.slice(0, 4)}年调整）`;
      await this.cmd({ type: 'RenameUnit', unitId: unit.unitId, name: unit.name, effectiveFrom: date });
    }
    if (this.random.chance(0.3)) {
      const branch = this.random.pick(inst.sub.filter((u) => u.kind === 'branch'));
      const target = this.random.pick(inst.sub.filter((u) => u.kind === 'general-branch' && u.unitId !== branch.parentUnitId));
      branch.parentUnitId = target.unitId;
      await this.cmd({ type: 'MoveUnit', unitId: branch.unitId, parentUnitId: target.unitId, effectiveFrom: date });
    }
  }
}

module.exports = { Story };
