import type { FastifyInstance } from 'fastify';
import { ProblemException } from '../problem/problem';
import { MAX_DEPTH, nestsDeeperThan } from './json-depth';

/** API.md: bodies over 256 KiB → 413. */
export const BODY_LIMIT = 256 * 1024;

/**
 * Bodies are JSON only (any other media type → 415; a charset parameter is fine). Fastify's own parser refuses
 * `__proto__`/`constructor` keys (onProtoPoisoning/onConstructorPoisoning: 'error'); on top, nesting over 8 levels
 * is refused here, before class-transformer walks the body.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (request, body, done) => {
    parseJson(request, body as string, (error: Error | null, value?: unknown) => {
      if (error) return done(new ProblemException(400, 'malformed-json', describe(error)), undefined);
      // Every command takes a JSON object (API.md); a bare array, string, number or null is malformed for all of them.
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return done(new ProblemException(400, 'body-not-object', 'The body must be a JSON object.'), undefined);
      if (nestsDeeperThan(value, MAX_DEPTH)) return done(new ProblemException(400, 'too-deep', `JSON nesting is limited to ${MAX_DEPTH} levels.`), undefined);
      done(null, value);
    });
  });
}

function describe(error: Error): string {
  if (/prototype|constructor/i.test(error.message)) return 'JSON keys __proto__ and constructor are refused.';
  if ((error as { code?: string }).code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'The body is empty; send a JSON object.';
  // JSON.parse messages name a position, never server internals.
  return `Malformed JSON: ${error.message.slice(0, 200)}`;
}
