import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type HeaderObject, type OpenAPIObject, type ParameterObject, type ReferenceObject, type SchemaObject, SwaggerModule } from '@nestjs/swagger';
import { ProblemDetailsSchema } from '../problem/problem.schema';

export const BEARER_SCHEME = 'bearer';
/** `/metrics` when the server sets METRICS_TOKEN: a bearer token of its own, not an API key. */
export const METRICS_SCHEME = 'metricsToken';

/** The errors every `/v1` operation may answer (API.md "Errors"), all `application/problem+json`. */
const COMMON_ERRORS: Record<string, string> = {
  '400': 'Malformed JSON, schema violation, unknown property, wrong type, bad date',
  '401': 'No API key, or an unknown one',
  '403': 'The key’s role may not do this',
  '404': 'The target or a referenced id does not exist',
  '503': 'A store is unavailable (with Retry-After)',
};
const COMMAND_ERRORS: Record<string, string> = {
  '409': 'An id that exists, or If-Match mismatch',
  '413': 'Body over 256 KiB',
  '415': 'Content-Type is not application/json',
  '422': 'A domain rule is broken (detail names the rule), or an Idempotency-Key reused with another body or route',
  '429': 'Over the key’s command rate (with Retry-After)',
};

/** API.md "Idempotency": what makes a command's repeat a 200 with the first answer. */
const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'Scoped to the API key: a repeat on the same route with a JSON-equal body answers 200 with the first response and writes nothing; with another body or route, 422.',
  schema: { type: 'string', minLength: 1, maxLength: 128 },
};

/** API.md "Concurrency": on a command that targets an existing id (one named in the path); creates ignore it. */
const IF_MATCH: ParameterObject = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description: '`"<revision>"`: 409 when the stream has moved on; `*`: only requires that it exists; any other value: 400. Without it, the command is decided against the latest state.',
  schema: { type: 'string', pattern: '^(\\*|"(0|[1-9][0-9]*)")$', example: '"3"' },
};

/** The stream's revision after the command (or the aggregate's, on a read), quoted: what `If-Match` takes back. */
export const ETAG_HEADER: HeaderObject = { description: '`"<revision>"`', schema: { type: 'string', pattern: '^"(0|[1-9][0-9]*)"$', example: '"0"' } };

/** The contract of API.md as OpenAPI at `/docs-json`, Swagger UI at `/docs`; both need no key. */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('duty-ledger')
    .setDescription(
      'An unalterable, bitemporal record of who was responsible for what, and when (四责协同). Every read accepts asOf/asOfPosition (record time) and at (business date). Errors are application/problem+json (RFC 9457).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer <key>' }, BEARER_SCHEME)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, for /metrics when the server sets one' }, METRICS_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsSchema] });
  addProblemResponses(document);
  addIdempotentRepeats(document);
  refuseUnknownProperties(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  return document;
}

/** Every `/v1` operation: bearer security and its problem+json error responses, so each controller need not repeat them. */
function addProblemResponses(document: OpenAPIObject): void {
  const problem = { $ref: `#/components/schemas/${ProblemDetailsSchema.name}` };
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/v1')) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      operation.security ??= [{ [BEARER_SCHEME]: [] }];
      const roles = (operation as { 'x-roles'?: string[] })['x-roles'];
      if (roles) operation.description = [operation.description, `Roles: ${roles.join(', ')}${roles.length === 1 ? ' only' : ''}.`].filter(Boolean).join('\n\n');
      const errors = method === 'post' ? { ...COMMON_ERRORS, ...COMMAND_ERRORS } : COMMON_ERRORS;
      for (const [status, description] of Object.entries(errors)) {
        operation.responses[status] ??= { description, content: { 'application/problem+json': { schema: problem } } };
      }
    }
  }
}

/**
 * Every command (a `/v1` POST answering 201): its ETag, its Idempotency-Key, the 200 of a repeat with the 201's body,
 * and, when it targets an existing id (a path parameter), If-Match.
 */
function addIdempotentRepeats(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    const created = item.post?.responses['201'];
    if (!path.startsWith('/v1') || !item.post || created === undefined || '$ref' in created) continue;
    created.headers = { ETag: ETAG_HEADER, ...created.headers };
    item.post.responses['200'] ??= { ...created, description: 'A repeat with the same Idempotency-Key and a JSON-equal body: the first answer (same ids, same position); nothing written' };
    const parameters = (item.post.parameters ??= []);
    const headers = path.includes('{') ? [IF_MATCH, IDEMPOTENCY_KEY] : [IDEMPOTENCY_KEY];
    for (const header of headers) if (!parameters.some((parameter) => 'name' in parameter && parameter.name === header.name)) parameters.push(header);
  }
}

/**
 * API.md: bodies are validated strictly, an unknown property (nested ones included) is a 400 — so every schema a request
 * body reaches, through `$ref`s, properties and array items, is closed with `additionalProperties: false`.
 */
function refuseUnknownProperties(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  const closed = new Set<SchemaObject>();
  const close = (schema: SchemaObject | ReferenceObject | undefined): void => {
    if (schema === undefined) return;
    if ('$ref' in schema) return close(schemas[schema.$ref.replace('#/components/schemas/', '')]);
    if (closed.has(schema)) return;
    closed.add(schema);
    if (schema.type === 'object' || schema.properties) schema.additionalProperties = false;
    for (const property of Object.values(schema.properties ?? {})) close(property);
    close(schema.items);
    for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) close(part);
  };
  for (const item of Object.values(document.paths))
    for (const operation of [item.post, item.put, item.patch]) {
      const body = operation?.requestBody;
      if (body && !('$ref' in body)) close(body.content['application/json']?.schema);
    }
}
