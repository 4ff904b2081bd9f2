import { Eye, EyeOff, Gauge, KeyRound, LoaderCircle, LogIn } from 'lucide-react';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useAppConfig } from '../app/app-config-context';
import { useAuth } from '../auth/auth-context';
import { signInErrorMessage, verifyAdminKey } from '../auth/verify-key';
import { Button } from '../components/Button';
import { cx } from '../lib/cx';

export function SignInPage() {
  const { signIn, notice } = useAuth();
  const { realtimeUrl } = useAppConfig();
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [key, setKey] = useState('');
  const [revealed, setRevealed] = useState(false);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const candidate = key.trim();
    if (!candidate) {
      setError('Enter the admin API key.');
      inputRef.current?.focus();
      return;
    }
    setChecking(true);
    setError(null);
    try {
      await verifyAdminKey(realtimeUrl, candidate);
      signIn(candidate);
    } catch (failure) {
      setError(signInErrorMessage(failure));
      setChecking(false);
      inputRef.current?.focus();
    }
  }

  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-indigo-600">
          <Gauge aria-hidden="true" className="size-7" />
          <span className="text-lg font-semibold text-slate-900">Lead scoring</span>
        </div>
        <form
          onSubmit={onSubmit}
          noValidate
          className="space-y-5 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm"
          aria-labelledby={`${inputId}-title`}
        >
          <div>
            <h1 id={`${inputId}-title`} className="text-xl font-semibold text-slate-900">
              Sign in
            </h1>
            <p id={hintId} className="mt-1 text-sm text-slate-600">
              Enter an admin API key (one of <code className="text-xs">ADMIN_API_KEYS</code>). It is kept in this tab only.
            </p>
          </div>

          {notice && (
            <p role="status" data-testid="sign-in-notice" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
              {notice}
            </p>
          )}

          <div>
            <label htmlFor={inputId} className="block text-sm font-medium text-slate-900">
              Admin API key
            </label>
            <div className="relative mt-1.5">
              <KeyRound aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400" />
              <input
                ref={inputRef}
                id={inputId}
                data-testid="api-key-input"
                type={revealed ? 'text' : 'password'}
                autoComplete="off"
                autoCapitalize="off"
                spellCheck={false}
                autoFocus
                required
                value={key}
                onChange={(event) => setKey(event.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${hintId} ${errorId}` : hintId}
                className={cx(
                  'block w-full rounded-lg border-0 py-2 pr-10 pl-9 font-mono text-sm text-slate-900 ring-1 ring-inset placeholder:text-slate-400',
                  'focus:ring-2 focus:ring-inset focus:ring-indigo-600',
                  error ? 'ring-rose-400' : 'ring-slate-300',
                )}
              />
              <button
                type="button"
                onClick={() => setRevealed((value) => !value)}
                aria-pressed={revealed}
                aria-label={revealed ? 'Hide key' : 'Show key'}
                className="absolute top-1/2 right-2 -translate-y-1/2 rounded p-1 text-slate-500 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                {revealed ? <EyeOff aria-hidden="true" className="size-4" /> : <Eye aria-hidden="true" className="size-4" />}
              </button>
            </div>
            {error && (
              <p id={errorId} role="alert" data-testid="sign-in-error" className="mt-2 text-sm text-rose-700">
                {error}
              </p>
            )}
          </div>

          <Button type="submit" variant="primary" data-testid="sign-in-button" disabled={checking} className="w-full">
            {checking ? (
              <LoaderCircle aria-hidden="true" className="size-4 motion-safe:animate-spin" />
            ) : (
              <LogIn aria-hidden="true" className="size-4" />
            )}
            {checking ? 'Checking key…' : 'Sign in'}
          </Button>
        </form>
      </div>
    </main>
  );
}
