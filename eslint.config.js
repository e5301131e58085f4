// Lint: typescript-eslint's recommended rules, plus the structure the folder layout promises: no import
// cycles, and src/ never reaching into handlers/ (handlers are msw glue over src/, not the other way round).
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'

export default defineConfig(
  {
    // What .gitignore leaves out, tests' temporary copies included.
    ignores: ['dist/', 'docs/api/', 'node_modules/', '.vitest-*/', 'examples/storybook/storybook-static/', 'examples/storybook/public/', 'bench/*.cpuprofile'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': [
        'error',
        { zones: [{ target: './src', from: './handlers', message: 'src/ is the emulator; handlers/ is msw glue over it, never the other way round.' }] },
      ],
      // date-fns's root entry evaluates all of its ~300 modules (most of a second and 300 MB at startup).
      'no-restricted-imports': ['error', { paths: [{ name: 'date-fns', message: "Import each function from its own entry, e.g. 'date-fns/parseISO'." }] }],
      // A `let` read by closures built before its one assignment (a handle referring to what it belongs to).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // `_`-prefixed names are deliberately unused (a signature's position, a destructured rest).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests read decoded answers of whatever shape the API under test sends.
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
