import type { Reply } from './http';
import type { TestApp } from './test-app';

const problem = (reply: Reply) => ({ status: reply.status, type: reply.headers.get('content-type') });

/**
 * API.md "Reads": what every read refuses of its read point, as tests of `path` — asOf with asOfPosition, a future
 * asOf, a position past the head (asOfPosition or consistentWith: no wait could apply it) and a malformed one answer 400
 * at once. `log` is the log as read in the caller's beforeAll. (A position in the log the read models have not applied
 * answers 503 once the wait is out: command-errors.e2e-spec.ts.)
 */
export function itRefusesBadReadPoints(path: string, app: () => TestApp, log: () => readonly { position: number; recordedAt: string }[]): void {
  const get = (query: string) => app().http.get(`${path}${path.includes('?') ? '&' : '?'}${query}`);

  it('when asOf and asOfPosition are both given, asOf is in the future or a position is past the head or malformed, then 400 problem+json at once', async () => {
    const [first, last] = [log()[0], log().at(-1)!];
    const past = last.position + 1000;
    for (const query of [
      `asOf=${first.recordedAt}&asOfPosition=${first.position}`,
      'asOf=2099-01-01T00:00:00Z',
      `asOfPosition=${last.position + 1}`,
      'asOfPosition=x',
      `consistentWith=${past}`,
      `consistentWith=${past}&asOfPosition=${past}`,
    ]) {
      const started = Date.now();
      const reply = await get(query);
      expect({ query, ...problem(reply), quick: Date.now() - started < 2_000 }).toEqual({ query, status: 400, type: expect.stringContaining('application/problem+json'), quick: true });
    }
  });
}
