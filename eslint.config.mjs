import nx from '@nx/eslint-plugin';

// Who may import whom. Workflow code runs in Temporal's deterministic sandbox,
// so it may use only pure domain and contract code; apps only compose.
const depConstraints = [
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:adapter', 'type:util', 'type:domain', 'type:contract', 'type:workflow'],
  },
  {
    sourceTag: 'type:e2e',
    onlyDependOnLibsWithTags: [
      'type:adapter',
      'type:util',
      'type:domain',
      'type:contract',
      'type:workflow',
      'type:test-support',
    ],
  },
  {
    sourceTag: 'type:test-support',
    onlyDependOnLibsWithTags: ['type:adapter', 'type:util', 'type:domain', 'type:contract'],
  },
  {
    sourceTag: 'type:workflow',
    onlyDependOnLibsWithTags: ['type:domain', 'type:contract'],
  },
  {
    sourceTag: 'type:adapter',
    onlyDependOnLibsWithTags: ['type:adapter', 'type:util', 'type:domain', 'type:contract', 'type:workflow'],
  },
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain', 'type:contract'],
  },
  { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:contract'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  {
    sourceTag: 'scope:journey',
    onlyDependOnLibsWithTags: ['scope:journey', 'scope:shared'],
  },
  {
    sourceTag: 'scope:measures',
    onlyDependOnLibsWithTags: ['scope:measures', 'scope:shared'],
  },
  // Ops tooling (ops-cli) administers both sides: providers' keys (journey) and commissioners' keys (measures); its
  // own libraries (the pilot simulation) are scope:ops too, and nothing outside ops imports them.
  {
    sourceTag: 'scope:ops',
    onlyDependOnLibsWithTags: ['scope:ops', 'scope:journey', 'scope:measures', 'scope:shared'],
  },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/.waymark'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs', '**/*.cts', '**/*.mts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$', '^(\\.\\./)+webpack\\.node-app$'],
          depConstraints,
        },
      ],
      '@typescript-eslint/no-unused-vars': ['warn', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
    },
  },
];
