// Lint, including the layer rules of ARCHITECTURE.md: arrows point down only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const drivers = ['@nestjs/*', 'mongodb', '@kurrent/*', '@eventstore/*', 'better-sqlite3', 'fastify', '@fastify/*'];
const restrict = (groups, message) => ({
  'no-restricted-imports': ['error', { patterns: groups.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'bench/.work/**', 'bench/peers/*/node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: restrict([...drivers, '@duty-ledger/*', 'uuid', 'node:*', 'fs', 'crypto'], 'The domain is pure: no framework, driver, I/O or other layer.'),
  },
  {
    files: ['libs/event-store/**/*.ts'],
    ignores: ['libs/event-store/**/*.spec.ts'],
    rules: restrict(['@nestjs/*', '@duty-ledger/domain/*', '@duty-ledger/read-store/*', '@duty-ledger/read-models/*', '@duty-ledger/application/*', 'mongodb'], 'The event store knows none of our code.'),
  },
  {
    files: ['libs/read-store/**/*.ts'],
    ignores: ['libs/read-store/**/*.spec.ts'],
    rules: restrict(['@nestjs/*', '@duty-ledger/domain/*', '@duty-ledger/read-models/*', '@duty-ledger/application/*', '@kurrent/*'], 'The read store knows only the event store port.'),
  },
  {
    files: ['libs/read-models/**/*.ts'],
    rules: restrict(['@nestjs/*', '@duty-ledger/application/*', 'better-sqlite3', 'mongodb', '@kurrent/*', '**/sqlite/*', '**/mongo/*', '**/esdb/*'], 'Read models depend on the ReadStore port and the domain only.'),
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off', 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly', fetch: 'readonly', setTimeout: 'readonly', setImmediate: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
