/** Shared classes of data tables (header and body cells), so every table of the dashboard reads alike. */
export const TABLE = 'min-w-full divide-y divide-slate-200 text-sm';
export const TH = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500';
export const TD = 'px-3 py-2';
export const TBODY = 'divide-y divide-slate-100';
