// The command executor's path (decide → events with metadata → appendMany with expected revisions and guard streams),
// with every aggregate kept folded in memory instead of re-read from its stream per command: the deciders and the
// store are the product's own (compiled in dist/), so the log holds exactly what the API would have written.
const { Buffer } = require('node:buffer');
const path = require('node:path');
const { v4, v7 } = require('uuid');

const DIST = path.join(__dirname, '..', '..', 'dist');
const lib = (p) => require(path.join(DIST, 'libs', p));
const { unitDecider, moveRecordOf } = lib('domain/src/unit/unit.decider');
const { unitChildren, childTermsOf, childrenStreamTouchedBy } = lib('domain/src/unit/unit-children');
const { personDecider } = lib('domain/src/person/person.decider');
const { appointmentDecider } = lib('domain/src/person/appointment.decider');
const { postIncumbency, postIncumbencyOf, postTermOf, incumbentsOn } = lib('domain/src/post/post-incumbency');
const { dutyDecider } = lib('domain/src/duty/duty.decider');
const { delegation, delegationTermsOf } = lib('domain/src/duty/delegation');
const { meetingDecider, annualMeetingGuardKey } = lib('domain/src/meeting/meeting.decider');
const { reportDecider } = lib('domain/src/report/report.decider');
const { findingDecider } = lib('domain/src/finding/finding.decider');
const { accountabilityDecider } = lib('domain/src/accountability/accountability.decider');
const { assessmentDecider, assessmentGuardKey } = lib('domain/src/assessment/assessment.decider');
const { businessDateOf } = lib('domain/src/shared/business-date');
const { currentSchemaVersion } = lib('domain/src/shared/upcasters');
const { CONFIDENTIAL_FIELDS } = lib('domain/src/shared/confidentiality');
const { streams } = lib('application/src/streams');

const ACTOR = { name: 'province-generator', role: 'admin' };

/** Which stream and decider each command goes to, as in libs/application's handlers. `once`: only ever asked whether it exists. */
function planOf(command) {
  switch (command.type) {
    case 'RegisterUnit':
    case 'RenameUnit':
    case 'MoveUnit':
    case 'DissolveUnit': {
      // Every move takes its turn in the tree's moves guard; a registration under a parent, a move into it and a
      // dissolution take theirs in the parent's children stream, as in the API's handler.
      const parentId = childrenStreamTouchedBy(command);
      const guardsOf = (decided) => {
        const terms = childTermsOf(decided);
        return [
          ...(command.type === 'MoveUnit' ? [{ streamId: streams.unitMoves(), events: decided.flatMap(moveRecordOf) }] : []),
          ...(parentId === undefined || terms.length === 0 ? [] : [{ streamId: streams.unitChildren(parentId), events: terms, folder: unitChildren }]),
        ];
      };
      return { streamId: streams.unit(command.unitId), decider: unitDecider, create: command.type === 'RegisterUnit', guardsOf };
    }
    case 'RegisterPerson':
      return { streamId: streams.person(command.personId), decider: personDecider, create: true, once: true };
    case 'AppointPerson':
    case 'RelievePerson': {
      // The person's event; the post's term event beside it, whose stream's fold is the incumbency the rules consult
      // (this post's events only: two posts' stream names can coincide, as in the API's handler).
      const tenure = { personId: command.personId, unitId: command.unitId, post: command.post, effectiveFrom: command.effectiveFrom };
      const term = postTermOf({ type: command.type === 'AppointPerson' ? 'PersonAppointed' : 'PersonRelieved', data: tenure });
      const guard = { streamId: streams.post(command.unitId, command.post), ...term, folder: postIncumbencyOf(command.unitId, command.post) };
      return { streamId: streams.person(command.personId), decider: appointmentDecider, create: false, guard };
    }
    case 'AssignDuty':
    case 'ReassignDuty':
    case 'ReviseDuty':
    case 'CloseDuty':
    case 'AcknowledgeDuty': {
      // A delegate's change and its parent's take their terms in the parent's delegation stream, as in the API's handler.
      const guardsOf = (decided, state) =>
        delegationTermsOf(decided, state).map(({ delegatorId, events }) => ({ streamId: streams.delegations(delegatorId), events, folder: delegation }));
      return { streamId: streams.duty(command.dutyId), decider: dutyDecider, create: command.type === 'AssignDuty', guardsOf };
    }
    case 'HoldMeeting': {
      const key = annualMeetingGuardKey(command);
      const guard = key === undefined ? undefined : { streamId: streams.guard('annual-meeting', key), type: 'AnnualMeetingClaimed', data: { meetingId: command.meetingId } };
      return { streamId: streams.meeting(command.meetingId), decider: meetingDecider, create: true, once: true, guard };
    }
    case 'SubmitReport':
      return { streamId: streams.report(command.reportId), decider: reportDecider, create: true, once: true };
    case 'RaiseFinding':
    case 'PlanRectification':
    case 'CompleteRectification':
    case 'ReviewFollowUp':
    case 'CloseFinding':
      return { streamId: streams.finding(command.findingId), decider: findingDecider, create: command.type === 'RaiseFinding' };
    case 'ApplyAccountability':
    case 'RevokeAccountability':
      return { streamId: streams.case(command.caseId), decider: accountabilityDecider, create: command.type === 'ApplyAccountability' };
    case 'RecordAssessment': {
      const guard = { streamId: streams.guard('assessment', assessmentGuardKey(command)), type: 'AssessmentInForce', data: { assessmentId: command.assessmentId } };
      return { streamId: streams.assessment(command.assessmentId), decider: assessmentDecider, create: true, once: true, guard };
    }
    default:
      throw new Error(`no plan for ${command.type}`);
  }
}

