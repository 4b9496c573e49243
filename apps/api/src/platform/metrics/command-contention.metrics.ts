import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Counter } from 'prom-client';
import { CommandExecutor } from '@duty-ledger/application/commands/command-executor';
import { HttpMetrics } from './http-metrics';

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
    new Counter({
      name: 'command_conflict_retries_total',
      help: 'Command attempts made again after another writer moved one of their streams between their read and their append',
      registers: [this.metrics.registry],
      collect() {
        this.reset();
        this.inc(contention.retries);
      },
    });
  }
}
