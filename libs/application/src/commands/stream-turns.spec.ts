import { StreamTurns } from './stream-turns';

/** A turn that records when it starts and ends, and ends when told to. */
function turnOf(log: string[], name: string) {
  let end!: () => void;
  let fail!: (error: Error) => void;
  const turn = () =>
    new Promise<string>((resolve, reject) => {
      log.push(`${name} starts`);
      end = () => {
        log.push(`${name} ends`);
        resolve(name);
      };
      fail = (error) => {
        log.push(`${name} fails`);
        reject(error);
      };
    });
  return { turn, end: () => end(), fail: (error: Error) => fail(error) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('StreamTurns', () => {
  it('given turns on one stream, then each starts once the one before it has ended, in the order they came', async () => {
    const turns = new StreamTurns();
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => turnOf(log, name));
    const outcomes = [turns.take('s', a.turn), turns.take('s', b.turn), turns.take('s', c.turn)];
    await settle();
    expect(log).toEqual(['a starts']);
    a.end();
    await settle();
    b.end();
    await settle();
    c.end();
    await expect(Promise.all(outcomes)).resolves.toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a starts', 'a ends', 'b starts', 'b ends', 'c starts', 'c ends']);
  });

  it('given turns on two streams, then they run at once', async () => {
    const turns = new StreamTurns();
    const log: string[] = [];
    const [a, b] = ['a', 'b'].map((name) => turnOf(log, name));
    const outcomes = [turns.take('s1', a.turn), turns.take('s2', b.turn)];
    await settle();
    expect(log).toEqual(['a starts', 'b starts']);
    b.end();
    a.end();
    await expect(Promise.all(outcomes)).resolves.toEqual(['a', 'b']);
  });

  it('given a turn that fails, then its caller gets the error and the next turn still runs', async () => {
    const turns = new StreamTurns();
    const log: string[] = [];
    const [a, b] = ['a', 'b'].map((name) => turnOf(log, name));
    const first = turns.take('s', a.turn);
    const second = turns.take('s', b.turn);
    await settle();
    a.fail(new Error('refused'));
    await expect(first).rejects.toThrow('refused');
    await settle();
    b.end();
    await expect(second).resolves.toBe('b');
    expect(log).toEqual(['a starts', 'a fails', 'b starts', 'b ends']);
  });

  it('given turns on several streams, then each waits for every stream it takes, and turns that share none run at once', async () => {
    const turns = new StreamTurns();
    const log: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => turnOf(log, name));
    // b and c both take post and a person of their own: whichever order they name them in, they take them in one order.
    const outcomes = [
      turns.take('person-1', a.turn),
      turns.takeAll(['post', 'person-1'], b.turn),
      turns.takeAll(['person-2', 'post'], c.turn),
      turns.take('person-3', d.turn),
    ];
    await settle();
    expect([...log].sort()).toEqual(['a starts', 'c starts', 'd starts']);
    a.end();
    await settle();
    expect(log.slice(3)).toEqual(['a ends']); // b has person-1 now, and waits for post
    c.end();
    await settle();
    expect(log.slice(3)).toEqual(['a ends', 'c ends', 'b starts']);
    b.end();
    d.end();
    await expect(Promise.all(outcomes)).resolves.toEqual(['a', 'b', 'c', 'd']);
    await settle();
    expect(turns.busy).toBe(0);
  });

  it('given every turn has ended, then no stream is kept', async () => {
    const turns = new StreamTurns();
    await Promise.all(Array.from({ length: 100 }, (_, i) => turns.take(`s${i % 7}`, async () => i)));
    await settle();
    expect(turns.busy).toBe(0);
  });
});
