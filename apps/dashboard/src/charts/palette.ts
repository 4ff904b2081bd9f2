/** Stable colours per event type (the default ones), and a rotation for types named by custom rules. */
const KNOWN: Readonly<Record<string, string>> = {
  PAGE_VIEW: '#6366f1',
  EMAIL_OPEN: '#0ea5e9',
  FORM_SUBMISSION: '#f59e0b',
  DEMO_REQUEST: '#ec4899',
  PURCHASE: '#10b981',
};
const ROTATION = ['#8b5cf6', '#14b8a6', '#f97316', '#64748b', '#84cc16', '#ef4444', '#06b6d4'];

export function colorOf(eventType: string, index: number): string {
  return KNOWN[eventType] ?? ROTATION[index % ROTATION.length];
}
