import type { Http, Reply } from './http';

/** Sends a command expected to be refused: asserts the status, problem+json, and that the log did not grow. */
export async function refused(http: Http, status: number, send: () => Promise<Reply>): Promise<any> {
  const before = await http.eventCount();
  const reply = await send();
  expect({ status: reply.status, body: reply.body }).toMatchObject({ status });
  expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(reply.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  expect(await http.eventCount()).toBe(before);
  return reply.body;
}
