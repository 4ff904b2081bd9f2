import type { ReactNode } from 'react';
import { FIELD_ERROR, LABEL } from './form-styles';

interface FormFieldProps {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  /** The control, which must carry `id` and, when there is an error, aria-describedby `${id}-error`. */
  children: ReactNode;
}

/** A label, a control and the error the browser or the gateway found in it. */
export function FormField({ id, label, error, hint, children }: FormFieldProps) {
  return (
    <div>
      <label htmlFor={id} className={LABEL}>
        {label}
      </label>
      <div className="mt-1">{children}</div>
      {hint && !error && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      {error && (
        <p id={`${id}-error`} data-testid={`${id}-error`} className={FIELD_ERROR}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The aria attributes of a control whose field may have an error. */
export function invalidProps(id: string, error: string | undefined) {
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined } as const;
}
