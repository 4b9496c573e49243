import type { TestApp } from './test-app';

/**
 * The shape of a scenario over HTTP: commands posted as admin, each expected to answer 201, then reads as an inspector
 * at a business date, consistent with the last command (API.md `consistentWith`), each expected to answer 200.
 */
export function recordedSession(app: () => TestApp, at?: string) {
  let last = 0;
  return {
    /** The position of the last command posted. */
    get last(): number {
      return last;
    },
    async ok(path: string, body: unknown): Promise<void> {
      const reply = await app().http.post(path, body, { role: 'admin' });
      expect({ path, status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
      last = reply.body.position;
    },
    async get(path: string): Promise<any> {
      const reply = await app().http.get(`${path}?${at === undefined ? '' : `at=${at}&`}consistentWith=${last}`, { role: 'inspector' });
      expect({ path, status: reply.status }).toEqual({ path, status: 200 });
      return reply.body;
    },
  };
}
