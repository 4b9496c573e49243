import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import type { FromProjectorThread, ProjectorThreadData, ToProjectorThread } from './projector-thread.messages';
import { ThreadProjector } from './thread-projector';

/** The entry of the API's projector thread (projector-thread.ts starts it): runs a ThreadProjector until told to stop. */
async function main(): Promise<void> {
  const port = parentPort!;
  const { config, generation } = workerData as ProjectorThreadData;
  const logger = pino({ level: config.logLevel, name: 'projector-thread' });
  const projector = new ThreadProjector(config, (message: FromProjectorThread) => port.postMessage(message), {
    log: (message) => logger.info(message),
    error: (message, detail) => logger.error({ err: detail }, message),
  });
  port.on('message', (message: ToProjectorThread) => {
    if (message.type === 'wake') projector.wake();
    else if (message.type === 'rebuild') void projector.rebuild(message.generation);
    else if (message.type === 'stop') void projector.stop().finally(() => port.close());
  });
  await projector.start(generation);
}

// A failure to start is unhandled on purpose: the thread ends with it, and the API logs it and starts a new one.
void main();
