import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { readChain } from '@duty-ledger/read-models/chain/chain.query';
import { readUnit } from '@duty-ledger/read-models/units/units.query';
import { READ_STORE, type ReadStore } from '@duty-ledger/read-store/read-store.port';
import { found, revisionAt, type AggregateRead } from '../reads/aggregate-read';
import { BusinessDay } from '../reads/business-day';
import { ReadPointResolver, type ReadMeta, type ReadRequest } from '../reads/read-point';
import { streams } from '../streams';

type UnitView = NonNullable<Awaited<ReturnType<typeof readUnit>>>;
type ChainView = NonNullable<Awaited<ReturnType<typeof readChain>>>;

export class ReadUnit extends Query<AggregateRead<UnitView>> {
  constructor(
    readonly unitId: string,
    readonly request: ReadRequest,
    readonly at?: string,
  ) {
    super();
  }
}

/** DOMAIN §5.1: the unit's own duties, their delegation chains, and the duties that cover it, at `at`. */
export class ReadResponsibilityChain extends Query<{ view: ChainView; meta: ReadMeta }> {
  constructor(
    readonly unitId: string,
    readonly request: ReadRequest,
    readonly at?: string,
  ) {
    super();
  }
}

@QueryHandler(ReadUnit)
export class ReadUnitHandler implements IQueryHandler<ReadUnit, AggregateRead<UnitView>> {
  constructor(
    private readonly readPoint: ReadPointResolver,
    private readonly day: BusinessDay,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  async execute({ unitId, request, at }: ReadUnit): Promise<AggregateRead<UnitView>> {
    const point = await this.readPoint.resolve(request);
    const view = found(await readUnit(this.readStore, unitId, { asOfPosition: point.position, at: this.day.or(at) }), `unit ${unitId}`);
    return { view, revision: await revisionAt(this.eventStore, streams.unit(unitId), point), meta: point.meta };
  }
}

@QueryHandler(ReadResponsibilityChain)
export class ReadResponsibilityChainHandler implements IQueryHandler<ReadResponsibilityChain, { view: ChainView; meta: ReadMeta }> {
  constructor(
    private readonly readPoint: ReadPointResolver,
    private readonly day: BusinessDay,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async execute({ unitId, request, at }: ReadResponsibilityChain) {
    const point = await this.readPoint.resolve(request);
    const date = this.day.or(at);
    const view = found(await readChain(this.readStore, unitId, { asOfPosition: point.position, at: date }), `unit ${unitId} on ${date}`);
    return { view, meta: point.meta };
  }
}
