export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `condition` holds, looking every 20 ms; rejects after `ms`. */
export async function until(condition: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  for (const deadline = Date.now() + ms; !(await condition()); await sleep(20)) if (Date.now() > deadline) throw new Error('timed out');
}
