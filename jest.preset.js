// Shared Jest settings: TypeScript through ts-jest (transpile only: `typecheck` targets check types),
// and the workspace path aliases of tsconfig.base.json.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

// These packages ship ES modules only. Node 20.19+ loads them from CommonJS at run time, but Jest on Node 20
// cannot, so they are transpiled to CommonJS for tests like our own sources.
const ESM_ONLY_PACKAGES = ['@nestjs/mongoose', '@nestjs/bullmq', '@nestjs/bull-shared'];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]sx?$': ['ts-jest', { tsconfig: `${__dirname}/tsconfig.spec.json` }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_PACKAGES.join('|')})/)`],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: `${__dirname}/` }),
};
