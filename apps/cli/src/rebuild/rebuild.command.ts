import type { Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { ProjectionRunner } from '@duty-ledger/read-store/projection-runner';
import { ALL_PROJECTIONS } from '@duty-ledger/read-models/projections';
import { loadConfig } from '../../../api/src/platform/config/load-config';
import { generationInForce, putGenerationInForce, removeSqliteGeneration } from '../../../api/src/platform/stores/read-model-generations';
import { makeEventStore, makeReadStore } from '../../../api/src/platform/stores/stores.module';

/**
 * `rebuild`: every read model from position 0 into a new generation, then put in force (stop the API first, or use
 * POST /v1/admin/projections/rebuild, which switches under a running API without downtime).
 */
export function registerRebuildCommand(program: Command): void {
  program
    .command('rebuild')
    .description('rebuild every read model from the log into a new generation and put it in force')
    .action(async () => {
      const config = loadConfig();
      const events = makeEventStore(config);
      const previous = generationInForce(config);
      const generation = `g${Date.now().toString(36)}`;
      const store = makeReadStore(config, generation);
      const bar = new SingleBar({ format: 'rebuilding [{bar}] {value}/{total} positions' }, Presets.shades_classic);
      try {
        await store.reset();
        await store.defineCollections(ALL_PROJECTIONS.flatMap((p) => p.collections));
        const head = (await events.headPosition()) ?? 0;
        const runner = new ProjectionRunner(events, store, ALL_PROJECTIONS, { batchSize: config.projectionBatchSize });
        bar.start(head, 0);
        await runner.start();
        for (;;) {
          const done = await runner.waitFor(head, 500);
          bar.update((await runner.projectedPosition()) ?? 0);
          if (done) break;
        }
        await runner.stop();
        bar.stop();
        await store.close();
        putGenerationInForce(config, generation);
        if (!config.mongodbUri) removeSqliteGeneration(config, previous);
        process.stdout.write(`read models rebuilt through position ${head} into generation ${generation}, now in force\n`);
      } finally {
        bar.stop();
        await events.close();
      }
    });
}
