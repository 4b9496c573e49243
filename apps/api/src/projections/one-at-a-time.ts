/**
 * Runs the steps given to it one after another, each once the one before has settled (fulfilled or not): the hosts of
 * the projections switch, follow and lease generations this way, as each step moves what the others move too.
 */
export function oneAtATime(): <T>(step: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(step: () => Promise<T>) => {
    const run = last.then(step, step);
    last = run.catch(() => undefined);
    return run;
  };
}
