import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ConfidentialFields } from '../confidential';
import { StoreUnavailable, type AppendRequest } from '../event-store.port';
import { fromWire, outcomeFromWire, type FromLogWriter, type ToLogWriter } from './log-writer.messages';
import type { CommitOutcome } from './sqlite-log-writer';

/** The built worker beside this file (the TypeScript sources run in tests have none: they use the inline writer). */
export const LOG_WRITER_ENTRY = join(__dirname, 'log-writer.worker.js');

export interface LogWriterThreadOptions {
  file: string;
  confidentialFields: ConfidentialFields;
  busyTimeoutMs?: number;
  /** The worker's script; tests give the built one. */
  entry?: string;
}

interface InFlight {
  resolve: (outcomes: CommitOutcome[]) => void;
  reject: (error: unknown) => void;
}

/**
 * The store's side of the writer thread: a batch goes to the thread and its outcomes come back once it is durable.
 * The store sends one batch at a time. The thread starts at the first batch; if it dies, the batch in flight fails
 * with StoreUnavailable (it may or may not have committed: what idempotency keys are for) and the next batch starts a new one.
 */
export class LogWriterThread {
  private worker?: Worker;
  private inFlight?: InFlight;
  private readonly entry: string;

  constructor(private readonly options: LogWriterThreadOptions) {
    this.entry = options.entry ?? LOG_WRITER_ENTRY;
    if (!existsSync(this.entry)) throw new Error(`the event log's writer thread runs the built worker (${this.entry}): run \`npm run build\`, or use the inline writer`);
  }

  commit(batch: AppendRequest[][]): Promise<CommitOutcome[]> {
    if (this.inFlight) return Promise.reject(new Error('the writer thread commits one batch at a time'));
    return new Promise((resolve, reject) => {
      this.inFlight = { resolve, reject };
      try {
        this.send({ type: 'commit', batch });
      } catch (error) {
        // Not sent (the thread could not start, or the batch cannot be cloned): answered now, so the next can go.
        this.settle((pending) => pending.reject(error));
      }
    });
  }

  /** Resolves once the thread has closed its connection and ended (at once if it never started). */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies ToLogWriter);
    await ended;
  }

  private send(message: ToLogWriter): void {
    const worker = (this.worker ??= this.spawn());
    worker.ref(); // a batch in flight keeps the process alive until it is answered
    worker.postMessage(message);
  }

  private spawn(): Worker {
    const { file, confidentialFields, busyTimeoutMs } = this.options;
    const worker = new Worker(this.entry, { workerData: { file, confidentialFields, busyTimeoutMs } });
    worker.on('message', (message: FromLogWriter) => {
      if (message.type === 'committed') this.settle((pending) => pending.resolve(message.outcomes.map(outcomeFromWire)));
      else this.settle((pending) => pending.reject(fromWire(message.error)));
    });
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`exit code ${code}`)));
    return worker;
  }

  /** Answers the batch in flight; the idle thread alone then no longer keeps the process alive. */
  private settle(answer: (pending: InFlight) => void): void {
    const pending = this.inFlight;
    this.inFlight = undefined;
    this.worker?.unref();
    if (pending) answer(pending);
  }

  /** The thread died: the batch in flight fails, and the next batch starts another thread. */
  private lost(worker: Worker, cause: unknown): void {
    // An earlier thread's last event ('exit' after 'error', or after close): its batch was answered when it was lost,
    // and the batch in flight now is the current thread's.
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.settle((pending) => pending.reject(new StoreUnavailable(`the event log's writer thread stopped: ${(cause as Error).message}`, cause)));
  }
}
