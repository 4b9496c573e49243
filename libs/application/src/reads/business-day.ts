import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, TIME_ZONE, todayIn, type Clock } from './clock';

/** The `at` of a read: the date asked for, else today in the server's zone. */
@Injectable()
export class BusinessDay {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TIME_ZONE) private readonly timeZone: string,
  ) {}

  today(): string {
    return todayIn(this.clock, this.timeZone);
  }

  or(at: string | undefined): string {
    return at ?? this.today();
  }
}
