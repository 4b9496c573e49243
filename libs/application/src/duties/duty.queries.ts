import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { listDuties, readDuty, type DutyFilters, type DutyView } from '@duty-ledger/read-models/duties/duties.query';
import { ModelReader, type AggregateRead } from '../reads/aggregate-read';
import type { ReadMeta, ReadRequest } from '../reads/read-point';
import { streams } from '../streams';

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
  constructor(private readonly reader: ModelReader) {}

  execute({ dutyId, request, at }: ReadDuty): Promise<AggregateRead<DutyView>> {
    return this.reader.aggregate(`duty ${dutyId}`, streams.duty(dutyId), request, at, (store, read) => readDuty(store, dutyId, read));
  }
}

@QueryHandler(ListDuties)
export class ListDutiesHandler implements IQueryHandler<ListDuties, DutyPage & { meta: ReadMeta }> {
  constructor(private readonly reader: ModelReader) {}

  async execute({ filters, page, request, at }: ListDuties) {
    const { value, meta } = await this.reader.read(request, at, (store, read) => listDuties(store, filters, { ...read, ...page }));
    return { ...value, meta };
  }
}
