import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { NotFound } from '@duty-ledger/domain/shared/errors';
import { readAccountabilityTrail, type AccountabilityTrail } from '@duty-ledger/read-models/accountability/accountability.query';
import { readAuditTrail, type AuditTrailItem, type AuditTrailQuery } from '@duty-ledger/read-models/audit-trail/audit-trail.query';
import type { Lang } from '@duty-ledger/read-models/audit-trail/audit-summary';
import { readCompliance, type Compliance } from '@duty-ledger/read-models/compliance/compliance.query';
import { listFindings, readFinding, type FindingFilters, type FindingView } from '@duty-ledger/read-models/findings/findings.query';
import { ModelReader, type AggregateRead } from '../reads/aggregate-read';
import type { ReadMeta, ReadRequest } from '../reads/read-point';
import { streams } from '../streams';

/** Who reads, as far as confidential fields go: the discipline and admin roles see them in plain. */
export interface Reader {
  canReadConfidential: boolean;
}

type Paged<T> = { items: T[]; nextCursor: string | null; meta: ReadMeta };

export class ReadFinding extends Query<AggregateRead<FindingView>> {
  constructor(
    readonly findingId: string,
    readonly request: ReadRequest,
    readonly at?: string,
  ) {
    super();
  }
}

export class ListFindings extends Query<Paged<FindingView>> {
  constructor(
    readonly filters: FindingFilters,
    readonly page: { limit: number; cursor?: string },
    readonly request: ReadRequest,
    readonly at?: string,
  ) {
    super();
  }
}

/** DOMAIN §5.3: the finding, the chain on the day it occurred, the decisions, and one case, two investigations. */
export class ReadAccountabilityTrail extends Query<{ view: AccountabilityTrail; meta: ReadMeta }> {
  constructor(
    readonly findingId: string,
    readonly request: ReadRequest,
    readonly reader: Reader,
    readonly at?: string,
  ) {
    super();
  }
}

/** DOMAIN §5.2: every event touching a subject, oldest first, with a summary in the reader's language. */
export class ReadAuditTrail extends Query<Paged<AuditTrailItem>> {
  constructor(
    readonly query: AuditTrailQuery,
    readonly request: ReadRequest,
    readonly lang: Lang,
    readonly reader: Reader,
  ) {
    super();
  }
}

/** DOMAIN §5.4: a unit's required meetings, reports and findings by status for a year. */
export class ReadCompliance extends Query<{ view: Compliance; meta: ReadMeta }> {
  constructor(
    readonly unitId: string,
    readonly year: number,
    readonly request: ReadRequest,
    readonly at?: string,
  ) {
    super();
  }
}

@QueryHandler(ReadFinding)
export class ReadFindingHandler implements IQueryHandler<ReadFinding, AggregateRead<FindingView>> {
  constructor(private readonly reader: ModelReader) {}

  execute({ findingId, request, at }: ReadFinding) {
    return this.reader.aggregate(`finding ${findingId}`, streams.finding(findingId), request, at, (store, read) => readFinding(store, findingId, read));
  }
}

@QueryHandler(ListFindings)
export class ListFindingsHandler implements IQueryHandler<ListFindings, Paged<FindingView>> {
  constructor(private readonly reader: ModelReader) {}

  async execute({ filters, page, request, at }: ListFindings) {
    const { value, meta } = await this.reader.read(request, at, (store, read) => listFindings(store, filters, { ...read, ...page }));
    return { ...value, meta };
  }
}

@QueryHandler(ReadAccountabilityTrail)
export class ReadAccountabilityTrailHandler implements IQueryHandler<ReadAccountabilityTrail, { view: AccountabilityTrail; meta: ReadMeta }> {
  constructor(private readonly reader: ModelReader) {}

  async execute({ findingId, request, reader, at }: ReadAccountabilityTrail) {
    const { value, meta } = await this.reader.read(request, at, (store, read) => readAccountabilityTrail(store, findingId, read, reader));
    if (!value) throw new NotFound('not-found', `finding ${findingId} does not exist at that point`);
    return { view: value, meta };
  }
}

@QueryHandler(ReadAuditTrail)
export class ReadAuditTrailHandler implements IQueryHandler<ReadAuditTrail, Paged<AuditTrailItem>> {
  constructor(
    private readonly reader: ModelReader,
    @Inject(EVENT_STORE) private readonly log: EventStore,
  ) {}

  async execute({ query, request, lang, reader }: ReadAuditTrail) {
    const { value, meta } = await this.reader.read(request, undefined, (store, read) => readAuditTrail(store, this.log, query, read, lang, reader));
    return { ...value, meta };
  }
}

@QueryHandler(ReadCompliance)
export class ReadComplianceHandler implements IQueryHandler<ReadCompliance, { view: Compliance; meta: ReadMeta }> {
  constructor(private readonly reader: ModelReader) {}

  async execute({ unitId, year, request, at }: ReadCompliance) {
    const { value, meta } = await this.reader.read(request, at, (store, read) => readCompliance(store, unitId, year, read));
    if (!value) throw new NotFound('not-found', `unit ${unitId} does not exist at that point`);
    return { view: value, meta };
  }
}
