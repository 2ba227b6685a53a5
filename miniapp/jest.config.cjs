// Component and unit tests in jsdom. Taro's runtime is replaced by small stubs: @tarojs/taro by an in-memory
// storage + jest.fn navigation, @tarojs/components by plain DOM elements (what the H5 build renders, minus Stencil).
const base = require('../jest.base.cjs');

module.exports = {
  ...base,
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@tarojs/taro$': '<rootDir>/test/stubs/taro.ts',
    '^@tarojs/components$': '<rootDir>/test/stubs/components.tsx',
    '\\.css$': '<rootDir>/test/stubs/style.ts',
  },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup-after-env.ts'],
  reporters: ['default', '<rootDir>/test/summary-reporter.cjs'],
};
