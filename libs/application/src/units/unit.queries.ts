import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFound } from '@duty-ledger/domain/shared/errors';
import { readChain, type ResponsibilityChain } from '@duty-ledger/read-models/chain/chain.query';
import { readUnit, type UnitView } from '@duty-ledger/read-models/units/units.query';
import { ModelReader, type AggregateRead } from '../reads/aggregate-read';
import type { ReadMeta, ReadRequest } from '../reads/read-point';
import { streams } from '../streams';

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
export class ReadResponsibilityChain extends Query<{ view: ResponsibilityChain; meta: ReadMeta }> {
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
  constructor(private readonly reader: ModelReader) {}

  execute({ unitId, request, at }: ReadUnit): Promise<AggregateRead<UnitView>> {
    return this.reader.aggregate(`unit ${unitId}`, streams.unit(unitId), request, at, (store, read) => readUnit(store, unitId, read));
  }
}

@QueryHandler(ReadResponsibilityChain)
export class ReadResponsibilityChainHandler implements IQueryHandler<ReadResponsibilityChain, { view: ResponsibilityChain; meta: ReadMeta }> {
  constructor(private readonly reader: ModelReader) {}

  async execute({ unitId, request, at }: ReadResponsibilityChain) {
    const { value, meta } = await this.reader.read(request, at, (store, read) => readChain(store, unitId, read));
    if (!value) throw new NotFound('not-found', `unit ${unitId} is not registered on that date at that point`);
    return { view: value, meta };
  }
}
