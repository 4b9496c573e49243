import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandExecutor } from '@duty-ledger/application/commands/command-executor';
import { HttpMetrics } from './http-metrics';
import { runningTotal } from './running-total';

/**
 * `command_conflict_retries_total`: commands attempted again because another writer moved their stream (or a guard
 * stream) between their read and their append. Commands on one stream take turns within a process, so these come from
 * other processes writing the same streams; a rate that climbs is a hot aggregate shared across replicas. Read at
 * scrape time.
 */
@Injectable()
export class CommandContentionMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: HttpMetrics,
    private readonly executor: CommandExecutor,
  ) {}

  onModuleInit(): void {
    const contention = this.executor.contention;
    runningTotal(
      this.metrics.registry,
      'command_conflict_retries_total',
      'Command attempts made again after another writer moved one of their streams between their read and their append',
      () => contention.retries,
    );
  }
}
