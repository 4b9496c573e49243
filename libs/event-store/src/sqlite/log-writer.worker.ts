import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { ConfidentialFields } from '../confidential';
import { outcomeToWire, toWire, type FromLogWriter, type ToLogWriter } from './log-writer.messages';
import { storeError } from './sqlite-errors';
import { openLogFile } from './sqlite-log-file';
import { SqliteLogWriter } from './sqlite-log-writer';

/** The event log's writer thread (SqliteEventStore with `writer: 'thread'`): commits what the store's thread sends, one batch at a time. */
const { file, confidentialFields, busyTimeoutMs } = workerData as { file: string; confidentialFields: ConfidentialFields; busyTimeoutMs?: number };
const port = parentPort!;
let db: Database.Database | undefined;
let writer: SqliteLogWriter | undefined;

const reply = (message: FromLogWriter) => port.postMessage(message);

port.on('message', (message: ToLogWriter) => {
  if (message.type === 'close') {
    db?.close();
    port.close(); // nothing else holds the thread: it ends
    return;
  }
  try {
    // Opened at the first batch, and again after a failure to open: a data directory made writable later recovers.
    if (!writer) {
      db = openLogFile(file, busyTimeoutMs);
      writer = new SqliteLogWriter(db, { confidentialFields });
    }
    reply({ type: 'committed', outcomes: writer.commit(message.batch).map(outcomeToWire) });
  } catch (error) {
    reply({ type: 'failed', error: toWire(storeError(error)) });
  }
});
