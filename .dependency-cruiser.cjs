/**
 * Import boundaries between the four parts of Forgebell, checked by `npm run lint` (`npm run lint:deps`).
 *
 *   renderer/          the UI: imports only the contract and itself (it runs in a sandboxed page).
 *   electron/contract  the one typed contract and the vocabulary engine and UI share: imports no engine or shell code.
 *   electron/core      the engine (plain Node) and electron/cli (the headless entry): never the Electron shell or the UI.
 *   electron/main      the Electron shell, and electron/preload: may import the engine and the contract.
 *
 * No module imports itself back through others (no-cycle), across electron/, renderer/ and test/.
 *
 * Type-only imports count too (tsPreCompilationDeps): a type from the engine in the UI is still a dependency on it.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment:
        'No import cycles, type-only imports included. A collaborator declares the narrow port it needs; the composition root (electron/core/engine/engine.ts) implements it — never the other way round.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'renderer-only-contract',
      comment: 'The renderer imports the contract (electron/contract) and itself, nothing else of electron/.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^electron/', pathNot: '^electron/contract/' },
    },
    {
      name: 'contract-imports-no-app-code',
      comment: 'The contract is shared by engine and UI: it imports no engine, CLI, shell, preload or renderer code.',
      severity: 'error',
      from: { path: '^electron/contract/' },
      to: { path: '^(electron/(core|cli|main|preload)|renderer)/' },
    },
    {
      name: 'engine-not-shell',
      comment: 'The engine and the CLI run under plain Node: never the Electron shell, the preload or the renderer.',
      severity: 'error',
      from: { path: '^electron/(core|cli)/' },
      to: { path: '^(electron/(main|preload)|renderer)/' },
    },
    {
      name: 'contract-uses-zod-mini',
      comment:
        'The renderer bundles the contract to validate pushes: its schemas use `zod/mini`, not the full zod API ' +
        '(which would double the bundle). The engine composes them into its own full-zod schemas where it needs to.',
      severity: 'error',
      from: { path: '^electron/contract/' },
      to: { path: '^node_modules/zod/', pathNot: '^node_modules/zod/mini/' },
    },
    {
      name: 'renderer-no-full-zod',
      comment: 'Nothing the UI bundles may reach the full zod API, directly or through other modules.',
      severity: 'error',
      from: { path: '^renderer/src/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^node_modules/zod/', pathNot: '^node_modules/zod/mini/', reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|test-results|playwright-report|artifacts)/' },
    tsPreCompilationDeps: true,
    // node_modules is a symlink in worktrees: keep its paths as `node_modules/…` so the rules above match.
    preserveSymlinks: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
