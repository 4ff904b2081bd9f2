import { FaultSystem } from './fault-system';
import { Ledger, sleep } from './traffic';
import { Verification, analyticsByPartition, readAnalyticsSummary, waitAndVerify } from './verify';

export interface ScenarioOptions {
  /** How many events the scenario sends (its "size"). */
  events: number;
  seed: number;
  log: (line: string) => void;
}

export interface ScenarioResult {
  scenario: string;
  ok: boolean;
  sent: number;
  accepted: number;
  stored: number;
  scored: number;
  /** Events counted twice into a lead, plus event ids stored twice, plus event ids answered "accepted" twice. */
  duplicatesCounted: number;
  lost: number;
  seconds: number;
  /** Scenario-specific figures for the verdict line. */
  figures: Record<string, number | string>;
  problems: string[];
  logDir: string;
}

export interface Scenario {
  name: string;
  description: string;
  /** The size the CLI uses without --events. */
  defaultEvents: number;
  run(options: ScenarioOptions): Promise<ScenarioResult>;
}

/** Generous: FerretDB on this machine scores a few hundred events per second at best. */
export function completionTimeoutMs(events: number): number {
  return Math.max(180_000, events * 30);
}

/**
 * Waits for completion, verifies, and combines the verification with the ledger and the scenario's own checks
 * (`extraProblems`: anything the scenario itself saw go wrong) into a result.
 */
export async function conclude(
  name: string,
  faults: FaultSystem,
  ledger: Ledger,
  started: number,
  options: ScenarioOptions,
  figures: Record<string, number | string>,
  extraProblems: string[] = [],
  verifyOptions: { realtimeUrls?: string[] } = {},
): Promise<ScenarioResult> {
  const verification: Verification = await waitAndVerify(
    { mongoUri: faults.mongoUri, realtimeUrls: verifyOptions.realtimeUrls ?? faults.running('realtime-gateway').map((i) => i.url), adminKey: faults.adminKey },
    ledger.accepted,
    { timeoutMs: completionTimeoutMs(options.events), log: options.log },
  );
  const problems = [...extraProblems, ...ledger.unexpected.slice(0, 5).map((text) => `unexpected answer: ${text}`), ...verification.problems];
  if (ledger.acceptedTwice.length > 0) problems.unshift(`${ledger.acceptedTwice.length} event ids were answered "accepted" twice, e.g. ${ledger.acceptedTwice[0]}`);
  const duplicatesCounted = verification.duplicatesCounted + verification.duplicatesStored + ledger.acceptedTwice.length;
  return {
    scenario: name,
    ok: problems.length === 0 && verification.ok && ledger.unexpected.length === 0 && ledger.acceptedTwice.length === 0,
    sent: ledger.sent,
    accepted: ledger.accepted.size,
    stored: verification.stored,
    scored: verification.scored,
    duplicatesCounted,
    lost: verification.lost,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    figures: { leads: verification.leads, api_checked: verification.apiChecked, lead_mismatches: verification.leadMismatches, ...figures },
    problems,
    logDir: faults.logDir,
  };
}

/**
 * Checks that the analytics summary of each realtime gateway (`urls`) counts every lead and every scored event
 * once. After a failure a partition's rollups are counted again in the background (RollupRecounts in the worker),
 * so this waits up to `withinMs` for them. Adds the figure and, when they never match, a problem.
 */
export async function checkAnalytics(result: ScenarioResult, faults: FaultSystem, urls: string[], withinMs = 90_000): Promise<void> {
  const adminKey = faults.adminKey;
  const expected = `${result.figures.leads}/${result.scored}`;
  const deadline = Date.now() + withinMs;
  let counted: string[] = [];
  for (;;) {
    const summaries = await Promise.all(urls.map((url) => readAnalyticsSummary(url, adminKey)));
    counted = summaries.map((summary) => `${summary.total_leads}/${summary.total_events}`);
    if (counted.every((count) => count === expected) || Date.now() > deadline) break;
    await sleep(1000);
  }
  result.figures.analytics_leads_events = counted.join('+');
  result.figures.rollup_recounts = await recountsOf(faults);
  if (counted.some((count) => count !== expected)) {
    result.figures.analytics_by_partition = await analyticsByPartition(faults.mongoUri, faults.partitions).catch((error: Error) => `unread: ${error.message}`);
    result.problems.push(`the analytics count ${counted.join(', ')} leads/events, not ${expected}`);
    result.ok = false;
  }
}

/** The recounts the running workers did, exact and deferred (a killed worker's are lost with it). */
async function recountsOf(faults: FaultSystem): Promise<string> {
  const texts = await Promise.all(faults.running('scoring-worker').map((worker) => fetch(`${worker.url}/metrics`).then((response) => response.text())));
  const sum = (result: string) => texts.reduce((total, text) => total + Number(text.match(new RegExp(`^rollup_recounts_total\\{result="${result}"\\} (\\d+)`, 'm'))?.[1] ?? 0), 0);
  return `${sum('exact')}/${sum('deferred')}`;
}

export function verdictLine(result: ScenarioResult): string {
  const figures = Object.entries(result.figures).map(([key, value]) => `${key}=${value}`).join(' ');
  return `${result.ok ? 'PASS' : 'FAIL'} ${result.scenario}: sent=${result.sent} accepted=${result.accepted} stored=${result.stored} ` +
    `scored=${result.scored} duplicates_counted=${result.duplicatesCounted} lost=${result.lost} ${figures} time=${result.seconds}s` +
    (result.ok ? '' : ` | ${result.problems.slice(0, 3).join(' | ')} | logs: ${result.logDir}`);
}

/** Runs `body` on a started system and always stops it. */
export async function withSystem<T>(start: () => Promise<FaultSystem>, body: (faults: FaultSystem) => Promise<T>): Promise<T> {
  const faults = await start();
  try {
    return await body(faults);
  } finally {
    await faults.stop();
  }
}
