import { CircleExclamationPoint } from 'lucide-react';

/** Shown instead of the app when the build was given unusable VITE_* variables. */
export function ConfigErrorPage({ message }: { message: string }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div role="alert" className="max-w-lg rounded-2xl border border-rose-200 bg-white p-6 shadow-sm">
        <h1 className="flex items-center gap-2 text-lg font-semibold text-slate-900">
          <CircleExclamationPoint aria-hidden="true" className="size-5 text-rose-600" />
          The dashboard is misconfigured
        </h1>
        <p className="mt-2 text-sm text-slate-700">{message}</p>
        <p className="mt-2 text-sm text-slate-500">Fix the variable and rebuild (or restart the dev server).</p>
      </div>
    </main>
  );
}
