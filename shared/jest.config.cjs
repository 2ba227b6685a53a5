// Unit tests of the shared schemas (pure functions; no database).
const base = require('../jest.base.cjs');

module.exports = {
  ...base,
  rootDir: __dirname,
  displayName: 'shared',
  roots: ['<rootDir>/src'],
};
