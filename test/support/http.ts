/** A small HTTP client for e2e tests: JSON in, status + headers + parsed body out. */
export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export type Role = 'integrator' | 'inspector' | 'discipline' | 'admin';

export const TEST_KEYS: Record<Role, string> = {
  integrator: 'test-integrator-key-0000000000000000',
  inspector: 'test-inspector-key-00000000000000000',
  discipline: 'test-discipline-key-0000000000000000',
  admin: 'test-admin-key-0000000000000000000000',
};

export const apiKeysEnv = () =>
  Object.entries(TEST_KEYS)
    .map(([role, key]) => `${role}:${key}`)
    .join(',');

export class Http {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, options: { body?: unknown; role?: Role | null; headers?: Record<string, string>; raw?: string | Uint8Array } = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const role = options.role === undefined ? 'admin' : options.role;
    if (role) headers.authorization = `Bearer ${TEST_KEYS[role]}`;
    let payload: string | Uint8Array | undefined = options.raw;
    if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(this.baseUrl + path, { method, headers, body: payload });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, headers: response.headers, body: body as T };
  }

  post<T = any>(path: string, body: unknown, options: { role?: Role | null; headers?: Record<string, string> } = {}) {
    return this.request<T>('POST', path, { ...options, body });
  }

  get<T = any>(path: string, options: { role?: Role | null; headers?: Record<string, string> } = {}) {
    return this.request<T>('GET', path, options);
  }

  /** Every event in the log, for "nothing was written" assertions. */
  async eventCount(): Promise<number> {
    let count = 0;
    for (let from: number | null = 0; from !== null; ) {
      const page: Reply = await this.get(`/v1/events?fromPosition=${from}&limit=1000`);
      count += page.body.events.length;
      from = page.body.next;
    }
    return count;
  }
}
