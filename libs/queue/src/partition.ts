/**
 * The scoring partition of a lead: FNV-1a of its key, modulo the partition count. Stable across processes and
 * restarts, so a lead's jobs always land on the same queue and are processed one at a time.
 */
export function partitionFor(leadKey: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < leadKey.length; i++) {
    hash ^= leadKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}

/** Groups lead keys by partition, dropping repeats. */
export function groupByPartition(leadKeys: Iterable<string>, partitions: number): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const leadKey of new Set(leadKeys)) {
    const partition = partitionFor(leadKey, partitions);
    const group = groups.get(partition);
    if (group) group.push(leadKey);
    else groups.set(partition, [leadKey]);
  }
  return groups;
}
