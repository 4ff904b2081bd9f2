import { useMutation } from '@tanstack/react-query';
import { CircleCheck, FileUp, Send, Upload } from 'lucide-react';
import { type DragEvent, type FormEvent, useId, useRef, useState } from 'react';
import { useApiClients } from '../api/api-clients-context';
import { ApiError } from '../api/client';
import { describeError } from '../api/describe-error';
import { postEvent } from '../api/writes';
import { Button } from '../components/Button';
import { FIELD_ERROR, INPUT, LABEL } from '../components/form-styles';
import { Card, PageHeader } from '../components/PageHeader';
import { cx } from '../lib/cx';
import { EMPTY_EVENT_FORM, type EventFormValues, type FieldErrors, fieldOfDetail, validateEventForm } from '../upload/event-form';
import { SampleDataButton } from '../upload/SampleDataButton';
import { UploadProgressPanel } from '../upload/UploadProgressPanel';
import { useCsvUpload } from '../upload/useCsvUpload';

export default function UploadPage() {
  return (
    <section aria-labelledby="upload-title" className="space-y-5">
      <PageHeader titleId="upload-title" icon={Upload} title="Send events" subtitle="One event by hand, or a CSV file of any size" />
      <div className="grid gap-5 lg:grid-cols-2">
        <SingleEventCard />
        <CsvCard />
      </div>
    </section>
  );
}

function SingleEventCard() {
  const { ingestion } = useApiClients();
  const id = useId();
  const [values, setValues] = useState<EventFormValues>(EMPTY_EVENT_FORM);
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const send = useMutation({
    mutationFn: (event: Parameters<typeof postEvent>[1]) => postEvent(ingestion, event),
    onError: (error) => {
      if (error instanceof ApiError && error.details.length > 0) {
        const mapped: FieldErrors = {};
        for (const detail of error.details) mapped[fieldOfDetail(detail.field)] ??= `${detail.field}: ${detail.message}`;
        setErrors(mapped);
      }
    },
  });

  const set = (field: keyof EventFormValues) => (value: string) => setValues((current) => ({ ...current, [field]: value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = validateEventForm(values);
    if (!result.ok) {
      setErrors(result.errors);
      // Move focus to the first invalid field so keyboard users land on the problem.
      const first = Object.keys(result.errors)[0];
      formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setErrors({});
    send.mutate(result.event);
  }

  const field = (name: keyof EventFormValues, label: string, props: { placeholder?: string; type?: string; hint?: string } = {}) => (
    <div>
      <label htmlFor={`${id}-${name}`} className={LABEL}>
        {label}
      </label>
      <input
        id={`${id}-${name}`}
        name={name}
        data-testid={`event-${name}`}
        type={props.type ?? 'text'}
        placeholder={props.placeholder}
        value={values[name]}
        onChange={(event) => set(name)(event.target.value)}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${id}-${name}-error` : undefined}
        className={cx(INPUT, 'mt-1')}
      />
      {errors[name] && (
        <p id={`${id}-${name}-error`} data-testid={`event-${name}-error`} className={FIELD_ERROR}>
          {errors[name]}
        </p>
      )}
    </div>
  );

  return (
    <Card title="Single event">
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3" data-testid="event-form">
        <div className="grid gap-3 sm:grid-cols-2">
          {field('event_type', 'Event type', { placeholder: 'PAGE_VIEW' })}
          {field('email', 'Email', { placeholder: 'alice@microsoft.com', type: 'email' })}
          {field('name', 'Name', { placeholder: 'Alice Johnson' })}
          {field('company', 'Company', { placeholder: 'Microsoft' })}
          {field('lead_id', 'External lead id', { placeholder: 'optional' })}
          {field('source', 'Source')}
          {field('timestamp', 'Event time (empty: now)', { type: 'datetime-local' })}
        </div>
        <div>
          <label htmlFor={`${id}-extra`} className={LABEL}>
            More metadata (JSON object)
          </label>
          <textarea
            id={`${id}-extra`}
            name="extra"
            data-testid="event-extra"
            rows={3}
            placeholder='{"url": "/pricing"}'
            value={values.extra}
            onChange={(event) => set('extra')(event.target.value)}
            aria-invalid={errors.extra ? true : undefined}
            aria-describedby={errors.extra ? `${id}-extra-error` : undefined}
            className={cx(INPUT, 'mt-1 font-mono')}
          />
          {errors.extra && (
            <p id={`${id}-extra-error`} data-testid="event-extra-error" className={FIELD_ERROR}>
              {errors.extra}
            </p>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="primary" disabled={send.isPending} data-testid="event-submit">
            <Send aria-hidden="true" className="size-4" /> {send.isPending ? 'Sending…' : 'Send event'}
          </Button>
          <div aria-live="polite">
            {send.isSuccess && (
              <p data-testid="event-result" className="flex items-center gap-1.5 text-sm text-emerald-700">
                <CircleCheck aria-hidden="true" className="size-4" /> {send.data.status === 'duplicate' ? 'Already received' : 'Accepted'}:{' '}
                <code className="text-xs">{send.data.event_id}</code>
              </p>
            )}
            {send.isError && (
              <p role="alert" data-testid="event-send-error" className="text-sm text-rose-700">
                {describeError(send.error)}
              </p>
            )}
          </div>
        </div>
      </form>
    </Card>
  );
}

function CsvCard() {
  const { state, progress, upload } = useCsvUpload();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [rejected, setRejected] = useState<string | null>(null);

  function take(files: FileList | null) {
    const file = files?.[0];
    if (!file) return;
    if (!/\.csv$/i.test(file.name) && file.type !== 'text/csv') {
      setRejected(`${file.name} is not a .csv file.`);
      return;
    }
    setRejected(null);
    void upload(file, file.name);
  }

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    take(event.dataTransfer.files);
  };

  return (
    <Card title="CSV upload">
      <div className="space-y-4">
        <div
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="csv-dropzone"
          className={cx(
            'flex flex-col items-center gap-2 rounded-xl border-2 border-dashed px-4 py-8 text-center transition-colors',
            dragging ? 'border-indigo-500 bg-indigo-50' : 'border-slate-300 bg-slate-50',
          )}
        >
          <FileUp aria-hidden="true" className="size-7 text-indigo-500" />
          <p className="text-sm text-slate-700">Drop a CSV file here, or</p>
          <Button onClick={() => inputRef.current?.click()} disabled={state.busy}>
            Choose a file
          </Button>
          <input ref={inputRef} type="file" accept=".csv,text/csv" className="sr-only" tabIndex={-1} aria-label="CSV file" data-testid="csv-input" onChange={(event) => take(event.target.files)} />
          <p className="text-xs text-slate-500">
            Columns <code>event_type,email</code> plus any of <code>event_id, lead_id, name, company, source, timestamp</code>; other columns become
            metadata. The seed layout with a JSON <code>metadata</code> column works too.
          </p>
        </div>
        {rejected && (
          <p role="alert" className="text-sm text-rose-700">
            {rejected}
          </p>
        )}
        <UploadProgressPanel state={state} progress={progress} />
        <div className="border-t border-slate-100 pt-4">
          <p className="mb-2 text-sm text-slate-600">No file at hand? Send the repository's 400-event sample.</p>
          <SampleDataButton />
        </div>
      </div>
    </Card>
  );
}
