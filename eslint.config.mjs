// Lint: TypeScript rules plus the architecture's import boundaries, which must fail the build when breached.
import tseslint from 'typescript-eslint';

const FEATURES = ['audit', 'auth', 'billing', 'entities', 'health', 'jobs', 'keys', 'metrics', 'models', 'pricing', 'providers', 'proxy', 'teams', 'usage', 'users', 'webhooks'];

/** Deep imports into another lib are forbidden: import its public `index.ts` by alias. */
const deepImports = {
  group: ['**/libs/**', '@gateway/*/*', '../../*/src/**', '../../../libs/**'],
  message: 'Import a lib through its alias (@gateway/<lib>), never by a deep path.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'apps/console/**', '**/*.js', '**/*.mjs', 'data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-restricted-imports': ['error', { patterns: [deepImports] }],
    },
  },
  {
    // Shared libs sit at the bottom: they may not depend on any feature lib.
    files: ['libs/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [deepImports, { group: FEATURES.map((f) => `@gateway/${f}`), message: 'libs/shared/* may not import feature libs.' }] },
      ],
    },
  },
  {
    // Tests reach into the API's composition root to boot it.
    files: ['test/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
