/**
 * Each service's V8 old-space limit in MiB, as `--max-old-space-size`. Without one, V8 sizes the heap from the
 * machine's memory (about 4 GiB on 24 GiB) and lets garbage pile up far past the live set before it compacts:
 * the ingestion gateway's live heap stays near 55 MiB at 300 requests/s, yet it grew to 240 MiB between two
 * compactions and the process to 345 MiB RSS. With a limit V8 compacts sooner (about one 10-40 ms compaction
 * every 1.5 s at that rate) and the peak RSS was 183 MiB. The limits leave room for the largest bodies (5 MB
 * batches, CSV chunks of 1,000 rows); the same values are in the Dockerfile, tools/start.sh and the nx serve
 * targets. The worker's backlog jobs hold at most one group of 1,000 leads and about 4 MiB of events at a time
 * (ScoreLeadsUseCase): with 192 MiB its RSS peaked at 230 MiB through a 100,000-event backlog and a 10,000-lead
 * re-score (680 MiB without a limit), as fast as without it, and at 295 MiB in the fault suite's worker-kill
 * (docs/benchmarks.md, ninth session).
 */
export const HEAP_BUDGET_MIB: Partial<Record<'ingestion-gateway' | 'scoring-worker' | 'realtime-gateway', number>> = {
  'ingestion-gateway': 192,
  'scoring-worker': 192,
  'realtime-gateway': 192,
};
