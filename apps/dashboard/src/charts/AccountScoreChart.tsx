import type { AccountDetail } from '@lead-scoring/contracts';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDateTime, formatScore } from '../lib/format';

const DAY = 86_400_000;
const dateOnly = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const dateAndHour = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit' });

/** An account's score after each change, at its event time, as a step line. */
export function AccountScoreChart({ history }: { history: AccountDetail['score_history'] }) {
  const data = history.map((point) => ({ time: Date.parse(point.at), score: point.score })).filter((point) => Number.isFinite(point.time));
  const span = data.length > 1 ? data[data.length - 1].time - data[0].time : 0;
  const tickFormat = (time: number) => (span < 14 * DAY ? dateAndHour : dateOnly).format(time);
  return (
    <div className="h-60 w-full" role="img" aria-label={`Account score over time, ${data.length} changes`} data-testid="account-score-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, left: -8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="time" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={tickFormat} tick={{ fontSize: 11, fill: '#64748b' }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: '#64748b' }} />
          <Tooltip labelFormatter={(time) => formatDateTime(new Date(Number(time)).toISOString())} formatter={(value) => [formatScore(Number(value)), 'Account score']} />
          <Line type="stepAfter" dataKey="score" stroke="#0d9488" strokeWidth={2} dot={{ r: 2.5 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
