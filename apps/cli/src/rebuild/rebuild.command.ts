import type { Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { loadConfig } from '../../../api/src/platform/config/load-config';
import { requireEventLog } from '../event-log';
import { newGenerationName } from '../../../api/src/platform/stores/generation-pointer';
import { describeSwept, sweepGenerations } from '../../../api/src/platform/stores/read-model-generations';
import { dropGeneration, makeEventStore, makeGenerationPointer, othersMovedOff } from '../../../api/src/platform/stores/stores.module';
import { generationBuild } from '../../../api/src/projections/read-model-runners';

/**
 * `rebuild`: every read model from position 0 into a new generation, then put in force. API replicas and projectors
 * that run meanwhile follow the pointer onto it (GENERATION_POLL_MS); the generation it replaced is then dropped.
 */
export function registerRebuildCommand(program: Command): void {
  program
    .command('rebuild')
    .description('rebuild every read model from the log into a new generation and put it in force')
    .action(async () => {
      const config = loadConfig();
      requireEventLog(config);
      const pointer = makeGenerationPointer(config);
      // Never fatal: what it could not delete waits for the next sweep (the API's start, a switch, the next rebuild).
      const sweep = async () => {
        try {
          for (const swept of await sweepGenerations(config, await pointer.inForce())) process.stdout.write(`${describeSwept(swept)}\n`);
        } catch (error) {
          process.stderr.write(`could not sweep the read-model generations nothing reads: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      };
      await sweep();
      const events = makeEventStore(config);
      const previous = await pointer.inForce();
      const generation = newGenerationName(Date.now());
      const { store, runner, start, seal, confirm, lost, discard } = generationBuild(config, events, generation);
      let inForce = false;
      const bar = new SingleBar({ format: 'rebuilding [{bar}] {value}/{total} positions' }, Presets.shades_classic);
      try {
        // An empty log has no position to wait for: its generation is caught up once started.
        const head = await events.headPosition();
        bar.start(head ?? 0, 0);
        await start();
        while (head !== null) {
          const done = await runner.waitFor(head, 500);
          bar.update((await runner.projectedPosition()) ?? 0);
          if (done) break;
          const why = lost();
          if (why) throw why;
        }
        await runner.stop();
        bar.stop();
        await seal();
        await confirm();
        await store.close();
        if (!(await pointer.putInForce(generation))) throw new Error(`a generation newer than ${generation} was put in force meanwhile: this one is discarded`);
        inForce = true;
        await othersMovedOff(config);
        await dropGeneration(config, previous);
        await sweep();
        process.stdout.write(`read models rebuilt through position ${head ?? '(empty log)'} into generation ${generation}, now in force\n`);
      } finally {
        bar.stop();
        if (!inForce) await discard(); // failed or interrupted: its generation's files go with it
        await events.close();
        await pointer.close();
      }
    });
}
