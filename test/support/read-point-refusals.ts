import type { Reply } from './http';
import type { TestApp } from './test-app';

const problem = (reply: Reply) => ({ status: reply.status, type: reply.headers.get('content-type') });

/**
 * API.md "Reads": what every read refuses of its read point, as tests of `path` — asOf with asOfPosition, a future
 * asOf, an asOfPosition past the head (beside a consistentWith too: the refusal does not wait for it), a malformed
 * one and a malformed `at` answer 400; a `consistentWith` the read models have not applied answers 503 with Retry-After (once the
 * resolver's 5 s wait is out). `log` is the log as read in the caller's beforeAll.
 */
export function itRefusesBadReadPoints(path: string, app: () => TestApp, log: () => readonly { position: number; recordedAt: string }[]): void {
  const get = (query: string) => app().http.get(`${path}${path.includes('?') ? '&' : '?'}${query}`);

  it('when asOf and asOfPosition are both given, asOf is in the future or asOfPosition is past the head or malformed, then 400 problem+json', async () => {
    const [first, last] = [log()[0], log().at(-1)!];
    const past = last.position + 1000;
    for (const query of [
      `asOf=${first.recordedAt}&asOfPosition=${first.position}`,
      'asOf=2099-01-01T00:00:00Z',
      `asOfPosition=${last.position + 1}`,
      'asOfPosition=x',
      `consistentWith=${past}&asOfPosition=${past}`,
      // Every read accepts `at` (API.md), so a date the calendar lacks is a 400 even where the read is of record time only.
      'at=2023-02-29',
      'at=yesterday',
    ]) {
      expect({ query, ...problem(await get(query)) }).toEqual({ query, status: 400, type: expect.stringContaining('application/problem+json') });
    }
  });

  it(
    'when consistentWith is a position the read models have not applied, then after waiting 503 with Retry-After',
    async () => {
      const reply = await get(`consistentWith=${log().at(-1)!.position + 1000}`);
      expect(reply.status).toBe(503);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.headers.get('retry-after')).toMatch(/^\d+$/);
    },
    20_000,
  );
}
