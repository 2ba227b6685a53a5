const base = require('../jest.base.cjs');

module.exports = {
  ...base,
  displayName: 'bff',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testTimeout: 60_000,
  // PGlite instances are heavy: two workers on these two-core machines.
  maxWorkers: 2,
};
