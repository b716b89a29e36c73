// Lint: typescript-eslint's recommended rules with type information, plus the house rules that keep
// the shape (docs/architecture.md): no floating promises, at most four positional parameters, files
// in src/ under 250 lines, and the import boundaries between folders.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const boundary = (folders) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: folders.map((f) => ({
        group: [`**/${f}/**`, `../${f}`, `../${f}/*`],
        message: `must not import from ${f}/`,
      })),
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'docs/site/**',
      'test-output/**',
      'node_modules/**',
      'examples/**/dist/**',
      'test/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'max-params': ['error', 4],
      // Validating input means naming control characters in patterns.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests feed wrong types on purpose and list table rows as parameters.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'max-params': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        ...Object.fromEntries(
          ['console', 'process', 'window', 'document', 'URL', 'fetch', 'AbortController'].map((g) => [g, 'readonly']),
        ),
        VideoAllowlist: 'readonly',
        OT: 'readonly',
      },
    },
  },
  {
    // Names say what they hold: no single-letter variable or named function's parameter in src/
    // (short lambdas and for-loop counters may keep theirs).
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 250 }],
      'no-restricted-syntax': [
        'error',
        ...[
          'VariableDeclarator:not(ForStatement > VariableDeclaration > VariableDeclarator) > Identifier.id',
          'FunctionDeclaration > Identifier.params',
          'MethodDefinition > FunctionExpression > Identifier.params',
        ].map((selector) => ({
          selector: `${selector}[name=/^[a-zA-Z]$/]`,
          message: 'a name that says what it holds',
        })),
      ],
    },
  },
  { files: ['src/allowlist/**', 'src/sdk/**'], rules: boundary(['preflight', 'cli']) },
  { files: ['src/preflight/**'], rules: boundary(['cli']) },
);
