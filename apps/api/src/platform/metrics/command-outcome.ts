import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { Histogram, type Registry } from 'prom-client';

/** What a command's request came to, by its status: a bounded set, fit for a metric label and a log field. */
export function outcomeOf(status: number): string {
  return OUTCOMES[status] ?? (status >= 500 ? 'error' : `status-${status}`);
}

const OUTCOMES: Record<number, string> = {
  200: 'replayed',
  201: 'written',
  400: 'invalid',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'invalid',
  415: 'invalid',
  422: 'rejected',
  428: 'precondition-required',
  429: 'rate-limited',
  503: 'unavailable',
};

/** The command a request carried, as the request log shows it (set as the request goes; read when it is logged). */
export interface CommandLogFields {
  /** The route pattern, e.g. `POST /v1/duties/:dutyId/revise`. */
  command: string;
  streamId?: string;
  revision?: number;
  position?: number;
}

declare module 'http' {
  interface IncomingMessage {
    /** Set for command routes (POST under /v1), for the request logger, which only sees the raw request. */
    command?: CommandLogFields;
  }
}

const isCommand = (method: string, route: string | undefined): route is string => method === 'POST' && route !== undefined && route.startsWith('/v1/');

/** The request log's fields for a command: which, on which stream, and how it came out. */
export function commandLogProps(req: IncomingMessage, status: number): Record<string, unknown> {
  return req.command ? { command: { ...req.command, outcome: outcomeOf(status) } } : {};
}

/**
 * `command_duration_seconds{command, outcome}` for every command route, and the command's name on the raw request
 * for the log line. Both hooks are Fastify's, so refusals Fastify answers itself (413, 415, bad JSON) count too.
 */
export function observeCommands(fastify: FastifyInstance, registry: Registry): void {
  const duration = new Histogram({
    name: 'command_duration_seconds',
    help: 'Command latency by command (route pattern) and outcome (written, replayed, invalid, conflict, rejected, …)',
    labelNames: ['command', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  fastify.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url;
    if (isCommand(request.method, route)) request.raw.command = { command: `POST ${route}` };
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const command = request.raw.command?.command;
    if (command) duration.observe({ command, outcome: outcomeOf(reply.statusCode) }, reply.elapsedTime / 1000);
  });
}
