import { Scenario } from '../scenario';
import { duplicateStormScenario } from './duplicate-storm.scenario';
import { fuzzerScenario } from './fuzzer.scenario';
import { mongoOutageScenario } from './mongo-outage.scenario';
import { redisFlushScenario } from './redis-flush.scenario';
import { sigtermDrainScenario } from './sigterm-drain.scenario';
import { timeOrderScenario } from './time-order.scenario';
import { triggerKillScenario } from './trigger-kill.scenario';
import { twoOfEachScenario } from './two-of-each.scenario';
import { workerKillScenario } from './worker-kill.scenario';

/** The scenarios of issue 7, in its order, at their full sizes. */
export const SCENARIOS: Scenario[] = [
  workerKillScenario(),
  sigtermDrainScenario,
  redisFlushScenario,
  mongoOutageScenario(30),
  duplicateStormScenario,
  timeOrderScenario,
  fuzzerScenario,
  twoOfEachScenario,
  // Triggers (after issue 7): worker-kill with a trigger delivering to a loopback receiver.
  triggerKillScenario(),
];
