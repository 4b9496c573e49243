import type { FastifyInstance } from 'fastify';
import { ProblemException } from '../problem/problem';
import { MAX_DEPTH, nestsDeeperThan } from './json-depth';
import type { TakesNoBodyRouteConfig } from './takes-no-body';

/** API.md: bodies over 256 KiB → 413. */
export const BODY_LIMIT = 256 * 1024;

/**
 * API.md: `__proto__` and `constructor` keys are refused at any depth, whatever their value; so is every other name a
 * plain object inherits (`toString`, `valueOf`, …), and `prototype`. class-transformer skips a key that names a
 * function on the DTO it builds, so such a key would vanish from the command instead of being refused as unknown.
 * (DTOs declare no methods of their own: forbidden-keys.spec.ts.)
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);
/** A body can only hold a forbidden key if it spells one out or uses a `\u` escape (which may spell one). */
const MAY_HOLD_FORBIDDEN_KEY = new RegExp([...FORBIDDEN_KEYS, '\\\\u'].join('|'));

/**
 * Bodies are JSON only (any other media type, or none, → 415; a charset parameter is fine), and API.md checks size
 * first: a body of another media type, or of none, is read within the limit (413) before it is refused. Nesting over
 * 8 levels and FORBIDDEN_KEYS are refused here, before class-transformer walks the body.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  // Fastify's poisoning checks ('error') catch only `__proto__` and `constructor.prototype`, and answer "not valid
  // JSON" without naming the key; the walk below refuses both keys whatever their value, by path. (JSON.parse makes
  // `__proto__` an own property, never the prototype, so the parsed value is inert until then.)
  const parseJson = fastify.getDefaultJsonParser('ignore', 'ignore');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (request, bytes, done) => {
    const body = utf8(bytes as Buffer);
    if (body === undefined) return done(new ProblemException(400, 'malformed-json', 'Malformed JSON: the body is not UTF-8 (RFC 8259 §8.1).'), undefined);
    parseJson(request, body, (error: Error | null, value?: unknown) => {
      if (error) return done(new ProblemException(400, 'malformed-json', describe(error)), undefined);
      // Every command takes a JSON object (API.md); a bare array, string, number or null is malformed for all of them.
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return done(new ProblemException(400, 'body-not-object', 'The body must be a JSON object.'), undefined);
      if (nestsDeeperThan(value, MAX_DEPTH)) return done(new ProblemException(400, 'too-deep', `JSON nesting is limited to ${MAX_DEPTH} levels.`), undefined);
      // Decoded as strict UTF-8, only a `\u` escape can carry an unpaired surrogate.
      const unpaired = body.includes('\\u') ? unpairedSurrogatePath(value) : undefined;
      if (unpaired !== undefined) {
        const message = `The JSON ${unpaired.inKey ? 'key' : 'string'} at ${unpaired.path} holds an unpaired UTF-16 surrogate (\\u${unpaired.unit}): it is not Unicode text, and the event's hash (RFC 8785, over I-JSON) could not be recomputed by an auditor.`;
        return done(new ProblemException(400, 'not-unicode', message, [{ path: unpaired.path, message }]), undefined);
      }
      const forbidden = MAY_HOLD_FORBIDDEN_KEY.test(body) ? forbiddenKeyPath(value) : undefined;
      if (forbidden !== undefined) {
        const message = `The JSON key ${JSON.stringify(forbidden.key)} is refused (at ${forbidden.path}).`;
        return done(new ProblemException(400, 'forbidden-key', message, [{ path: forbidden.path, message }]), undefined);
      }
      done(null, value);
    });
  });
  // Not for a path no route matches: the not-found handler answers that.
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (request, _body, done) =>
    request.is404 ? done(null, undefined) : done(new ProblemException(415, 'unsupported-media-type', 'Commands accept only application/json.'), undefined),
  );
  // Fastify parses nothing for a POST with neither a body nor a Content-Type, so no parser above refuses it; API.md
  // wants 415 all the same for commands, after authentication (onRequest) and before validation (400) or the command
  // (422). A route marked @TakesNoBody (an admin action) is posted without one.
  fastify.addHook('preValidation', (request, _reply, done) => {
    const takesNoBody = (request.routeOptions.config as TakesNoBodyRouteConfig | undefined)?.takesNoBody === true;
    if (request.method !== 'POST' || request.is404 || request.headers['content-type'] !== undefined || takesNoBody) return done();
    done(new ProblemException(415, 'unsupported-media-type', 'Commands accept only application/json.'));
  });
  // A Content-Type Fastify cannot parse is refused (415) before any parser reads the body; a declared length over
  // the limit is refused first. (The parsers enforce the limit on bodies of undeclared length as they read.)
  fastify.addHook('preParsing', (request, reply, payload, done) => {
    if (!(Number(request.headers['content-length']) > BODY_LIMIT)) return done(null, payload);
    // The body is left unread: the connection cannot be reused, as Fastify's own 413 says.
    reply.header('connection', 'close');
    done(new ProblemException(413, 'payload-too-large', 'The request body is larger than 256 KiB.'));
  });
}

/** Strict: bytes that are not UTF-8 throw instead of becoming U+FFFD. One for every body (`decode` keeps no state between calls). */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body's text, or `undefined` when its bytes are not UTF-8 (RFC 8259 §8.1): a lenient decode would turn a GBK or
 * Latin-1 client's text into U+FFFD and store that, for ever, as what was sent. A leading byte order mark is dropped.
 */
function utf8(bytes: Buffer): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The first key, or string value, at any depth in which `find` finds something, with its dotted path; iterative like
 * nestsDeeperThan. Strings are looked at only when `inStrings`.
 */
function firstInBody<T>(value: object, find: (text: string) => T | undefined, inStrings: boolean): { found: T; path: string; inKey: boolean } | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (inStrings && typeof node === 'string') {
      const found = find(node);
      if (found !== undefined) return { found, path, inKey: false };
    }
    if (node === null || typeof node !== 'object') continue;
    for (const [key, child] of Object.entries(node)) {
      const at = path === '' ? key : `${path}.${key}`;
      const found = find(key);
      if (found !== undefined) return { found, path: at, inKey: true };
      stack.push([child, at]);
    }
  }
  return undefined;
}

/** An own key of FORBIDDEN_KEYS at any depth, with its dotted path. */
function forbiddenKeyPath(value: object): { key: string; path: string } | undefined {
  const hit = firstInBody(value, (key) => (FORBIDDEN_KEYS.has(key) ? key : undefined), false);
  return hit && { key: hit.found, path: hit.path };
}

const UNPAIRED_SURROGATE = /\p{Cs}/u;

/**
 * The first key or string at any depth holding an unpaired surrogate (`"\ud800"` parses, but is not Unicode): I-JSON
 * (RFC 7493 §2.1), which RFC 8785 canonicalizes, excludes it, so the chain's hash of such an event could be recomputed
 * only by an implementation that escapes it as JavaScript does, and a conforming one refuses it.
 */
function unpairedSurrogatePath(value: object): { path: string; unit: string; inKey: boolean } | undefined {
  const hit = firstInBody(value, (text) => UNPAIRED_SURROGATE.exec(text)?.[0].charCodeAt(0).toString(16), true);
  return hit && { path: hit.path, unit: hit.found, inKey: hit.inKey };
}

function describe(error: Error): string {
  if ((error as { code?: string }).code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'The body is empty; send a JSON object.';
  // JSON.parse messages name a position, never server internals.
  return `Malformed JSON: ${error.message.slice(0, 200)}`;
}
