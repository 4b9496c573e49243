import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FORBIDDEN_KEYS } from './json-body';

type Dto = new () => unknown;

/** Every class exported by the API's `*.dto.ts` files: the bodies class-transformer builds commands from. */
async function dtoClasses(): Promise<[string, Dto][]> {
  const root = join(__dirname, '..', '..');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.dto.ts'));
  const modules = await Promise.all(files.map(async (file) => [file, (await import(join(root, file))) as Record<string, unknown>] as const));
  return modules.flatMap(([file, exports]) => Object.entries(exports).flatMap(([name, value]) => (typeof value === 'function' ? [[`${file} ${name}`, value as Dto] as [string, Dto]] : [])));
}

/** Names a DTO's prototype chain adds to a plain object's: its methods and accessors. */
function ownMembers(dto: Dto): string[] {
  const names: string[] = [];
  for (let proto = dto.prototype as object | null; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null)
    names.push(...Object.getOwnPropertyNames(proto).filter((name) => name !== 'constructor'));
  return names;
}

describe('FORBIDDEN_KEYS', () => {
  it('when a plain object inherits a name, then a body may not carry it as a key', () => {
    for (const name of Object.getOwnPropertyNames(Object.prototype)) expect(FORBIDDEN_KEYS.has(name)).toBe(true);
    expect(FORBIDDEN_KEYS.has('prototype')).toBe(true);
  });

  // class-transformer skips a body key that names a DTO's method or getter, so that key would vanish unrefused: DTOs
  // stay plain data, and json-body need only refuse what every object inherits.
  it('when the DTOs are listed, then none declares a method or accessor', async () => {
    const dtos = await dtoClasses();
    expect(dtos.length).toBeGreaterThan(10);
    expect(dtos.map(([name, dto]) => [name, ownMembers(dto)])).toEqual(dtos.map(([name]) => [name, []]));
  });
});
