/** Every read-model query answers at one record-time position and one business date. */
export interface ReadAt {
  /** Inclusive; `-1`: before the first event. */
  asOfPosition: number;
  /** Business date `YYYY-MM-DD`. */
  at: string;
}
