import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { readPerson, type PersonView } from '@duty-ledger/read-models/people/people.query';
import { ModelReader, type AggregateRead } from '../reads/aggregate-read';
import type { ReadRequest } from '../reads/read-point';
import { streams } from '../streams';

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
  constructor(private readonly reader: ModelReader) {}

  execute({ personId, request, at }: ReadPerson): Promise<AggregateRead<PersonView>> {
    return this.reader.aggregate(`person ${personId}`, streams.person(personId), request, at, (store, read) => readPerson(store, personId, read));
  }
}
