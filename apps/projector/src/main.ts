import 'reflect-metadata';
import pino from 'pino';
import { ProjectionRunner } from '@duty-ledger/read-store/projection-runner';
import { ALL_PROJECTIONS } from '@duty-ledger/read-models/projections';
import { ConfigError } from '../../api/src/platform/config/config-error';
import { loadConfig } from '../../api/src/platform/config/load-config';
import { makeEventStore, makeReadStore } from '../../api/src/platform/stores/stores.module';

/**
 * The projection worker as its own process (run the API with PROJECTIONS=off): follows the log from the read
 * models' checkpoints and applies every projection, until SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, name: 'projector' });
  const events = makeEventStore(config);
  const reads = makeReadStore(config);
  await reads.defineCollections(ALL_PROJECTIONS.flatMap((p) => p.collections));
  const runner = new ProjectionRunner(events, reads, ALL_PROJECTIONS, {
    logger: { log: (message) => logger.info(message), error: (message, detail) => logger.error({ err: detail }, message) },
  });
  await runner.start();
  logger.info({ projections: ALL_PROJECTIONS.map((p) => p.name), from: await runner.projectedPosition() }, 'projecting');
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await runner.stop();
    await events.close();
    await reads.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`duty-ledger projector: ${error instanceof ConfigError ? error.message : ((error as Error)?.stack ?? String(error))}\n`);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
