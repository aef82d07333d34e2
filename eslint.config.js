// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports run one way: lib ← protocol ← storage ← processing ← worker; ingest and api sit on top. */
const layer = (folder, forbidden) => ({
  files: [`src/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((f) => ({
          group: [`**/${f}/*`, `../${f}/*`, `../../${f}/*`],
          message: `src/${folder} must not import src/${f}: dependencies run lib ← protocol ← storage ← processing ← worker, with ingest and api on top.`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-output/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  layer('lib', ['protocol', 'storage', 'processing', 'worker', 'ingest', 'api', 'alerts', 'cli']),
  layer('protocol', ['storage', 'processing', 'worker', 'ingest', 'api', 'alerts', 'cli']),
  layer('storage', ['processing', 'worker', 'ingest', 'api', 'alerts', 'cli']),
  layer('processing', ['worker', 'ingest', 'api', 'cli']),
  layer('worker', ['ingest', 'api', 'cli']),
  layer('ingest', ['api', 'cli', 'worker']),
  layer('api', ['ingest', 'cli', 'worker']),
  {
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../src/*', '../../src/*', '../../../src/*', '../../../../src/*'],
              message: 'web/ talks to Faultline over HTTP only: call the API through web/src/api/client.ts.',
            },
          ],
        },
      ],
    },
  },
);
