import type { TriggerWithSecret } from '@lead-scoring/contracts';
import { Check, Copy, KeyRound, TriangleAlert, X } from 'lucide-react';
import { useRef, useState } from 'react';
import { Button } from '../components/Button';
import { INPUT } from '../components/form-styles';
import { cx } from '../lib/cx';

interface SecretNoticeProps {
  trigger: TriggerWithSecret;
  /** After a rotation: the old secret keeps signing for a day. */
  rotated: boolean;
  onDismiss(): void;
}

/** The signing secret, shown once after a create or a rotation, with a copy button. */
export function SecretNotice({ trigger, rotated, onDismiss }: SecretNoticeProps) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'select' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(trigger.secret);
      setCopied('yes');
    } catch {
      // No clipboard permission (or an insecure origin): select it for Ctrl+C instead.
      input.current?.select();
      setCopied('select');
    }
  }

  return (
    <section aria-labelledby="trigger-secret-title" data-testid="trigger-secret-notice" data-trigger-id={trigger.id} className="rounded-xl border border-amber-300 bg-amber-50 p-4 shadow-sm">
      <div className="flex items-start justify-between gap-3">
        <h2 id="trigger-secret-title" className="flex items-center gap-2 text-sm font-semibold text-amber-950">
          <KeyRound aria-hidden="true" className="size-4" />
          {rotated ? `New signing secret of “${trigger.name}”` : `Signing secret of “${trigger.name}”`}
        </h2>
        <Button onClick={onDismiss} aria-label="Dismiss the secret" data-testid="trigger-secret-dismiss" className="px-2">
          <X aria-hidden="true" className="size-4" />
        </Button>
      </div>
      <p className="mt-2 flex items-start gap-1.5 text-sm text-amber-900">
        <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
        <span>
          Copy it now: it is shown only this once. The receiver uses it to check each webhook’s <code>webhook-signature</code> header.
          {rotated && ' The old secret still signs deliveries for 24 hours, next to the new one: update the receiver within that time.'}
        </span>
      </p>
      <div className="mt-3 flex gap-2">
        <input ref={input} readOnly value={trigger.secret} aria-label="Signing secret" data-testid="trigger-secret" onFocus={(event) => event.target.select()} className={cx(INPUT, 'font-mono')} />
        <Button onClick={() => void copy()} data-testid="trigger-secret-copy">
          {copied === 'yes' ? <Check aria-hidden="true" className="size-4" /> : <Copy aria-hidden="true" className="size-4" />}
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </Button>
      </div>
      {copied === 'select' && <p className="mt-1 text-xs text-amber-900">The browser did not allow copying: the secret is selected, press Ctrl+C (⌘C).</p>}
    </section>
  );
}
