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
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through @suotdoi/platform AppConfig, not process.env.' },
      ],
    },
  },
  {
    files: ['libs/platform/src/config/**', 'scripts/**', 'test/**', 'jest.config.mjs', '**/*.spec.ts', 'apps/cli/src/commands/start.command.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
