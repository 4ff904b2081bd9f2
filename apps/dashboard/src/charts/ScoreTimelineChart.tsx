import type { HistoryEntry } from '@lead-scoring/contracts';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDateTime } from '../lib/format';

const DAY = 86_400_000;
const dateOnly = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const dateAndHour = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit' });

/** The score after each change, placed at its event time (not arrival time), as a step line. */
export function ScoreTimelineChart({ history }: { history: readonly HistoryEntry[] }) {
  const data = history.map((entry) => ({ time: Date.parse(entry.timestamp), score: entry.score_after, event: entry.event_type, delta: entry.delta }));
  // Over a short span several ticks fall on one day: show the hour too, so no two labels read the same.
  const span = data.length > 1 ? data[data.length - 1].time - data[0].time : 0;
  const tickFormat = (time: number) => (span < 14 * DAY ? dateAndHour : dateOnly).format(time);
  return (
    <div className="h-60 w-full" role="img" aria-label={`Score over event time, ${history.length} changes`} data-testid="score-timeline">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, left: -12, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="time" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={tickFormat} tick={{ fontSize: 11, fill: '#64748b' }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: '#64748b' }} />
          <Tooltip
            labelFormatter={(time) => formatDateTime(new Date(Number(time)).toISOString())}
            formatter={(value, _name, item) => [`${value} (${(item.payload as { delta: number }).delta >= 0 ? '+' : ''}${(item.payload as { delta: number }).delta}, ${(item.payload as { event: string }).event})`, 'Score']}
          />
          <Line type="stepAfter" dataKey="score" stroke="#4f46e5" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
