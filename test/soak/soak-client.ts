import type { Reply, Role } from '../support/http';
import type { ServerProcess } from '../support/server-process';
import type { Stats } from './request-stats';

/** Requests to the server under load, each judged against its one expected status and recorded in Stats. */
export class Client {
  constructor(
    private readonly server: ServerProcess,
    private readonly stats: Stats,
  ) {}

  /** A reply with the expected status but the wrong content. */
  wrong(kind: string, method: string, path: string, detail: string): void {
    this.stats.fail(kind, method, path, 'content', detail);
  }

  /** One request; anything but the expected status is an error (recorded, never thrown: the load goes on). */
  async send(kind: string, method: 'GET' | 'POST', path: string, expected: number, options: { body?: unknown; role?: Role; headers?: Record<string, string> } = {}): Promise<Reply | null> {
    const started = performance.now();
    let reply: Reply;
    try {
      reply = await this.server.http.request(method, path, { body: options.body, role: options.role ?? (method === 'GET' ? 'inspector' : 'admin'), headers: options.headers });
    } catch (error) {
      this.stats.record(kind, 'network', performance.now() - started);
      this.stats.fail(kind, method, path, 'network', String((error as Error)?.cause ?? error));
      return null;
    }
    this.stats.record(kind, reply.status, performance.now() - started);
    if (reply.status !== expected) {
      this.stats.fail(kind, method, path, reply.status, JSON.stringify(reply.body));
      return null;
    }
    return reply;
  }
}
