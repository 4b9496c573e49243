import { UsageError } from './tree-head-check';

/** A refusal from the server (status and its problem+json detail): itself a finding when it is about the log. */
export class ServerRefusal extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The few reading routes `verify --server` uses, with the reader's bearer token. */
export class IntegrityClient {
  private readonly base: string;

  constructor(
    server: string,
    private readonly token: string | undefined,
  ) {
    if (!/^https?:\/\/\S+$/.test(server)) throw new UsageError(`--server must be an http(s) URL, not ${server}`);
    // A reader's key sent over plain http is read by anyone on the way: only to this machine (as OIDC_JWKS_URI allows).
    const url = URL.canParse(server) ? new URL(server) : undefined;
    if (!url) throw new UsageError(`--server must be an http(s) URL, not ${server}`);
    if (token && url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
      throw new UsageError(`--server ${server} would receive the key in the clear: use https:// (http:// only for localhost)`);
    this.base = server.replace(/\/+$/, '');
  }

  async get<T>(path: string): Promise<T> {
    let reply: Response;
    try {
      reply = await fetch(`${this.base}${path}`, { headers: { accept: 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) } });
    } catch (error) {
      throw new UsageError(`cannot reach ${this.base}: ${(error as Error).message}`);
    }
    const body = (await reply.json().catch(() => undefined)) as (T & { detail?: string; title?: string }) | undefined;
    if (reply.status === 401 || reply.status === 403) throw new UsageError(`${this.base} refused the token (${reply.status}): pass a reading role's key with --token or DUTY_LEDGER_TOKEN`);
    if (!reply.ok || body === undefined) throw new ServerRefusal(reply.status, `GET ${path} answered ${reply.status}: ${body?.detail ?? body?.title ?? 'no JSON body'}`);
    return body;
  }
}
