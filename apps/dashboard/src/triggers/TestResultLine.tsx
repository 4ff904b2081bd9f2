import type { TriggerTestResult } from '@lead-scoring/contracts';
import { CircleCheck, CircleX } from 'lucide-react';
import { cx } from '../lib/cx';
import { describeTestResult } from './delivery-view';

/** What the destination said to a test send, with the start of its answer. */
export function TestResultLine({ result, url }: { result: TriggerTestResult; url: string }) {
  const Icon = result.ok ? CircleCheck : CircleX;
  return (
    <div
      data-testid="trigger-test-result"
      data-ok={result.ok}
      data-status-code={result.status_code ?? undefined}
      className={cx('rounded-lg px-3 py-2 text-sm', result.ok ? 'bg-emerald-50 text-emerald-900' : 'bg-rose-50 text-rose-900')}
    >
      <p className="flex items-start gap-1.5">
        <Icon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
        <span>
          Test send to <span className="font-mono text-xs break-all">{url}</span>. {describeTestResult(result)}
        </span>
      </p>
      {result.response_excerpt && (
        <pre data-testid="trigger-test-excerpt" className="mt-2 max-h-32 overflow-auto rounded bg-white/70 p-2 text-xs whitespace-pre-wrap text-slate-800">
          {result.response_excerpt}
        </pre>
      )}
    </div>
  );
}
