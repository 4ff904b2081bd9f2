export const SCORING_JOB_OPTIONS = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { count: 1000 },
  // Failed jobs stay visible (with their reason) until someone retries or removes them.
  removeOnFail: false,
} as const;
