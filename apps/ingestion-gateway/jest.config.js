module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'ingestion-gateway',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
