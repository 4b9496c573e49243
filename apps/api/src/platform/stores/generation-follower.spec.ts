import { GenerationFollower } from './generation-follower';
import { newGenerationName, type GenerationPointer } from './generation-pointer';

const [older, current, newer] = [1, 2, 3].map((day) => newGenerationName(Date.UTC(2026, 0, day)));

/** A pointer naming whatever `inForce` holds, failing while `failing` is set. */
function pointerAt(state: { inForce?: string; failing?: boolean }): GenerationPointer {
  return {
    inForce: async () => {
      if (state.failing) throw new Error('unreachable');
      return state.inForce;
    },
    putInForce: async () => true,
    close: async () => undefined,
  };
}

describe('GenerationFollower', () => {
  it('when a newer generation is in force, then it follows it once; an older one, the same one, or the first one are not followed', async () => {
    const state: { inForce?: string } = {};
    let on: string | undefined = current;
    const follow = jest.fn(async (generation: string) => void (on = generation));
    const follower = new GenerationFollower({ pointer: pointerAt(state), current: () => on, follow, intervalMs: 1_000, onError: jest.fn() });
    for (const inForce of [undefined, older, current]) {
      state.inForce = inForce;
      await follower.check();
    }
    expect(follow).not.toHaveBeenCalled();
    state.inForce = newer;
    await follower.check();
    await follower.check();
    expect(follow.mock.calls).toEqual([[newer]]);
    expect(on).toBe(newer);
  });

  it('when looks overlap, then one move is made; when a look fails, then it is reported and the next look follows', async () => {
    const state: { inForce?: string; failing?: boolean } = { inForce: newer, failing: true };
    let on: string | undefined = current;
    let release!: () => void;
    const follow = jest.fn((generation: string) => new Promise<void>((resolve) => (release = () => resolve(void (on = generation)))));
    const onError = jest.fn();
    const follower = new GenerationFollower({ pointer: pointerAt(state), current: () => on, follow, intervalMs: 1_000, onError });
    await follower.check();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'unreachable' }));

    state.failing = false;
    const [first, second] = [follower.check(), follower.check()];
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await Promise.all([first, second]);
    expect(follow.mock.calls).toEqual([[newer]]);
  });

  it('when stopped, then it looks no more and waits for a look under way', async () => {
    jest.useFakeTimers();
    try {
      const state = { inForce: newer };
      const follow = jest.fn(async () => undefined);
      const follower = new GenerationFollower({ pointer: pointerAt(state), current: () => current, follow, intervalMs: 100, onError: jest.fn() });
      follower.start();
      await follower.stop();
      await jest.advanceTimersByTimeAsync(1_000);
      expect(follow).not.toHaveBeenCalled();
    } finally {
      jest.useRealTimers();
    }
  });
});
