import type { LeadEventView } from '@lead-scoring/contracts';
import { Card } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { useLeadEvents } from '../hooks/queries';
import { cx } from '../lib/cx';
import { formatDateTime, MISSING } from '../lib/format';
import { TD } from '../components/table-styles';
import { TableHead } from '../components/TableHead';

/** The lead's stored events as received, IDENTIFY ones included, with their metadata. */
export function RawEvents({ leadId }: { leadId: string }) {
  const events = useLeadEvents(leadId);
  return (
    <Card title={`Raw events${events.data ? ` (${events.data.items.length})` : ''}`}>
      {events.isPending ? (
        <LoadingState label="Loading the events…" compact />
      ) : !events.data ? (
        <ErrorState title="The events could not be loaded" error={events.error} onRetry={() => void events.refetch()} compact />
      ) : events.data.items.length === 0 ? (
        <EmptyState title="No events stored for this lead" compact />
      ) : (
        <EventsTable items={events.data.items} />
      )}
    </Card>
  );
}

function EventsTable({ items }: { items: LeadEventView[] }) {
  return (
    <div className="overflow-x-auto">
      <table data-testid="events-table" className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">The lead's stored events in event-time order</caption>
        <TableHead columns={[
          { label: 'Event time' },
          { label: 'Type' },
          { label: 'Source' },
          { label: 'Scored' },
          { label: 'Metadata' },
        ]} />
        <tbody className="divide-y divide-slate-100">
          {items.map((event) => (
            <tr key={event.event_id} data-testid="event-row" className="align-top">
              <td className={cx(TD, 'whitespace-nowrap text-slate-600')}>{formatDateTime(event.timestamp)}</td>
              <td className={TD}>
                <div className="font-medium">{event.event_type}</div>
                <div className="font-mono text-xs text-slate-500">{event.event_id}</div>
              </td>
              <td className={cx(TD, 'text-slate-700')}>{event.source || MISSING}</td>
              <td className={TD}>{event.scored ? 'yes' : <span className="text-amber-700">pending</span>}</td>
              <td className={TD}>
                <details>
                  <summary className="cursor-pointer rounded text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600">
                    {Object.keys(event.metadata).length} fields
                  </summary>
                  <pre className="mt-1 max-w-md overflow-x-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(event.metadata, null, 2)}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
