import type { HistoryEntry } from '@lead-scoring/contracts';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDateTime } from '../lib/format';

const DAY = 86_400_000;
const dateOnly = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const dateAndHour = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit' });

interface Point {
  time: number;
  score: number;
  fit: number | undefined;
  event: string;
  delta: number;
  fitDelta: number;
}

const signed = (value: number) => `${value >= 0 ? '+' : ''}${value}`;

/** The score and the fit after each change, placed at their event time (not arrival time), as step lines. */
export function ScoreTimelineChart({ history }: { history: readonly HistoryEntry[] }) {
  const data: Point[] = history.map((entry) => ({
    time: Date.parse(entry.timestamp),
    score: entry.score_after,
    fit: entry.fit_after,
    event: entry.event_type,
    delta: entry.delta,
    fitDelta: entry.fit_delta ?? 0,
  }));
  const withFit = data.some((point) => point.fit !== undefined);
  // Over a short span several ticks fall on one day: show the hour too, so no two labels read the same.
  const span = data.length > 1 ? data[data.length - 1].time - data[0].time : 0;
  const tickFormat = (time: number) => (span < 14 * DAY ? dateAndHour : dateOnly).format(time);
  return (
    <div className="h-60 w-full" role="img" aria-label={`Score over event time, ${history.length} changes`} data-testid="score-timeline">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, left: -12, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="time" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={tickFormat} tick={{ fontSize: 11, fill: '#64748b' }} />
          <YAxis yAxisId="score" allowDecimals={false} tick={{ fontSize: 11, fill: '#64748b' }} />
          {withFit && <YAxis yAxisId="fit" orientation="right" allowDecimals={false} width={32} tick={{ fontSize: 11, fill: '#0f766e' }} />}
          <Tooltip
            labelFormatter={(time) => formatDateTime(new Date(Number(time)).toISOString())}
            formatter={(value, name, item) => {
              const point = item.payload as Point;
              return name === 'Fit' ? [`${value} (${signed(point.fitDelta)})`, 'Fit'] : [`${value} (${signed(point.delta)}, ${point.event})`, 'Score'];
            }}
          />
          {withFit && <Legend verticalAlign="top" height={24} iconType="plainline" wrapperStyle={{ fontSize: 12 }} />}
          <Line yAxisId="score" name="Score" type="stepAfter" dataKey="score" stroke="#4f46e5" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
          {withFit && <Line yAxisId="fit" name="Fit" type="stepAfter" dataKey="fit" stroke="#0d9488" strokeWidth={2} strokeDasharray="5 3" dot={false} isAnimationActive={false} />}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
