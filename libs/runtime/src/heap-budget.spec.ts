import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEAP_BUDGET_MIB } from './heap-budget';

const REPO_ROOT = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

// The limit is given to node on its command line, so each way of starting a service spells it out: they must agree.
describe('HEAP_BUDGET_MIB', () => {
  const services = Object.entries(HEAP_BUDGET_MIB) as [string, number][];

  it.each(services)('%s gets %i MiB in its container image', (service, mib) => {
    const stage = read('Dockerfile').split(/^FROM /m).find((part) => part.startsWith(`runtime AS ${service}\n`));
    expect(stage).toContain(`ENV NODE_OPTIONS="--max-old-space-size=${mib}"`);
  });

  it.each(services)('%s gets %i MiB from tools/start.sh', (service, mib) => {
    expect(read('tools/start.sh')).toContain(`[${service}]=${mib}`);
  });

  it.each(services)('%s gets %i MiB from its nx serve target', (service, mib) => {
    const project = JSON.parse(read(`apps/${service}/package.json`));
    expect(project.nx.targets.serve.command).toBe(`node --max-old-space-size=${mib} dist/apps/${service}/apps/${service}/src/main.js`);
  });
});
