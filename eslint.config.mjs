import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through @suotdoi/platform AppConfig, not process.env.',
        },
        {
          selector: 'ExportAllDeclaration[source.value=/^@suotdoi/]',
          message:
            "Do not re-export another library wholesale (`export *`): it would leak that library's surface through this one.",
        },
      ],
    },
  },
  {
    // Module borders: a library or app reaches another library only through its public surface, `@suotdoi/<lib>`
    // (its src/index.ts) — never a deep path into it, by alias or by a relative path out of its own folder.
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@suotdoi/[^/]+/.+',
              message: 'Import another library through its index only: `@suotdoi/<lib>`, not a path inside it.',
            },
            {
              regex: '^(\\.\\./)+(libs|apps)/',
              message: 'Import another library through `@suotdoi/<lib>`, not by a relative path into its folder.',
            },
            {
              regex: '^(\\.\\./)+[\\w-]+/src(/|$)',
              message: 'Import another library through `@suotdoi/<lib>`, not by a relative path into its src/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'libs/platform/src/config/**',
      'scripts/**',
      'test/**',
      'jest.config.mjs',
      '**/*.spec.ts',
      'apps/cli/src/commands/start.command.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
