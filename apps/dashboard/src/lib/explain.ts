import type { HistoryEntry } from '@lead-scoring/contracts';

/** Names of rules by id, from the lead's breakdown and the current rules (a deleted rule keeps its id). */
export function ruleNames(...sources: ReadonlyArray<ReadonlyArray<{ id?: string; rule_id?: string; name: string }> | undefined>): Map<string, string> {
  const names = new Map<string, string>();
  for (const source of sources) for (const item of source ?? []) {
    const id = item.rule_id ?? item.id;
    if (id && !names.has(id)) names.set(id, item.name);
  }
  return names;
}

/** Whether a history entry says something about engagement (points, decay, a clamp) and not only about fit. */
export function hasEngagementChange(entry: HistoryEntry): boolean {
  return entry.rule_ids.length > 0 || entry.delta !== 0 || !entry.fit_delta;
}

/** A fit change in words: the new fit and the fit rules that hold from then on. */
export function explainFit(entry: HistoryEntry, names: ReadonlyMap<string, string>): string {
  const holding = (entry.fit_rule_ids ?? []).map((id) => names.get(id) ?? id);
  const rules = holding.length > 0 ? holding.join(' + ') : 'no fit rule holds';
  return `Fit ${formatDelta(entry.fit_delta)} → ${formatNumber(entry.fit_after)}: ${rules}`;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** A history line in words: which rules fired, or why the score moved without one. */
export function explainEntry(entry: HistoryEntry, names: ReadonlyMap<string, string>): string {
  if (entry.event_type === 'DECAY') return 'Inactivity decay';
  if (entry.rule_ids.length === 0) return entry.delta === 0 ? 'No rule matched' : 'Clamped to the score range';
  return entry.rule_ids.map((id) => names.get(id) ?? id).join(' + ');
}

export function formatDelta(delta: number): string {
  const rounded = Number.isInteger(delta) ? String(Math.abs(delta)) : Math.abs(delta).toFixed(1);
  if (delta > 0) return `+${rounded}`;
  if (delta < 0) return `−${rounded}`;
  return '0';
}

/** The grade a history entry moved into, or null when it stayed (entries of an older gateway have none). */
export function gradeChanges(history: readonly HistoryEntry[]): (string | null)[] {
  return history.map((entry, index) => (entry.grade_after && (index === 0 || history[index - 1].grade_after !== entry.grade_after) ? entry.grade_after : null));
}

/** The stage a history entry moved into, or null when it stayed. */
export function stageChanges(history: readonly HistoryEntry[]): (string | null)[] {
  return history.map((entry, index) => (index === 0 || history[index - 1].stage_after !== entry.stage_after ? entry.stage_after : null));
}
