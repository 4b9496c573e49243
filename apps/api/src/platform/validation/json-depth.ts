/** API.md: JSON nesting ≤ 8 levels. */
export const MAX_DEPTH = 8;

/** True when the value nests deeper than `max` objects/arrays. Iterative, so a hostile body cannot blow the stack. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}
