import { Inject, Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@duty-ledger/event-store/event-store.port';
import { READ_STORE, type ReadStore } from '@duty-ledger/read-store/read-store.port';

/** Terminus indicators for the two stores: up when `ping()` resolves. */
@Injectable()
export class StoreHealth {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  eventStoreUp(): Promise<HealthIndicatorResult> {
    return this.probe('eventStore', () => this.eventStore.ping());
  }

  readStoreUp(): Promise<HealthIndicatorResult> {
    return this.probe('readStore', () => this.readStore.ping());
  }

  private async probe(key: string, ping: () => Promise<void>): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(key);
    try {
      await ping();
      return session.up();
    } catch {
      // The cause goes to the log through terminus; the public answer only says "down".
      return session.down();
    }
  }
}
