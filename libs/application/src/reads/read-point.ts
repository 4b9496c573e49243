import { BadRequestException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { CLOCK, type Clock } from './clock';
import { PROJECTION_PROGRESS, type ProjectionProgress } from './projection-progress';
import { lastOfCommand } from './whole-command';

/** What a reader asked for (API.md "Reads"): record time by instant or position, and a position to be consistent with. */
export interface ReadRequest {
  asOf?: string;
  asOfPosition?: number;
  consistentWith?: number;
}

export interface ReadMeta {
  asOfPosition: number | null;
  asOfRecordedAt: string | null;
  projectedPosition: number | null;
}

/** The record-time point a read answers at: `position` -1 means "before the first event" (nothing exists yet). */
export interface ReadPoint {
  position: number;
  meta: ReadMeta;
}

/** 5 s, as API.md promises for `consistentWith` and as-of reads beyond what the read models have applied. */
const WAIT_MS = 5_000;
/** Waits of a millisecond for the clock to pass an as-of instant of the current millisecond. */
const MAX_CLOCK_WAITS = 5;

@Injectable()
export class ReadPointResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_PROGRESS) private readonly progress: ProjectionProgress,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Pins one position for the whole read, so a read composing many documents sees one consistent record. Without
   * `asOf`/`asOfPosition`, "now" is what the read models have applied, or for reads of the log itself (the feeds, its
   * verification: `now: 'log-head'`) the log's head, since the log does not lag behind itself.
   */
  async resolve(request: ReadRequest, now: 'projected' | 'log-head' = 'projected'): Promise<ReadPoint> {
    await this.refuseUnreachable(request);
    if (request.consistentWith !== undefined) await this.waitFor(request.consistentWith);
    if (request.asOfPosition !== undefined) {
      const whole = await this.wholeCommandAt(request.asOfPosition);
      await this.waitFor(whole.position);
      return this.point(whole);
    }
    if (request.asOf !== undefined) {
      await this.untilPast(request.asOf);
      const at = await this.store.positionAt(new Date(request.asOf).toISOString());
      if (!at) return { position: -1, meta: { asOfPosition: null, asOfRecordedAt: null, projectedPosition: await this.progress.projectedPosition() } };
      await this.waitFor(at.position);
      return { position: at.position, meta: { asOfPosition: at.position, asOfRecordedAt: at.recordedAt, projectedPosition: await this.progress.projectedPosition() } };
    }
    if (now === 'log-head') {
      const head = await this.store.headPosition();
      return head === null
        ? { position: -1, meta: { asOfPosition: null, asOfRecordedAt: null, projectedPosition: await this.progress.projectedPosition() } }
        : this.point({ position: head, recordedAt: (await this.lastEventAtOrBefore(head))?.recordedAt ?? null });
    }
    const projected = await this.progress.projectedPosition();
    if (projected === null) return { position: -1, meta: { asOfPosition: null, asOfRecordedAt: null, projectedPosition: null } };
    // The projector may have stopped within a command (its batches are counted in events): read once it has all of it.
    const whole = await this.wholeCommandAt(projected);
    if (whole.position === projected) return this.point(whole, projected);
    await this.waitFor(whole.position);
    return this.point(whole);
  }

  /**
   * A position within a command's events moves to its last (./whole-command.ts): the record never stood between them.
   * A position between events (EventStoreDB's are not dense) that follows a whole command stays as asked. With the
   * instant of the last event the point includes.
   */
  private async wholeCommandAt(position: number): Promise<{ position: number; recordedAt: string | null }> {
    const last = await this.lastEventAtOrBefore(position);
    if (!last) return { position, recordedAt: null };
    const end = await lastOfCommand(this.store, last);
    return end.position === last.position ? { position, recordedAt: last.recordedAt } : { position: end.position, recordedAt: end.recordedAt };
  }

  /**
   * Every 400 of the read point (API.md: a future instant or an asOfPosition past the head of the log), before any
   * wait: a `consistentWith` beside them would otherwise delay a refusal that cannot change. `consistentWith` itself is
   * waited for, then 503 (API.md), whatever it names.
   */
  private async refuseUnreachable(request: ReadRequest): Promise<void> {
    if (request.asOf !== undefined && request.asOfPosition !== undefined) throw new BadRequestException('give asOf or asOfPosition, not both');
    if (request.asOf !== undefined && Date.parse(request.asOf) > this.clock.now().getTime()) throw new BadRequestException(`asOf ${request.asOf} is in the future`);
    if (request.asOfPosition === undefined) return;
    const head = await this.store.headPosition();
    // Position 0 is before the first event of every log, an empty one's too: the empty record, not a point past its head.
    if (request.asOfPosition > (head ?? 0)) throw new BadRequestException(`asOfPosition ${request.asOfPosition} is past the head of the log (${head ?? 'empty'})`);
  }

  /**
   * DOMAIN §6: an as-of answer never changes. Record times are in milliseconds, so an instant of the current millisecond
   * could still be given to an event being written now: its reading waits for the clock to pass it (a millisecond or
   * two; the store then waits for commits it has in flight). A clock that does not move (a test's) is not waited for.
   */
  private async untilPast(instant: string): Promise<void> {
    const ms = Date.parse(instant);
    for (let waits = 0; this.clock.now().getTime() <= ms && waits < MAX_CLOCK_WAITS; waits++) await new Promise((resolve) => setTimeout(resolve, 1));
  }

  private async point({ position, recordedAt }: { position: number; recordedAt: string | null }, projected?: number): Promise<ReadPoint> {
    return { position, meta: { asOfPosition: position, asOfRecordedAt: recordedAt, projectedPosition: projected ?? (await this.progress.projectedPosition()) } };
  }

  /** Positions are not dense (EventStoreDB's are byte offsets): look back in windows that grow until one holds an event. */
  private async lastEventAtOrBefore(position: number) {
    const exact = await this.store.readAt(position);
    if (exact) return exact;
    for (let span = 1_024; ; span *= 16) {
      const from = Math.max(0, position - span);
      const window = await this.store.readAll({ fromPosition: from, toPosition: position });
      if (window.length || from === 0) return window[window.length - 1] ?? null;
    }
  }

  /** Position 0 holds no event (a log's first is past it), so it is applied from the start, before any batch. */
  private async waitFor(position: number): Promise<void> {
    if (position === 0) return;
    if (!(await this.progress.waitFor(position, WAIT_MS)))
      throw new ServiceUnavailableException({ message: `the read models have not yet applied position ${position}`, retryAfter: 1 });
  }
}
