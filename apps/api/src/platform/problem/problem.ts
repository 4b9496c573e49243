import type { FastifyReply, FastifyRequest } from 'fastify';

/** RFC 9457 problem details, as every error of the API answers. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
  instance?: string;
  requestId?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const PROBLEM_BASE = 'https://duty-ledger.dev/problems/';

export function problem(status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: extra.type ?? (status === 500 ? 'about:blank' : `${PROBLEM_BASE}${slug(TITLES[status] ?? 'error')}`), title: TITLES[status] ?? 'Error', status, detail, ...extra };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, body: Problem, headers: Record<string, string> = {}): void {
  if (reply.sent) return;
  void reply
    .status(body.status)
    .headers(headers)
    .type('application/problem+json')
    .send({ ...body, instance: request.url.split('?')[0], requestId: String(request.id) });
}
