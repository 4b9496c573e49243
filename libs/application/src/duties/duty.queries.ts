import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { listDuties, readDuty } from '@duty-ledger/read-models/duties/duties.query';
import { READ_STORE, type ReadStore } from '@duty-ledger/read-store/read-store.port';
import { found, revisionAt, type AggregateRead } from '../reads/aggregate-read';
import { BusinessDay } from '../reads/business-day';
import { ReadPointResolver, type ReadMeta, type ReadRequest } from '../reads/read-point';
import { streams } from '../streams';

type DutyView = NonNullable<Awaited<ReturnType<typeof readDuty>>>;
type DutyFilters = Parameters<typeof listDuties>[1];
type DutyPage = Awaited<ReturnType<typeof listDuties>>;

export class ReadDuty extends Query<AggregateRead<DutyView>> {
  constructor(
    readonly dutyId: string,
    readonly request: ReadRequest,
    readonly at?: string,
  ) {
    super();
  }
}

export class ListDuties extends Query<DutyPage & { meta: ReadMeta }> {
  constructor(
    readonly filters: DutyFilters,
    readonly page: { limit: number; cursor?: string },
    readonly request: ReadRequest,
    readonly at?: string,
  ) {
    super();
  }
}

@QueryHandler(ReadDuty)
export class ReadDutyHandler implements IQueryHandler<ReadDuty, AggregateRead<DutyView>> {
  constructor(
    private readonly readPoint: ReadPointResolver,
    private readonly day: BusinessDay,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  async execute({ dutyId, request, at }: ReadDuty): Promise<AggregateRead<DutyView>> {
    const point = await this.readPoint.resolve(request);
    const view = found(await readDuty(this.readStore, dutyId, { asOfPosition: point.position, at: this.day.or(at) }), `duty ${dutyId}`);
    return { view, revision: await revisionAt(this.eventStore, streams.duty(dutyId), point), meta: point.meta };
  }
}

@QueryHandler(ListDuties)
export class ListDutiesHandler implements IQueryHandler<ListDuties, DutyPage & { meta: ReadMeta }> {
  constructor(
    private readonly readPoint: ReadPointResolver,
    private readonly day: BusinessDay,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async execute({ filters, page, request, at }: ListDuties) {
    const point = await this.readPoint.resolve(request);
    const result = await listDuties(this.readStore, filters, { asOfPosition: point.position, at: this.day.or(at), ...page });
    return { ...result, meta: point.meta };
  }
}
