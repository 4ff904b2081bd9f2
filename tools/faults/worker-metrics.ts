/** Events folded by the worker processes at `urls`, by path (incremental, refold...), from their /metrics. */
export async function scoredByPath(urls: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const url of urls) {
    const text = await (await fetch(`${url}/metrics`)).text().catch(() => '');
    for (const match of text.matchAll(/^events_scored_total\{path="([a-z-]+)"\} (\d+)/gm)) counts[match[1]] = (counts[match[1]] ?? 0) + Number(match[2]);
  }
  return counts;
}