class Ledger {
  /** `batchEvents`: events per appendMany (one transaction, one fsync). */
  constructor(store, random, { batchEvents = 4000 } = {}) {
    this.store = store;
    this.random = random;
    this.batchEvents = batchEvents;
    /** streamId → { state, revision, last? } (guard streams keep their last event's data, and their fold when they have one). */
    this.streams = new Map();
    this.pending = [];
    this.pendingEvents = 0;
    this.events = 0;
    this.commands = 0;
    this.sequence = 0;
    /** The simulated day: the store's clock and the event ids' time. */
    this.now = new Date('2016-01-01T00:00:00Z');
  }

  /** Runs one command as the executor would; a refusal is a bug in the story, so it throws with the command. */
  async execute(command) {
    const plan = planOf(command);
    const { state, revision } = this.aggregate(plan.streamId, plan.decider);
    const guard = plan.guard && this.streams.get(plan.guard.streamId);
    let decided;
    try {
      decided = plan.decider.decide(command, state, this.contextFor(command, guard));
    } catch (error) {
      error.message = `${error.message}\n  refused: ${JSON.stringify(command)}`;
      throw error;
    }
    const commandId = v4({ random: this.random.bytes(16) });
    const correlationId = `province-${this.commands++}`;
    const envelope = (event) => {
      const data = { ...event.data };
      // What the store's salted() would add, from the seeded PRNG instead of the OS, so reruns give the same log.
      for (const field of CONFIDENTIAL_FIELDS[event.type] ?? []) if (field in data) data[`${field}Salt`] = hex(this.random.bytes(16));
      const metadata = { actor: ACTOR, commandId, correlationId, causationId: commandId, businessDate: businessDateOf(event.data), schemaVersion: currentSchemaVersion(event.type) };
      // A counter as the v7 sequence keeps ids time-ordered within the simulated millisecond too (appends stay at the B-tree's end).
      return { eventId: v7({ msecs: this.now.getTime(), seq: this.sequence++ & 0x7fffffff, random: this.random.bytes(16) }), type: event.type, data, metadata };
    };
    const requests = [{ streamId: plan.streamId, expectedRevision: plan.create ? 'no_stream' : revision, events: decided.map(envelope) }];
    const guards = plan.guard ? [{ streamId: plan.guard.streamId, events: [{ type: plan.guard.type, data: plan.guard.data }], folder: plan.guard.folder }] : (plan.guardsOf?.(decided, state) ?? []);
    for (const { streamId, events, folder } of guards) {
      const current = this.streams.get(streamId);
      requests.push({ streamId, expectedRevision: current ? current.revision : 'no_stream', events: events.map(envelope) });
      const folded = folder ? events.reduce((fold, e) => folder.evolve(fold, e), current?.state ?? folder.initialState) : null;
      this.streams.set(streamId, { state: folded, revision: (current?.revision ?? -1) + events.length, last: events[events.length - 1].data });
    }
    const folded = decided.reduce((s, e) => plan.decider.evolve(s, e), state);
    // Aggregates only ever asked whether they exist (write-once, or a person): keep no more of them.
    this.streams.set(plan.streamId, { state: plan.once ? { exists: true } : folded, revision: revision + decided.length });
    this.pending.push(...requests);
    for (const request of requests) this.pendingEvents += request.events.length;
    if (this.pendingEvents >= this.batchEvents) await this.flush();
    return decided;
  }

  /** Moves the simulated clock (committing what was decided before, so each commit is stamped with its own day). */
  async setDay(date) {
    await this.flush();
    this.now = new Date(`${date}T12:00:00.000Z`);
  }

  async flush() {
    if (this.pending.length === 0) return;
    const requests = this.pending;
    this.pending = [];
    this.events += this.pendingEvents;
    this.pendingEvents = 0;
    await this.store.appendMany(requests);
  }

  /** Events decided so far, committed or not. */
  get decided() {
    return this.events + this.pendingEvents;
  }

  aggregate(streamId, decider) {
    return this.streams.get(streamId) ?? { state: decider.initialState, revision: -1 };
  }

  stateOf(streamId) {
    const state = this.streams.get(streamId)?.state;
    return state?.exists ? state : undefined;
  }

  incumbents(unitId, post, date) {
    const state = this.streams.get(streams.post(unitId, post))?.state;
    return state ? incumbentsOn(state, date) : [];
  }

  duty(dutyId) {
    return this.stateOf(streams.duty(dutyId));
  }

  finding(findingId) {
    return this.stateOf(streams.finding(findingId));
  }

  /** Everything a decider may consult, read from the folded aggregates (the handlers read the same from the log). */
  contextFor(command, guard) {
    if (command.type === 'AppointPerson' || command.type === 'RelievePerson') {
      return { unit: this.stateOf(streams.unit(command.unitId)), post: this.streams.get(streams.post(command.unitId, command.post))?.state ?? postIncumbency.initialState };
    }
    return {
      unit: (id) => this.stateOf(streams.unit(id)),
      childrenOf: (id) => this.streams.get(streams.unitChildren(id))?.state?.children ?? [],
      personExists: (id) => !!this.stateOf(streams.person(id)),
      duty: (id) => this.duty(id),
      delegation: (id) => this.streams.get(streams.delegations(id))?.state ?? delegation.initialState,
      finding: (id) => this.finding(id),
      assessment: (id) => this.stateOf(streams.assessment(id)),
      post: (unitId, post) => this.streams.get(streams.post(unitId, post))?.state ?? postIncumbency.initialState,
      annualMeetingHeld: guard !== undefined,
      existingAssessmentId: guard?.last?.assessmentId,
    };
  }
}

const hex = (bytes) => Buffer.from(bytes).toString('hex');

module.exports = { Ledger, CONFIDENTIAL_FIELDS };
