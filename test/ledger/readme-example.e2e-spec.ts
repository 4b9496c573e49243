import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_KEYS } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';

/** One `curl` of the README's worked example, with what its comment says it answers. */
interface Step {
  path: string;
  body?: unknown;
  role: 'integrator' | 'inspector';
  /** `# → 201 {…}` on the line after a command: its answer. */
  answers?: Record<string, unknown>;
  /** `# … → 甲 (A)` beside a chain read: who bears the first responsibility. */
  persons?: string;
}

/** The README's "A worked example", read as a user would run it: the front door must stay true. */
function workedExample(): Step[] {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const block = /## A worked example\s+```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no worked example');
  // A command's body may go on over indented lines.
  const lines = block.split('\n').reduce<string[]>((out, line) => (/^\s+\S/.test(line) && out.length ? [...out.slice(0, -1), `${out.at(-1)}${line.trim()}`] : [...out, line]), []);
  const steps: Step[] = [];
  for (const line of lines) {
    const answer = /^# → 201 (\{.*\})/.exec(line);
    if (answer && steps.length) steps[steps.length - 1].answers = JSON.parse(answer[1].replace('[...]', '[]'));
    const curl = /^curl -s -H "\$(I|R)"(?: -H "\$J")? "?\$B([^"' ]+)"?(?:\s+-d '(.*)')?\s*(?:#.*→ (\S+))?/.exec(line);
    if (!curl) continue;
    const [, key, path, body, persons] = curl;
    steps.push({ path: `/v1${path}`, role: key === 'I' ? 'integrator' : 'inspector', ...(body ? { body: JSON.parse(body) } : {}), ...(persons ? { persons } : {}) });
  }
  return steps;
}

describe("README's worked example", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: `integrator:${TEST_KEYS.integrator},inspector:${TEST_KEYS.inspector}` });
  });
  afterAll(() => t.close());

  it('when its commands are sent in order, then each answers as its comment says, and the chains name the people it names', async () => {
    const steps = workedExample();
    expect(steps.filter((s) => s.body).length).toBe(8);
    expect(steps.filter((s) => s.persons).length).toBe(3);
    let last = 0;
    for (const step of steps) {
      if (step.body !== undefined) {
        const reply = await t.http.post(step.path, step.body, { role: step.role });
        expect({ path: step.path, status: reply.status }).toEqual({ path: step.path, status: 201 });
        if (step.answers) expect({ ...reply.body, events: [] }).toEqual(step.answers);
        last = reply.body.position;
        continue;
      }
      const reply = await t.http.get(`${step.path}&consistentWith=${last}`, { role: step.role });
      const persons = (reply.body.coveredBy as { kind: string; holder: { persons: { name: string }[] } }[]).filter((d) => d.kind === 'first').flatMap((d) => d.holder.persons.map((p) => p.name));
      expect({ path: step.path, persons }).toEqual({ path: step.path, persons: [step.persons] });
    }
  });
});
