import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

export function PageHeader({ icon: Icon, title, subtitle, actions, titleId }: { icon: LucideIcon; title: string; subtitle?: ReactNode; actions?: ReactNode; titleId: string }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        <h1 id={titleId} className="flex items-center gap-2 text-xl font-semibold text-slate-900">
          <Icon aria-hidden="true" className="size-5 text-indigo-600" />
          <span className="truncate">{title}</span>
        </h1>
        {subtitle && <p className="mt-1 text-sm text-slate-600">{subtitle}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}

export function Card({ title, children, actions, className, testId }: { title?: ReactNode; children: ReactNode; actions?: ReactNode; className?: string; testId?: string }) {
  return (
    <section data-testid={testId} className={`rounded-xl border border-slate-200 bg-white p-4 shadow-sm ${className ?? ''}`}>
      {(title || actions) && (
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          {title && <h2 className="text-sm font-semibold text-slate-900">{title}</h2>}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}
