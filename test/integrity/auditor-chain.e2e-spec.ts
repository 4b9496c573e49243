import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * An auditor recomputes the hash chain and a confidential field's commitment by hand from ARCHITECTURE.md and API.md,
 * with a JCS (RFC 8785) of their own — none of the server's code is imported.
 */
function jcs(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('not I-JSON');
    // RFC 8785 §3.2.2.2/§3.2.2.3: strings and numbers as ECMAScript's JSON.stringify writes them.
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  // §3.2.3: members sorted by their names' UTF-16 code units (JavaScript's default sort compares exactly those).
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${jcs((value as Record<string, unknown>)[k])}`).join(',')}}`;
}
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

interface Served {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown> & { hash: string; prevHash: string };
}

describe('an auditor recomputes the chain and a commitment by hand', () => {
  let t: TestApp;
  const created = async (path: string, body: unknown, role: 'discipline' | 'admin' = 'admin') => {
    const reply = await t.http.post(path, body, { role });
    expect({ path, status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
    return reply.body;
  };
  const rationale = 'private: 2021-02-27 谈话 “\u2028” 😀 \\ "quoted" \u0007';

  beforeAll(async () => {
    t = await startTestApp();
    await created('/v1/units', { unitId: 'c', name: '学校党委', kind: 'party-committee', effectiveFrom: '2018-01-01' });
    await created('/v1/units', { unitId: 'dc', name: '学校纪委', kind: 'discipline-committee', parentUnitId: 'c', effectiveFrom: '2018-01-01' });
    await created('/v1/units', { unitId: 'b', name: '药学总支', kind: 'general-branch', parentUnitId: 'c', effectiveFrom: '2018-01-01' });
    await created('/v1/people', { personId: 'X', name: '戊' });
    await created('/v1/findings', {
      findingId: 'f1', source: 'inspection', raisedByUnitId: 'dc', subjectUnitId: 'b', subjectPersonId: 'X', area: 'integrity', tags: ['procurement'],
      severity: 'high', description: '招标采购程序不规范', occurredOn: '2020-06-01', dutyIds: [],
    });
    await created(
      '/v1/accountability',
      { caseId: 'k1', findingIds: ['f1'], subjectPersonId: 'X', role: 'direct', form: 1, measure: 'talk-reminder', decidedByUnitId: 'dc', decidedOn: '2021-03-01', rationale, dutyIds: [] },
      'discipline',
    );
    await created('/v1/accountability/k1/revoke', { revokedOn: '2021-06-01', reason: '复核' }, 'discipline');
  });
  afterAll(() => t.close());

  const feed = async (role: 'inspector' | 'discipline'): Promise<Served[]> => (await t.http.get('/v1/events?limit=1000', { role })).body.events;

  it('when an inspector reads the feed, then every event hashes as ARCHITECTURE.md says and links to its stream’s previous hash', async () => {
    const events = await feed('inspector');
    const last = new Map<string, string>();
    for (const e of events) {
      const { hash, ...rest } = e.metadata;
      const prev = last.get(e.streamId) ?? '';
      expect({ at: e.position, prevHash: rest.prevHash }).toEqual({ at: e.position, prevHash: prev });
      const body = { streamId: e.streamId, revision: e.revision, type: e.type, data: e.data, metadata: rest };
      expect({ at: e.position, hash: sha256(prev + jcs(body)) }).toEqual({ at: e.position, hash });
      last.set(e.streamId, hash);
    }
    const applied = events.find((e) => e.type === 'AccountabilityApplied')!;
    expect(applied.data.rationale).toEqual({ commitment: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(applied)).not.toContain('2021-02-27');
  });

  it('when the discipline committee reads the same event, then sha256(salt ‖ JCS(value)) is the commitment the inspector saw', async () => {
    const [seen, shown] = await Promise.all([feed('inspector'), feed('discipline')]);
    const committed = seen.find((e) => e.type === 'AccountabilityApplied')!;
    const revealed = shown.find((e) => e.type === 'AccountabilityApplied')!;
    const { value, salt, commitment } = revealed.data.rationale as { value: string; salt: string; commitment: string };
    expect(value).toBe(rationale);
    expect(salt).toMatch(/^[0-9a-f]{32}$/);
    expect(sha256(salt + jcs(value))).toBe(commitment);
    expect(committed.data.rationale).toEqual({ commitment });
    // The revealed event hashes too, once the auditor puts the commitment in the value's place.
    const { hash, ...rest } = revealed.metadata;
    const data = { ...revealed.data, rationale: { commitment } };
    expect(sha256(rest.prevHash + jcs({ streamId: revealed.streamId, revision: revealed.revision, type: revealed.type, data, metadata: rest }))).toBe(hash);
  });
});
