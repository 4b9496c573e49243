import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFound } from '@duty-ledger/domain/shared/errors';
import { yearReadDate } from '@duty-ledger/read-models/closed-loop/year-rules';
import { readFigures, type Figures } from '@duty-ledger/read-models/figures/figures.query';
import { readDutyLoop, type DutyLoop } from '@duty-ledger/read-models/loop/duty-loop.query';
import { READ_STORE, type ReadStore } from '@duty-ledger/read-store/read-store.port';
import { BusinessDay } from '../reads/business-day';
import { ReadPointResolver, type ReadMeta, type ReadRequest } from '../reads/read-point';

/** DOMAIN §5.5: 知责→明责→履责→督责→考责→问责 for one duty and year. */
export class ReadDutyLoop extends Query<{ view: DutyLoop; meta: ReadMeta }> {
  constructor(
    readonly dutyId: string,
    readonly request: ReadRequest,
    readonly year?: number,
    readonly at?: string,
  ) {
    super();
  }
}

/** DOMAIN §5.6: the figures a committee reports upward (请示报告) for a unit and its subtree. */
export class ReadFigures extends Query<{ view: Figures; meta: ReadMeta }> {
  constructor(
    readonly unitId: string,
    readonly year: number,
    readonly request: ReadRequest,
    readonly at?: string,
  ) {
    super();
  }
}

@QueryHandler(ReadDutyLoop)
export class ReadDutyLoopHandler implements IQueryHandler<ReadDutyLoop, { view: DutyLoop; meta: ReadMeta }> {
  constructor(
    private readonly readPoint: ReadPointResolver,
    private readonly day: BusinessDay,
    @Inject(READ_STORE) private readonly store: ReadStore,
  ) {}

  async execute({ dutyId, request, year, at }: ReadDutyLoop) {
    const point = await this.readPoint.resolve(request);
    const view = await readDutyLoop(this.store, dutyId, { year, at }, { asOfPosition: point.position, today: this.day.today() });
    if (!view) throw new NotFound('not-found', `duty ${dutyId} does not exist at that point`);
    return { view, meta: point.meta };
  }
}

@QueryHandler(ReadFigures)
export class ReadFiguresHandler implements IQueryHandler<ReadFigures, { view: Figures; meta: ReadMeta }> {
  constructor(
    private readonly readPoint: ReadPointResolver,
    private readonly day: BusinessDay,
    @Inject(READ_STORE) private readonly store: ReadStore,
  ) {}

  async execute({ unitId, year, request, at }: ReadFigures) {
    const point = await this.readPoint.resolve(request);
    const view = await readFigures(this.store, unitId, year, { asOfPosition: point.position, at: at ?? yearReadDate(year, this.day.today()) });
    if (!view) throw new NotFound('not-found', `unit ${unitId} does not exist at that point`);
    return { view, meta: point.meta };
  }
}
