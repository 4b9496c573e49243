import type { Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { createApp } from '../../../api/src/bootstrap';
import { loadConfig } from '../../../api/src/platform/config/load-config';
import { PROJECTION_PROGRESS, type ProjectionProgress } from '@duty-ledger/application/reads/projection-progress';
import { seed } from './seed';
import { UNIVERSITY } from './university';

/** `seed`: load the demo university into the configured stores (idempotent), then wait for the read models. */
export function registerSeedCommand(program: Command): void {
  program
    .command('seed')
    .description('load a demo university built from the 2019 "four responsibilities" measures (safe to run twice)')
    .action(async () => {
      const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', PROJECTIONS: 'inline' });
      const app = await createApp(config, { logger: false });
      await app.init();
      const bar = new SingleBar({ format: 'seeding [{bar}] {value}/{total} commands' }, Presets.shades_classic);
      bar.start(UNIVERSITY.length, 0);
      try {
        const result = await seed(app, UNIVERSITY, (done) => bar.update(done));
        bar.stop();
        await app.get<ProjectionProgress>(PROJECTION_PROGRESS).waitFor(result.lastPosition, 30_000);
        const kept = result.keptFromEarlier ? `, ${result.keptFromEarlier} kept as an earlier version of the demo worded them` : '';
        process.stdout.write(`seeded ${config.dataDir}: ${result.written} commands written, ${result.replayed} already there${kept}\n`);
      } finally {
        bar.stop();
        await app.close();
      }
    });
}
