// Adds up the Jest JSON reports of every project and prints one closing line: "Tests: N passed, N failed".
// Exits 1 when a test failed or no test ran at all (a green run that tested nothing is not green).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let suitesFailed = 0;
for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  suitesFailed += report.numFailedTestSuites;
}
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || suitesFailed > 0 || passed === 0 ? 1 : 0);
