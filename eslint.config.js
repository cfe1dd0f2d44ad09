import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'test-results/**', 'playwright-report/**', 'artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // The engine runs under plain Node: it must never import Electron.
    files: ['electron/core/**', 'electron/cli/**', 'electron/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'electron/core runs under plain Node; only electron/main and electron/preload may import electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'build/**/*.mjs', 'build/**/*.cjs', '.dependency-cruiser.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
