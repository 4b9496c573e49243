import type { EventStore } from '@duty-ledger/event-store/event-store.port';
import { instantMillis } from '@duty-ledger/event-store/record-time';
import type { Checkpoint } from './read-store.port';

/** A projection's checkpoint that the log does not bear out. */
export interface ForeignCheckpoint {
  projection: string;
  checkpoint: Checkpoint;
  /** The record time of the event the log holds at the checkpoint's position; `null` when it holds none there. */
  logRecordedAt: string | null;
}

/**
 * The first checkpoint naming an event the log does not hold as it was projected: no event at its position (a log
 * restored from a backup older than its read models, or replaced), or one recorded at another time (a history written
 * since then). A checkpoint names its event by position and record time, and every event of a commit shares the
 * commit's record time, so another history differs there. One read of the log a distinct position.
 */
export async function foreignCheckpoint(log: Pick<EventStore, 'readAt'>, checkpoints: ReadonlyMap<string, Checkpoint>): Promise<ForeignCheckpoint | undefined> {
  const recordedAt = new Map<number, string | null>();
  for (const [projection, checkpoint] of checkpoints) {
    if (!recordedAt.has(checkpoint.position)) recordedAt.set(checkpoint.position, (await log.readAt(checkpoint.position))?.recordedAt ?? null);
    const logRecordedAt = recordedAt.get(checkpoint.position)!;
    if (logRecordedAt === null || instantMillis(logRecordedAt) !== instantMillis(checkpoint.recordedAt)) return { projection, checkpoint, logRecordedAt };
  }
  return undefined;
}
