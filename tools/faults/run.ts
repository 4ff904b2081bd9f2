// Fault scenarios against the real system on loopback (see docs/reliability.md).
// Usage: npx tsx tools/faults/run.ts <scenario|all> [--events=N] [--repeat=3] [--seed=S] [--outage=SECONDS (mongo-outage)]
import { FaultSystem } from './fault-system';
import { SCENARIOS } from './scenarios';
import { mongoOutageScenario } from './scenarios/mongo-outage.scenario';
import { verdictLine } from './scenario';

function flag(name: string): string | undefined {
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
}

async function main(): Promise<void> {
  const which = process.argv[2];
  const outage = flag('outage');
  const chosen = (which === 'all' ? SCENARIOS : SCENARIOS.filter((scenario) => scenario.name === which))
    .map((scenario) => (outage && scenario.name === 'mongo-outage' ? mongoOutageScenario(Number(outage)) : scenario));
  if (!which || chosen.length === 0) {
    console.error(`usage: npx tsx tools/faults/run.ts <${SCENARIOS.map((s) => s.name).join('|')}|all> [--events=N] [--repeat=3] [--seed=S] [--outage=SECONDS]`);
    process.exit(2);
  }
  const repeat = Number(flag('repeat') ?? 1);
  let failures = 0;
  for (const scenario of chosen) {
    for (let round = 1; round <= repeat; round++) {
      const seed = Number(flag('seed') ?? (Date.now() % 2 ** 31));
      const events = Number(flag('events') ?? scenario.defaultEvents);
      console.log(`# ${scenario.name} (${scenario.description}), ${events} events, run ${round}/${repeat}, seed ${seed}`);
      try {
        const result = await scenario.run({ events, seed, log: (line) => console.log(line) });
        console.log(verdictLine(result));
        if (!result.ok) {
          failures += 1;
          for (const problem of result.problems) console.log(`  problem: ${problem}`);
        }
      } catch (error) {
        failures += 1;
        console.log(`FAIL ${scenario.name}: ${(error as Error).stack ?? error}`);
      }
    }
  }
  process.exit(failures === 0 ? 0 : 1);
}

// Ctrl-C or a timeout: stop the processes and the databases of the running scenario before leaving.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`${signal}: stopping the running system`);
    void Promise.allSettled([...FaultSystem.active].map((faults) => faults.stop())).then(() => process.exit(130));
  });
}

void main();
