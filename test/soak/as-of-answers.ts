import type { Role } from '../support/http';
import type { Client } from './soak-client';

/** As-of answers remembered for the end: read again, they must be the same (API.md: "an as-of answer never changes"). */
export interface Remembered {
  path: string;
  role: Role;
  body: string;
}
export const stable = (body: any) => JSON.stringify({ ...body, meta: { asOfPosition: body?.meta?.asOfPosition, asOfRecordedAt: body?.meta?.asOfRecordedAt } });

/** Every remembered as-of answer read again: the paths whose answer is no longer the same. */
export async function changedAnswers(client: Client, remembered: Remembered[]): Promise<string[]> {
  const changed: string[] = [];
  for (const r of remembered) {
    const again = await client.send('recheck.as-of', 'GET', r.path, 200, { role: r.role });
    if (again && stable(again.body) !== r.body) changed.push(r.path);
  }
  return changed;
}
