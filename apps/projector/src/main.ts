import 'reflect-metadata';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { LeaseKeeper } from '@duty-ledger/read-store/lease-keeper';
import type { ProjectionRunner } from '@duty-ledger/read-store/projection-runner';
import { ALL_PROJECTIONS } from '@duty-ledger/read-models/projections';
import { ConfigError } from '../../api/src/platform/config/config-error';
import { loadConfig } from '../../api/src/platform/config/load-config';
import { GenerationFollower } from '../../api/src/platform/stores/generation-follower';
import { makeEventStore, makeGenerationPointer, makeReadStore } from '../../api/src/platform/stores/stores.module';
import { configuredMerkleIndexer, configuredSigner } from '../../api/src/integrity/configured-integrity';
import { makeIntegrityStore } from '../../api/src/integrity/integrity-store';
import type { MerkleIndexer } from '../../api/src/integrity/merkle-indexer';
import { MERKLE_LOG } from '../../api/src/integrity/merkle-log.documents';
import { oneAtATime } from '../../api/src/projections/one-at-a-time';
import { runnerInForce } from '../../api/src/projections/read-model-runners';

/**
 * The projection worker as its own process (run the API with PROJECTIONS=off): the read models and the Merkle log.
 * Several may run for availability: each projection (and the Merkle log) is leased, so only the holder applies it; a standby takes over, from the checkpoints, when the
 * holder's leases lapse (PROJECTOR_LEASE_MS, default 10 s). When a rebuild puts a newer generation in force (the
 * CLI's), it moves onto it, leases and all. Stops on SIGTERM/SIGINT, giving its leases up.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, name: 'projector' });
  const leaseMs = Number(process.env.PROJECTOR_LEASE_MS ?? 10_000);
  if (!Number.isInteger(leaseMs) || leaseMs < 100) throw new ConfigError('PROJECTOR_LEASE_MS must be a whole number of milliseconds, at least 100');
  const events = makeEventStore(config);
  const pointer = makeGenerationPointer(config);
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** The generation in force, its store, and the leases held in it. */
  const open = async (generation: string | undefined) => {
    const reads = makeReadStore(config, generation);
    await reads.defineCollections(ALL_PROJECTIONS.flatMap((p) => p.collections));
    return { generation, reads, keeper: new LeaseKeeper(reads, [...ALL_PROJECTIONS.map((p) => p.name), MERKLE_LOG], owner, leaseMs) };
  };
  let applying = await open(await pointer.inForce());
  const merkle = makeIntegrityStore(config);
  const signer = configuredSigner(config);
  let runner: ProjectionRunner | undefined;
  let indexer: MerkleIndexer | undefined;
  let stopping = false;
  // The lease ticks and the moves to a new generation, one at a time: each starts or stops the runner.
  const oneStep = oneAtATime();
  let turns: Promise<void> = Promise.resolve();
  const serially = (step: () => Promise<void>) => (turns = oneStep(step).catch((error: unknown) => logger.error({ err: error }, 'projector step failed')));

  const standDown = async () => {
    await Promise.all([runner?.stop(), indexer?.stop()]);
    runner = undefined;
    indexer = undefined;
  };

  const tick = async () => {
    if (stopping) return;
    const { reads, keeper } = applying;
    const held = await keeper.acquireAll().catch((error: unknown) => {
      logger.error({ err: error }, 'could not reach the read store for the leases');
      return false;
    });
    if (held && !runner) {
      runner = runnerInForce(config, events, reads, {
        logger: { log: (message) => logger.info(message), error: (message, detail) => logger.error({ err: detail }, message) },
      });
      await runner.start();
      indexer = configuredMerkleIndexer(config, events, merkle, signer);
      await indexer.start();
      logger.info({ owner: keeper.owner, from: await runner.projectedPosition() }, 'holding the leases: projecting');
    } else if (!held && runner) {
      // Lost the leases (another took over after a stall): stop before applying anything more.
      await standDown();
      logger.warn({ owner: keeper.owner }, 'lost the leases: standing by');
    }
  };

  /** Another process put a newer generation in force: stop applying this one, give its leases up, lease and apply that one. */
  const follow = async (generation: string) => {
    if (stopping) return;
    logger.info({ from: applying.generation ?? null, to: generation }, 'a newer read-model generation is in force: moving onto it');
    await standDown();
    const left = applying;
    await left.keeper.releaseAll();
    applying = await open(generation);
    await left.reads.close();
    await tick();
  };
  const follower = new GenerationFollower({
    pointer,
    current: () => applying.generation,
    follow: (generation) => serially(() => follow(generation)),
    intervalMs: config.generationPollMs,
    onError: (error) => logger.warn({ err: error }, 'could not follow the read-model generation in force; trying again'),
  });

  await serially(tick);
  const timer = setInterval(() => void serially(tick), Math.max(50, Math.floor(leaseMs / 3)));
  follower.start();

  const stop = async (signal: string) => {
    stopping = true;
    clearInterval(timer);
    logger.info({ signal }, 'stopping');
    await follower.stop();
    await turns;
    await standDown();
    await applying.keeper.releaseAll();
    await events.close();
    await Promise.all([applying.reads.close(), merkle.close(), pointer.close()]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`duty-ledger projector: ${error instanceof ConfigError ? error.message : ((error as Error)?.stack ?? String(error))}\n`);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
