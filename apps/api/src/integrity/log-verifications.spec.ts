import { ServiceUnavailableException } from '@nestjs/common';
import type { RecordedEvent } from '@duty-ledger/event-store/event-store.port';
import { LogVerifications, turnBetweenPages } from './log-verifications';

/** A verification that ends when told to. */
function pending() {
  let finish!: (value: string) => void;
  const done = new Promise<string>((resolve) => (finish = resolve));
  return { done, finish, verify: jest.fn(() => done) };
}

describe('verifications of the whole log', () => {
  it('when requests ask for the point being verified, then they share its scan', async () => {
    const runs = new LogVerifications();
    const scan = pending();
    const first = runs.run(10, scan.verify);
    const second = runs.run(10, scan.verify);
    scan.finish('ok');
    expect(await Promise.all([first, second])).toEqual(['ok', 'ok']);
    expect(scan.verify).toHaveBeenCalledTimes(1);
  });

  it('when a request asks for another point, then its scan starts once the running one has ended', async () => {
    const runs = new LogVerifications();
    const [a, b] = [pending(), pending()];
    const first = runs.run(10, a.verify);
    const second = runs.run(20, b.verify);
    await new Promise((resolve) => setImmediate(resolve));
    expect(b.verify).not.toHaveBeenCalled();
    a.finish('a');
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(b.verify).toHaveBeenCalledTimes(1);
    b.finish('b');
    expect(await second).toBe('b');
  });

  it('when more requests wait than it keeps, then the next is told to come back (503), and a failed scan lets the next run', async () => {
    const runs = new LogVerifications();
    const failing = pending();
    const first = runs.run(1, () => failing.done.then(() => Promise.reject(new Error('log unreadable'))));
    const waiting = [2, 3, 4, 5].map((position) => runs.run(position, async () => `at ${position}`));
    await expect(runs.run(6, async () => 'never')).rejects.toBeInstanceOf(ServiceUnavailableException);
    failing.finish('');
    await expect(first).rejects.toThrow('log unreadable');
    expect(await Promise.all(waiting)).toEqual(['at 2', 'at 3', 'at 4', 'at 5']);
  });

  it('when the log is read page by page, then other work gets a turn between pages', async () => {
    const order: string[] = [];
    const log = { readAll: jest.fn(async () => (order.push('page'), [] as RecordedEvent[])) };
    const reader = turnBetweenPages(log);
    const pages = (async () => {
      for (let i = 0; i < 3; i++) await reader.readAll({ fromPosition: i });
    })();
    setImmediate(() => order.push('health'));
    await pages;
    expect(order.indexOf('health')).toBeLessThan(order.lastIndexOf('page'));
  });
});
