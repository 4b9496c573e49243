import { HttpException } from '@nestjs/common';
import { StoreUnavailable, WrongExpectedRevision } from '@duty-ledger/event-store/event-store.port';
import { type ProblemAnswer, ProblemException, problemOf } from './problem';

/** Seconds a client should wait before retrying when a store is unavailable. */
export const RETRY_AFTER_SECONDS = '1';

const SLUG_BY_STATUS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  411: 'length-required',
  413: 'payload-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  422: 'rule-broken',
  429: 'rate-limited',
  431: 'headers-too-large',
  503: 'service-unavailable',
};

/** What a refusal of each status tells a client when nothing more specific is known. */
const DEFAULT_DETAIL: Record<number, string> = {
  413: 'The request body is larger than 256 KiB.',
  415: 'Commands accept only application/json.',
};

const INTERNAL = problemOf(500, 'internal-error', 'An unexpected error occurred; it has been logged with the request id.');

interface DomainLike {
  /**
   * 403: libs/application's `Forbidden` (a key scoped to units outside the command's target); 400: a read's argument
   * only the library can judge (libs/read-models' `InvalidCursor`).
   */
  status: 400 | 403 | 404 | 409 | 422;
  rule: string;
  message: string;
}

/** Duck-typed, so that errors of every layer that follow libs/domain's convention map without importing it. */
function isDomainError(error: unknown): error is DomainLike {
  const e = error as Partial<DomainLike> | null;
  return error instanceof Error && (e?.status === 400 || e?.status === 403 || e?.status === 404 || e?.status === 409 || e?.status === 422) && typeof e.rule === 'string' && /^[a-z0-9-]+$/.test(e.rule);
}

/** Fastify's own refusals (body limit, media type, JSON syntax) carry a 4xx `statusCode` and a client-safe message. */
function clientStatusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return error instanceof Error && typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * The one translation of anything thrown into problem+json. A 5xx never carries the error's message: `internal`
 * says the caller must log it.
 */
export function problemFor(error: unknown): ProblemAnswer & { internal: boolean } {
  if (error instanceof ProblemException) {
    return { problem: problemOf(error.getStatus(), error.slug, error.message, error.errors), headers: { ...retryAfter(error.getStatus()), ...error.headers }, internal: false };
  }
  if (isDomainError(error)) return { problem: problemOf(error.status, error.rule, error.message), internal: false };
  if (error instanceof StoreUnavailable) {
    return { problem: problemOf(503, 'store-unavailable', 'A store is unavailable; retry later.'), headers: retryAfter(503), internal: true };
  }
  if (error instanceof WrongExpectedRevision) {
    return { problem: problemOf(409, 'concurrent-modification', `The stream ${error.streamId} has moved on; read it again and retry.`), internal: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status >= 500 && status !== 503) return { problem: INTERNAL, internal: true };
    const slug = SLUG_BY_STATUS[status] ?? 'error';
    return { problem: problemOf(status, slug, DEFAULT_DETAIL[status] ?? detailOf(error)), headers: retryAfter(status), internal: false };
  }
  const status = clientStatusOf(error);
  if (status !== undefined) {
    const message = (error as Error).message;
    return { problem: problemOf(status, SLUG_BY_STATUS[status] ?? 'error', DEFAULT_DETAIL[status] ?? message), internal: false };
  }
  return { problem: INTERNAL, internal: true };
}

function retryAfter(status: number): Record<string, string> | undefined {
  return status === 503 ? { 'retry-after': RETRY_AFTER_SECONDS } : undefined;
}

function detailOf(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}
