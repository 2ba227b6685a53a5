// Simulator contract tests: in-process simulator on port 0, plain fetch. Run serially (2-core machines).
const base = require('../jest.base.cjs');

module.exports = {
  ...base,
  rootDir: __dirname,
  roots: ['<rootDir>/test'],
  maxWorkers: 1,
  testTimeout: 15000,
};
