export interface Sample {
  at: number;
  value: number;
}

/** Keeps the samples of the last `windowMs` (and at least the newest one), appending `next`. */
export function addSample(samples: readonly Sample[], next: Sample, windowMs: number): Sample[] {
  const kept = samples.filter((sample) => sample.at >= next.at - windowMs && sample.at < next.at);
  return [...kept, next];
}

/** Growth per minute between the oldest and newest sample, or null with less than 5 seconds of data. */
export function perMinute(samples: readonly Sample[]): number | null {
  if (samples.length < 2) return null;
  const first = samples[0];
  const last = samples[samples.length - 1];
  const elapsed = last.at - first.at;
  if (elapsed < 5000) return null;
  return Math.max(0, ((last.value - first.value) / elapsed) * 60_000);
}
