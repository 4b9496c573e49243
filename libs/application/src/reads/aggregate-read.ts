import { Inject, Injectable } from '@nestjs/common';
import { NotFound } from '@duty-ledger/domain/shared/errors';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { READ_STORE, type ReadStore } from '@duty-ledger/read-store/read-store.port';
import { BusinessDay } from './business-day';
import { ReadPointResolver, type ReadMeta, type ReadRequest } from './read-point';

/** A read of one aggregate answers its stream's revision as of the read point (and the same ETag). */
export interface AggregateRead<View> {
  view: View;
  revision: number;
  meta: ReadMeta;
}

/** What every read-model query receives: one pinned record-time position and one business date. */
export type ModelRead<T> = (store: ReadStore, read: { asOfPosition: number; at: string }) => Promise<T>;

/** The steps every read shares: pin the record-time point, default the business date, read the model. */
@Injectable()
export class ModelReader {
  constructor(
    private readonly readPoint: ReadPointResolver,
    private readonly day: BusinessDay,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  async read<T>(request: ReadRequest, at: string | undefined, query: ModelRead<T>): Promise<{ value: T; meta: ReadMeta; position: number }> {
    const point = await this.readPoint.resolve(request);
    const value = await query(this.readStore, { asOfPosition: point.position, at: this.day.or(at) });
    return { value, meta: point.meta, position: point.position };
  }

  /** One aggregate: 404 when the model has nothing at that point, else the view with its stream's revision then. */
  async aggregate<View>(what: string, streamId: string, request: ReadRequest, at: string | undefined, query: ModelRead<View | null>): Promise<AggregateRead<View>> {
    const { value, meta, position } = await this.read(request, at, query);
    if (value === null) throw new NotFound('not-found', `${what} does not exist at that point`);
    const last = await this.eventStore.readLastEvent(streamId, { toPosition: position });
    return { view: value, revision: last ? last.revision : -1, meta };
  }
}
