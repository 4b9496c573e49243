/**
 * Commands on one stream take turns in this process: each starts once the one before it has ended (its events durable,
 * or refused), so it reads the state its predecessor left instead of racing it to the same expected revision. Commands
 * on other streams run meanwhile. Writers in other processes still meet at the expected revision, with its retries.
 * A hot aggregate thus costs a queue, not a round of conflicts: 50 connections revising one duty wrote a few hundred
 * commands a second and refused thousands with 409 after their retries (bench/http-command.js, `http.command.hot`).
 */
export class StreamTurns {
  /** Per stream, the end of the last turn taken: settled once every turn queued on it has run. */
  private readonly lastTurn = new Map<string, Promise<void>>();

  take<T>(streamId: string, turn: () => Promise<T>): Promise<T> {
    const outcome = (this.lastTurn.get(streamId) ?? Promise.resolve()).then(turn);
    const ended = outcome.then(
      () => undefined,
      () => undefined,
    );
    this.lastTurn.set(streamId, ended);
    void ended.then(() => {
      if (this.lastTurn.get(streamId) === ended) this.lastTurn.delete(streamId);
    });
    return outcome;
  }

  /**
   * One turn on several streams (a command that also appends to a guard stream others share): taken one stream after
   * another in the streams' sorted order, which every caller follows, so two such turns never wait on each other.
   */
  takeAll<T>(streamIds: readonly string[], turn: () => Promise<T>): Promise<T> {
    if (streamIds.length === 1) return this.take(streamIds[0], turn);
    const [first, ...rest] = [...new Set(streamIds)].sort();
    if (first === undefined) return turn();
    return this.take(first, () => this.takeAll(rest, turn));
  }

  /** Streams with a turn running or waiting. */
  get busy(): number {
    return this.lastTurn.size;
  }
}
