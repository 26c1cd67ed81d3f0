// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Imports that would tie the domain core to one runtime. */
const platformImports = [
  { group: ['node:*'], message: 'shared/ is platform-neutral: no Node built-ins.' },
  { group: ['electron', 'electron/*'], message: 'shared/ is platform-neutral: no Electron.' },
  { group: ['@aws-sdk/*'], message: 'shared/ is platform-neutral: no AWS SDK.' },
  { group: ['pg', 'pg-*'], message: 'shared/ is platform-neutral: no database drivers.' },
  { group: ['@electric-sql/*'], message: 'shared/ is platform-neutral: no PGlite.' },
  {
    group: ['../cloud/*', '../../cloud/*', '../desktop/*', '../../desktop/*'],
    message: 'shared/ depends on nothing else in the project.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'out', 'cdk.out', 'coverage', 'test-results', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: platformImports }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
