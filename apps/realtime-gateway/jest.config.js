module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'realtime-gateway',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
