import { isNewerGeneration, type GenerationPointer } from './generation-pointer';

export interface GenerationFollowerOptions {
  pointer: GenerationPointer;
  /** The generation this process is on now. */
  current(): string | undefined;
  /** Moves this process onto `generation` (its readers, its runner); the follower calls it once at a time. */
  follow(generation: string): Promise<void>;
  intervalMs: number;
  /** A look at the pointer or a move that failed: tried again at the next interval. */
  onError(error: unknown): void;
}

/**
 * Keeps a process on the generation in force when another process switched it (the CLI's rebuild, another replica's,
 * a projector process's readers): it reads the pointer every interval and follows it to any newer generation, never
 * back to an older one (a pointer read before this process's own switch would otherwise take it back).
 */
export class GenerationFollower {
  private timer?: NodeJS.Timeout;
  private looking?: Promise<void>;
  private stopped = false;

  constructor(private readonly options: GenerationFollowerOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.check(), this.options.intervalMs);
    this.timer.unref();
  }

  /** One look at the pointer (and a move, if it names a newer generation); joins one under way. */
  check(): Promise<void> {
    this.looking ??= this.lookAndFollow()
      .catch((error: unknown) => this.options.onError(error))
      .finally(() => (this.looking = undefined));
    return this.looking;
  }

  /** No look after this; resolves once one under way has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.looking;
  }

  private async lookAndFollow(): Promise<void> {
    const inForce = await this.options.pointer.inForce();
    if (this.stopped || inForce === undefined || !isNewerGeneration(inForce, this.options.current())) return;
    await this.options.follow(inForce);
  }
}
