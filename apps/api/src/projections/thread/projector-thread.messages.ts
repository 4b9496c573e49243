import type { AppConfig } from '../../platform/config/app-config';

/** A read-model generation's name; `null` for the first, unnamed one (read-model-generations.ts). */
export type GenerationName = string | null;

/** What the API gives its projector thread to start with. */
export interface ProjectorThreadData {
  config: AppConfig;
  /** The generation to apply: the one in force as the API last knew it. */
  generation: GenerationName;
}

/** From the API to its projector thread. */
export type ToProjectorThread =
  /** The API committed events: read them now rather than at the next poll. */
  | { type: 'wake' }
  /** Build `generation` from position 0 beside the one in force; switch to it once it has caught up. */
  | { type: 'rebuild'; generation: string }
  /** Stop applying, close the stores, then exit. */
  | { type: 'stop' };

/** From the projector thread to the API. */
export type FromProjectorThread =
  /** Every projection of `generation` has applied `position` (`null`: one of them has applied nothing yet). */
  | { type: 'progress'; generation: GenerationName; position: number | null }
  /** The thread now applies `generation` and has closed the previous one: the API may put it in force for its readers. */
  | { type: 'switched'; generation: string }
  | { type: 'rebuild-failed'; generation: string; error: string };
