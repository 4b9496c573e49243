import type { TestApp } from '../support/test-app';

/**
 * The small ledger the fuzz suites start from, so that valid requests find what they name: a committee `c`, its branch
 * `b`, a person `p` secretary there, a duty `d` on that post, a finding `f` on it and a decision on the finding.
 */
const LEDGER = [
  ['/v1/units', { unitId: 'c', name: 'C', kind: 'party-committee', effectiveFrom: '2018-01-01' }],
  ['/v1/units', { unitId: 'b', name: 'B', kind: 'branch', parentUnitId: 'c', effectiveFrom: '2018-01-01' }],
  ['/v1/people', { personId: 'p', name: 'P' }],
  ['/v1/people/p/appoint', { unitId: 'b', post: 'secretary', effectiveFrom: '2019-01-01' }],
  ['/v1/duties', { dutyId: 'd', kind: 'first', holder: { unitId: 'b', post: 'secretary' }, area: 'integrity', title: 't', items: ['i'], scopeUnitIds: [], year: 2020, effectiveFrom: '2020-01-01' }],
  ['/v1/findings', { findingId: 'f', source: 'audit', raisedByUnitId: 'c', subjectUnitId: 'b', area: 'integrity', tags: [], severity: 'low', description: 'd', occurredOn: '2020-04-01', dutyIds: ['d'] }],
  ['/v1/accountability', { findingIds: ['f'], subjectPersonId: 'p', role: 'direct', form: 1, measure: 'criticism', decidedByUnitId: 'c', decidedOn: '2020-09-01', rationale: 'r', dutyIds: ['d'] }],
] as const;

export async function seedFuzzLedger(t: TestApp): Promise<void> {
  for (const [path, body] of LEDGER) expect({ path, status: (await t.http.post(path, body)).status }).toEqual({ path, status: 201 });
}
