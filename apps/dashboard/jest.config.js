// ESM because the package is "type": "module" (so that Vite loads vite.config.ts natively).
import preset from '../../jest.preset.js';

const projectRoot = import.meta.dirname;

export default {
  ...preset,
  displayName: 'dashboard',
  rootDir: projectRoot,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    // The app's own compiler settings (DOM, JSX, bundler resolution); ts-jest only transpiles, to CommonJS.
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: `${projectRoot}/tsconfig.spec.json` }],
  },
};
