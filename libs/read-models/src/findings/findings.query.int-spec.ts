import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { ALL_PROJECTIONS } from '../projections';
import { Story } from '../story.spec-helper';
import { listFindings, readFinding } from './findings.query';

describe('finding reads over the SQLite read store', () => {
  const store = new SqliteReadStore({ file: ':memory:' });
  const story = new Story();
  let planned: number;

  const raise = (findingId: string, subjectUnitId: string, occurredOn: string, more: Record<string, unknown> = {}) =>
    story.record(`finding-${findingId}`, 'FindingRaised', {
      findingId,
      source: 'inspection',
      raisedByUnitId: 'discipline',
      subjectUnitId,
      area: 'integrity',
      tags: [],
      severity: 'medium',
      description: `finding ${findingId}`,
      occurredOn,
      dutyIds: [],
      ...more,
    });
  const step = (findingId: string, type: string, data: Record<string, unknown>) => story.record(`finding-${findingId}`, type, { findingId, ...data });

  beforeAll(async () => {
    raise('f1', 'branch', '2020-01-10');
    raise('f2', 'branch', '2020-02-10', { source: 'audit', area: 'conduct' });
    raise('f3', 'branch', '2020-03-10');
    raise('f4', 'college', '2020-04-10');
    raise('f5', 'branch', '2020-09-10');
    planned = step('f1', 'RectificationPlanned', { plannedOn: '2020-02-01', measures: ['m'], deadline: '2020-03-31', responsiblePersonId: 'A' });
    step('f3', 'RectificationPlanned', { plannedOn: '2020-03-20', measures: ['m'], deadline: '2020-06-30', responsiblePersonId: 'A' });
    step('f3', 'RectificationCompleted', { completedOn: '2020-05-01', evidence: 'e' });
    step('f3', 'FollowUpReviewed', { reviewedOn: '2020-07-01', outcome: 'sustained', notes: 'ok' });
    step('f2', 'FindingClosed', { closedOn: '2020-03-01', reason: 'duplicate' });
    await story.projectInto(store, ALL_PROJECTIONS);
  });

  afterAll(() => store.close());

  const read = (at: string, asOfPosition = story.head) => ({ asOfPosition, at });
  const ids = (page: { items: { findingId: string }[] }) => page.items.map((f) => f.findingId);
  const all = { limit: 100 };

  it('when a finding is read, then its rectification timeline carries what each step recorded, and the status is judged at `at`', async () => {
    const f3 = await readFinding(store, 'f3', read('2020-12-31'));
    expect(f3).toMatchObject({ status: 'verified', subjectPersonId: null, areaNote: null, completedOn: '2020-05-01' });
    expect(f3?.timeline).toEqual([
      { type: 'FindingRaised', on: '2020-03-10', status: 'open' },
      { type: 'RectificationPlanned', on: '2020-03-20', status: 'planned', measures: ['m'], deadline: '2020-06-30', responsiblePersonId: 'A' },
      { type: 'RectificationCompleted', on: '2020-05-01', status: 'completed', evidence: 'e' },
      { type: 'FollowUpReviewed', on: '2020-07-01', status: 'verified', outcome: 'sustained', notes: 'ok' },
    ]);
    expect((await readFinding(store, 'f1', read('2020-04-01')))?.status).toBe('overdue');
    expect((await readFinding(store, 'f1', read('2020-04-01', planned - 10)))?.status).toBe('open');
    expect(await readFinding(store, 'nowhere', read('2020-12-31'))).toBeNull();
  });

  it('when findings are listed, then subject, area and source filter by index, status at `at`, and those not yet occurred are left out', async () => {
    expect(ids(await listFindings(store, { subjectUnitId: 'branch' }, { ...read('2020-06-01'), ...all }))).toEqual(['f1', 'f2', 'f3']);
    expect(ids(await listFindings(store, { subjectUnitId: 'branch', status: 'overdue' }, { ...read('2020-06-01'), ...all }))).toEqual(['f1']);
    expect(ids(await listFindings(store, { status: 'completed' }, { ...read('2020-06-01'), ...all }))).toEqual(['f3']);
    expect(ids(await listFindings(store, { status: 'closed', source: 'audit', area: 'conduct' }, { ...read('2020-06-01'), ...all }))).toEqual(['f2']);
    expect(ids(await listFindings(store, { status: 'open' }, { ...read('2020-12-31'), ...all }))).toEqual(['f4', 'f5']);
  });

  it('when paged, then every finding once, in id order, with a null cursor on the last page', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listFindings(store, {}, { ...read('2020-12-31'), limit: 2, cursor });
      seen.push(...ids(page));
      if (page.nextCursor === null) break;
      expect(page.items).toHaveLength(2);
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);
  });
});
