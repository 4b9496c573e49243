import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
export const PROBLEM_TYPE_BASE = 'https://duty-ledger.dev/problems/';

export interface ProblemField {
  /** Dotted path into the body: `holder.unitId`, `items.3`. */
  path: string;
  message: string;
}

/** RFC 9457 problem details, as API.md "Errors" promises them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: ProblemField[];
  instance?: string;
  requestId?: string;
}

/** A problem to answer, before the request's own `instance` and `requestId` are added. */
export interface ProblemAnswer {
  problem: Problem;
  headers?: Record<string, string>;
}

export const problemType = (slug: string): string => PROBLEM_TYPE_BASE + slug;

export function problemOf(status: number, slug: string, detail: string, errors?: ProblemField[]): Problem {
  return { type: problemType(slug), title: STATUS_CODES[status] ?? 'Error', status, detail, ...(errors && errors.length > 0 ? { errors } : {}) };
}

/** An HTTP refusal with its own problem type (and field errors): what the platform throws when it knows the slug. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly slug: string,
    detail: string,
    readonly errors?: ProblemField[],
    /** Extra response headers (`WWW-Authenticate`, `Retry-After`). */
    readonly headers?: Record<string, string>,
  ) {
    super(detail, status);
  }
}
