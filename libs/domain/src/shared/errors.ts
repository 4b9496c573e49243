/**
 * What a decider may refuse with. The HTTP layer maps them: NotFound → 404, Conflict → 409, RuleBroken → 422.
 * `rule` is a stable kebab-case code; the message names the rule in words (problem+json `detail`).
 */
export abstract class DomainError extends Error {
  abstract readonly status: 404 | 409 | 422;
  constructor(readonly rule: string, message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The target or a referenced id does not exist (at the command's business date, where that matters). */
export class NotFound extends DomainError {
  readonly status = 404;
}

/** An id that exists already, or a uniqueness rule (a second annual meeting, a second assessment). */
export class Conflict extends DomainError {
  readonly status = 409;
}

/** A domain rule is broken. */
export class RuleBroken extends DomainError {
  readonly status = 422;
}
