import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { readPerson } from '@duty-ledger/read-models/people/people.query';
import { READ_STORE, type ReadStore } from '@duty-ledger/read-store/read-store.port';
import { found, revisionAt, type AggregateRead } from '../reads/aggregate-read';
import { BusinessDay } from '../reads/business-day';
import { ReadPointResolver, type ReadRequest } from '../reads/read-point';
import { streams } from '../streams';

type PersonView = NonNullable<Awaited<ReturnType<typeof readPerson>>>;

export class ReadPerson extends Query<AggregateRead<PersonView>> {
  constructor(
    readonly personId: string,
    readonly request: ReadRequest,
    readonly at?: string,
  ) {
    super();
  }
}

@QueryHandler(ReadPerson)
export class ReadPersonHandler implements IQueryHandler<ReadPerson, AggregateRead<PersonView>> {
  constructor(
    private readonly readPoint: ReadPointResolver,
    private readonly day: BusinessDay,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  async execute({ personId, request, at }: ReadPerson): Promise<AggregateRead<PersonView>> {
    const point = await this.readPoint.resolve(request);
    const view = found(await readPerson(this.readStore, personId, { asOfPosition: point.position, at: this.day.or(at) }), `person ${personId}`);
    return { view, revision: await revisionAt(this.eventStore, streams.person(personId), point), meta: point.meta };
  }
}
