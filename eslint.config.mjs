import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Layer rules of ARCHITECTURE.md: each tag lists what it may import. The pure libraries also ban the
// infrastructure packages, so `nx lint` fails the moment scoring or contracts reach for a database or a queue.
const infrastructurePackages = ['@nestjs/*', 'mongoose', 'bullmq', 'ioredis', 'socket.io', 'express'];

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/vite.config.*.timestamp*', 'tmp'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], bannedExternalImports: infrastructurePackages },
            { sourceTag: 'type:scoring', onlyDependOnLibsWithTags: ['type:contracts'], bannedExternalImports: infrastructurePackages },
            { sourceTag: 'type:persistence', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:queue', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: ['type:contracts'] },
            // Outbound webhooks (signing, SSRF guard, sender, retry policy): node built-ins only, no infrastructure.
            { sourceTag: 'type:outbound', onlyDependOnLibsWithTags: ['type:contracts'], bannedExternalImports: infrastructurePackages },
            {
              sourceTag: 'type:app-ingestion',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:persistence', 'type:queue', 'type:runtime', 'type:outbound'],
            },
            {
              sourceTag: 'type:app-worker',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:scoring', 'type:persistence', 'type:queue', 'type:runtime', 'type:outbound'],
            },
            {
              sourceTag: 'type:app-realtime',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:persistence', 'type:queue', 'type:runtime'],
            },
            { sourceTag: 'type:app-dashboard', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
