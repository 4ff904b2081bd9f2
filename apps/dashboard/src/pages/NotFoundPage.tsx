import { EmptyState } from '../components/States';

export default function NotFoundPage({ path }: { path: string }) {
  return (
    <EmptyState title="No such page">
      Nothing lives at <code className="rounded bg-slate-100 px-1">#/{path}</code>. <a className="text-indigo-700 underline" href="#/">Go to the overview</a>.
    </EmptyState>
  );
}
