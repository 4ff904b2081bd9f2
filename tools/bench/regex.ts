// Regex condition benchmark: the worst time to match a 100 KB text, for patterns at the limits the rule API
// accepts (MAX_REGEX_PATTERN_LENGTH, MAX_REGEX_PROGRAM_SIZE). Target: under 50 ms for every accepted pattern.
// The worst shapes are those whose DFA explodes (`[ab]*a[ab]{26}$` on random a/b text): re2js then runs its NFA,
// whose cost is text length x program size. Measured on a shared 2-core machine under heavy load (load average
// 15): worst median 35-56 ms of CPU per 100 KB match (wall time several times more, waiting for the CPU);
// patterns whose DFA stays small take 0-6 ms.
// Pure CPU, no services. Usage: npx tsx tools/bench/regex.ts [--runs=5]
import { MAX_REGEX_PROGRAM_SIZE, compileRuleRegex, regexFinds } from '../../libs/contracts/src/rule-regex';
import { argument } from './bench-support';

const runs = argument('runs', 5);
const TEXT_LENGTH = 100_000;

function randomText(alphabet: string): string {
  return Array.from({ length: TEXT_LENGTH }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
}

const texts: Record<string, string> = {
  'a...a!': `${'a'.repeat(TEXT_LENGTH - 1)}!`,
  'random a/b': randomText('ab'),
  'random printable': randomText(Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('')),
  'random unicode': randomText('aé€😀 b\n'),
};

/** Catastrophic for a backtracking engine, or DFA-exploding, or as large as the program-size limit allows. */
function patterns(): string[] {
  const classic = ['(a+)+$', '(a|aa)+$', '(a|a?)+b', '(.*a){12}$', '^(([a-z])+.)+[A-Z]([a-z])+$', '(\\w+\\s?)*$', '(?i)(a|b|ab|ba)*c'];
  // The largest repetition counts that still compile under the limit, for a few shapes.
  const grown = ['[ab]*a[ab]{N}$', '(?s).*a.{N}$', '(?i)[a-z]*a[a-z]{N}[^a]', '(?s).*(a.{N}b|b.{N}a)', '(?i)(?:a?){N}a{N}', '(?:[a-z]+\\s?){N}!', '(.*a){N}$', '(?:\\b\\w+\\b\\W*){N}$'].map(largestUnderLimit);
  return [...classic, ...grown].filter((pattern): pattern is string => pattern !== undefined);
}

function largestUnderLimit(shape: string): string | undefined {
  let best: string | undefined;
  for (let n = 1; n <= 1000; n++) {
    const pattern = shape.replaceAll('N', String(n));
    if (!compileRuleRegex(pattern).ok) break;
    best = pattern;
  }
  return best;
}

let worst = 0;
let worstCpu = 0;
for (const pattern of patterns()) {
  const compiled = compileRuleRegex(pattern);
  if (!compiled.ok) continue;
  for (const [name, text] of Object.entries(texts)) {
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      regexFinds(compiled.regex, text);
      const cpu = process.cpuUsage(cpuStart);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
      times.push(performance.now() - start);
    }
    // Medians of the runs (the first includes the JIT compiling the matcher); CPU time as well as wall time, so
    // that a run on a busy machine still shows what one match costs.
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    worst = Math.max(worst, median(times));
    worstCpu = Math.max(worstCpu, median(cpuTimes));
    console.log(`${median(times).toFixed(1).padStart(7)} ms wall ${median(cpuTimes).toFixed(1).padStart(7)} ms cpu  size ${String(compiled.regex.programSize()).padStart(3)}  ${name.padEnd(16)}  ${pattern}`);
  }
}
console.log(`worst median: ${worst.toFixed(1)} ms wall, ${worstCpu.toFixed(1)} ms cpu, for a ${TEXT_LENGTH / 1000} KB text (limit: program size ${MAX_REGEX_PROGRAM_SIZE})`);
