/** Shared classes of text inputs and selects, so every form looks and focuses alike. */
export const INPUT =
  'block w-full rounded-lg border-0 px-3 py-2 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 aria-[invalid=true]:ring-rose-400';
export const LABEL = 'block text-sm font-medium text-slate-900';
export const FIELD_ERROR = 'mt-1 text-sm text-rose-700';
