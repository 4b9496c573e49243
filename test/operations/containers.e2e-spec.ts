import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { getMetadataStorage } from 'class-validator';
import { Environment } from '../../apps/api/src/platform/config/environment';

/**
 * No Docker engine runs on our machines, so the container files are read, not started: the compose file must parse,
 * name only variables the app reads, give the processes of one deployment one data directory (one signing key), and
 * the image must let its non-root user write DATA_DIR.
 */
const ROOT = join(__dirname, '..', '..');
interface Service {
  build?: unknown;
  restart?: string;
  image?: string;
  command?: string[];
  environment?: Record<string, string | null>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
}
const compose = load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const ours = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);
/** Every variable loadConfig validates, plus the two read beside it: NODE_ENV's production check and the projector's lease. */
const READ = new Set([...getMetadataStorage().getTargetValidationMetadatas(Environment, '', true, false).map((m) => m.propertyName), 'PROJECTOR_LEASE_MS']);
const dataVolume = (service: Service) => service.volumes?.find((v) => v.endsWith(':/data'))?.split(':')[0];

describe('container files', () => {
  it('when compose sets a variable for the app, then the app reads it (a misspelt one would be ignored in silence)', () => {
    expect(ours.length).toBeGreaterThanOrEqual(4);
    for (const [name, service] of ours) for (const variable of Object.keys(service.environment ?? {})) expect(`${name}: ${variable} ${READ.has(variable) ? 'read' : 'unread'}`).toBe(`${name}: ${variable} read`);
  });

  it('when a process of ours exits (a store not up yet at start, a crash), then compose starts it again', () => {
    for (const [name, service] of ours) expect(`${name}: ${service.restart}`).toBe(`${name}: unless-stopped`);
  });

  it('when a deployment runs API replicas and a projector, then they share one DATA_DIR volume, so one signing key signs every tree head', () => {
    for (const [api, projector] of [['api', 'projector'], ['api-cluster', 'projector-cluster']]) {
      const volume = dataVolume(compose.services[api]);
      expect(volume).toBeDefined();
      expect(dataVolume(compose.services[projector])).toBe(volume);
      expect(compose.volumes).toHaveProperty(volume!);
    }
  });

  it('when the server stores are started by the servers profile, then the API and projector take their URLs from the shell, and the API waits for healthy servers in the cluster', () => {
    for (const name of ['api', 'projector']) expect(compose.services[name].environment).toMatchObject({ EVENTSTORE_CONNECTION_STRING: '${EVENTSTORE_CONNECTION_STRING:-}', MONGODB_URI: '${MONGODB_URI:-}' });
    for (const name of ['api-cluster', 'projector-cluster']) {
      for (const condition of Object.values(compose.services[name].depends_on ?? {})) expect(condition).toEqual({ condition: 'service_healthy' });
    }
    // mongosh exits 0 whatever the script evaluates to: the healthcheck must set the code itself.
    for (const name of ['mongodb', 'mongo-1']) expect(compose.services[name].healthcheck!.test.join(' ')).toMatch(/quit\(db\.hello\(\)\.primary \? 0 : 1\)/);
  });

  it('when the image runs as node, then /data is made and given to node before VOLUME declares it', () => {
    const runtime = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').split(/^FROM /m).at(-1)!;
    const lines = runtime.split('\n').map((line) => line.trim());
    const chown = lines.findIndex((line) => /^RUN .*mkdir -p \/data.*chown node:node \/data/.test(line));
    const volume = lines.findIndex((line) => line === 'VOLUME /data');
    expect(chown).toBeGreaterThan(-1);
    expect(volume).toBeGreaterThan(chown);
    expect(lines).toContain('USER node');
    expect(runtime).toMatch(/DATA_DIR=\/data/);
  });

  it('when the image makes /data, then it is node\'s alone (0700): the event log in it keeps rationales in plain', () => {
    const runtime = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').split(/^FROM /m).at(-1)!;
    expect(runtime).toMatch(/^RUN .*mkdir -p \/data.*chmod 700 \/data/m);
  });

  it('when a store server (KurrentDB --insecure, MongoDB without users) is published, then only on the loopback: the rationales are in plain there', () => {
    const stores = Object.entries(compose.services).filter(([, service]) => service.build === undefined);
    const published = stores.flatMap(([name, service]) => (service.ports ?? []).map((port) => [name, port]));
    expect(published.length).toBeGreaterThan(0);
    for (const [name, port] of published) expect([name, port]).toEqual([name, expect.stringMatching(/^127\.0\.0\.1:/)]);
  });

  it('when the build context is sent, then no node_modules goes with it, the bench peers\' included (npm ci builds the image\'s own)', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', 'dist', 'data', 'bench/.work', '.env']));
  });
});
