import { CommandExecutor } from '@duty-ledger/application/commands/command-executor';
import { refused } from '../support/refused';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Two API processes on one log (here two apps on one data directory, each with its own connection and cache of folded
 * states). A command decides on the state its process folded last without reading the log again; the append's expected
 * revision catches a stream the other process has moved, and the command is decided again on a fresh read.
 */
describe('two writers on one log: a command decided on a cached state the other writer made stale', () => {
  let one: TestApp;
  let two: TestApp;
  const ok = async (app: TestApp, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const reply = await app.http.post(path, body, { headers });
    expect({ path, status: reply.status, body: reply.body }).toMatchObject({ status: 201 });
    return reply.body as { revision: number };
  };
  const revisions = async () => (await one.http.get('/v1/streams/duty-d1')).body.events.map((e: { revision: number; type: string }) => [e.revision, e.type]);

  beforeAll(async () => {
    one = await startTestApp();
    two = await startTestApp({ DATA_DIR: one.dataDir, PROJECTIONS: 'off' });
    await ok(one, '/v1/units', { unitId: 'c', name: '党委', kind: 'party-committee', effectiveFrom: '2019-01-01' });
    await ok(one, '/v1/duties', { dutyId: 'd1', kind: 'primary', holder: { unitId: 'c' }, area: 'integrity', title: 't', items: [], scopeUnitIds: [], year: 2020, effectiveFrom: '2020-01-01' });
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });

  it('when the other wrote after this one folded the stream, then the command is written after it, retried once', async () => {
    await ok(one, '/v1/duties/d1/revise', { title: 'one' });
    await ok(two, '/v1/duties/d1/revise', { title: 'two' });
    const { contention } = one.app.get(CommandExecutor);
    const retries = contention.retries;
    expect((await ok(one, '/v1/duties/d1/revise', { title: 'one again' })).revision).toBe(3);
    expect(contention.retries - retries).toBe(1);
    expect(await revisions()).toEqual([
      [0, 'DutyAssigned'],
      [1, 'DutyRevised'],
      [2, 'DutyRevised'],
      [3, 'DutyRevised'],
    ]);
  });

  it('when If-Match names the revision the other wrote, then it is met, though this process folded an earlier one', async () => {
    await ok(one, '/v1/duties/d1/revise', { title: 'one' });
    const { revision } = await ok(two, '/v1/duties/d1/revise', { title: 'two' });
    expect((await ok(one, '/v1/duties/d1/revise', { title: 'after two' }, { 'if-match': `"${revision}"` })).revision).toBe(revision + 1);
  });

  it('when If-Match names the revision this process folded last, then it is refused with the revision the stream is at', async () => {
    const { revision: folded } = await ok(one, '/v1/duties/d1/revise', { title: 'one' });
    const { revision: now } = await ok(two, '/v1/duties/d1/revise', { title: 'two' });
    const problem = await refused(one.http, 409, () => one.http.post('/v1/duties/d1/revise', { title: 'stale' }, { headers: { 'if-match': `"${folded}"` } }));
    expect(problem.detail).toContain(`at revision ${now}`);
  });

  it('when the other closed the duty, then a close this process would have accepted is refused', async () => {
    await ok(one, '/v1/duties/d1/revise', { title: 'one' });
    await ok(two, '/v1/duties/d1/close', { effectiveFrom: '2020-06-01', reason: '撤销' });
    const problem = await refused(one.http, 422, () => one.http.post('/v1/duties/d1/close', { effectiveFrom: '2020-07-01', reason: '撤销' }));
    expect(problem.detail).toMatch(/closed/);
    expect((await revisions()).at(-1)).toEqual([expect.any(Number), 'DutyClosed']);
  });
});
