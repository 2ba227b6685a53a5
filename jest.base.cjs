// Shared jest settings: swc transpiles TypeScript (type checking is a separate `tsc --noEmit` step).
// Dynamic import() is left native so that ESM-only packages (PGlite, Prisma's schema engine) load under
// `node --experimental-vm-modules`.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true } },
        module: { type: 'commonjs', ignoreDynamic: true },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'cjs', 'mjs', 'json'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
