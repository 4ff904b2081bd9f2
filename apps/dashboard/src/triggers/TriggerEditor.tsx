import type { Trigger, TriggerFormat, TriggerWithSecret } from '@lead-scoring/contracts';
import { X } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useApiClients } from '../api/api-clients-context';
import { ApiError } from '../api/client';
import { createTrigger, type TriggerInput, updateTrigger } from '../api/triggers';
import { Button } from '../components/Button';
import { ErrorAlert } from '../components/ErrorAlert';
import { INPUT } from '../components/form-styles';
import { Card } from '../components/PageHeader';
import { useSettings } from '../hooks/queries';
import { allGrades, gradeLabels } from '../lib/grades';
import { ConditionFields } from './ConditionFields';
import { FormField, invalidProps } from '../components/FormField';
import { EMPTY_TRIGGER_FORM, errorsAfterChange, errorsOfDetails, FORM_FIELDS, formOfTrigger, patchOf, TRIGGER_FORMAT_LABELS, triggerOfForm, type TriggerForm, type TriggerFormErrors } from './trigger-form';
import { TriggerPreviewLine } from './TriggerPreviewLine';
import { useTriggerChange } from './useTriggerChange';

interface TriggerEditorProps {
  /** Null: a new trigger. */
  trigger: Trigger | null;
  onClose(): void;
  /** A create answers with the signing secret, shown once. */
  onCreated(trigger: TriggerWithSecret): void;
}

export function TriggerEditor({ trigger, onClose, onCreated }: TriggerEditorProps) {
  const { ingestion } = useApiClients();
  const settings = useSettings();
  const [form, setForm] = useState<TriggerForm>(trigger ? formOfTrigger(trigger) : EMPTY_TRIGGER_FORM);
  const [errors, setErrors] = useState<TriggerFormErrors>({});
  const save = useTriggerChange((input: TriggerInput) => (trigger ? updateTrigger(ingestion, trigger.id, patchOf(trigger, input)) : createTrigger(ingestion, input)));
  const change = (next: Partial<TriggerForm>) => {
    setForm((current) => ({ ...current, ...next }));
    setErrors((current) => errorsAfterChange(current, next));
  };

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = triggerOfForm(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    if (trigger && Object.keys(patchOf(trigger, result.input)).length === 0) {
      onClose();
      return;
    }
    save.mutate(result.input, {
      onSuccess: (saved) => {
        if (!trigger) onCreated(saved as TriggerWithSecret);
        onClose();
      },
      onError: (error) => setErrors(error instanceof ApiError ? errorsOfDetails(error.details) : {}),
    });
  }

  const others = Object.entries(errors).filter(([field]) => !FORM_FIELDS.includes(field));
  return (
    <Card
      title={trigger ? `Edit “${trigger.name}”` : 'New trigger'}
      testId="trigger-editor"
      actions={
        <Button onClick={onClose} aria-label="Close the editor" className="px-2">
          <X aria-hidden="true" className="size-4" />
        </Button>
      }
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <div className="grid gap-3 sm:grid-cols-2">
          <FormField id="trigger-name" label="Name" error={errors['name']}>
            <input id="trigger-name" data-testid="trigger-name" value={form.name} placeholder="Hot lead to sales" onChange={(event) => change({ name: event.target.value })} className={INPUT} {...invalidProps('trigger-name', errors['name'])} />
          </FormField>
          <FormField id="trigger-url" label="Destination URL" error={errors['url']} hint="Called with a POST for every crossing; private and loopback addresses are refused unless the gateway allows them.">
            <input id="trigger-url" data-testid="trigger-url" type="url" value={form.url} placeholder="https://hooks.example.com/leads" onChange={(event) => change({ url: event.target.value })} className={INPUT} {...invalidProps('trigger-url', errors['url'])} />
          </FormField>
        </div>
        <ConditionFields form={form} errors={errors} stages={settings.data?.stages.map((stage) => stage.name) ?? []} grades={allGrades(gradeLabels(settings.data?.grades))} onChange={change} />
        <TriggerPreviewLine form={form} saved={trigger?.condition ?? null} />
        <div className="grid items-end gap-3 sm:grid-cols-2">
          <FormField id="trigger-format" label="Payload format" error={errors['format']}>
            <select id="trigger-format" data-testid="trigger-format" value={form.format} onChange={(event) => change({ format: event.target.value as TriggerFormat })} className={INPUT}>
              {Object.entries(TRIGGER_FORMAT_LABELS).map(([format, label]) => (
                <option key={format} value={format}>
                  {label}
                </option>
              ))}
            </select>
          </FormField>
          <label className="flex items-center gap-2 pb-2 text-sm">
            <input type="checkbox" data-testid="trigger-active" checked={form.active} onChange={(event) => change({ active: event.target.checked })} className="size-4 rounded" />
            Active
          </label>
        </div>
        {others.length > 0 && (
          <ul role="alert" className="list-inside list-disc rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {others.map(([field, message]) => (
              <li key={field}>
                {field}: {message}
              </li>
            ))}
          </ul>
        )}
        {save.isError && <ErrorAlert error={save.error} testId="trigger-save-error" />}
        <div className="flex gap-2">
          <Button type="submit" variant="primary" disabled={save.isPending} data-testid="trigger-save-button">
            {save.isPending ? 'Saving…' : trigger ? 'Save changes' : 'Create trigger'}
          </Button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </Card>
  );
}
