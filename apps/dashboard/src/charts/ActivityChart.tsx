import type { ActivityTrend } from '@lead-scoring/contracts';
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { bucketLabel } from './activity-range';
import { colorOf } from './palette';

/** Events per bucket, stacked by event type. */
export function ActivityChart({ trend }: { trend: ActivityTrend }) {
  const data = trend.points.map((point) => ({ label: bucketLabel(point.bucket_start, trend.bucket), total: point.total, ...point.counts }));
  return (
    <div className="h-64 w-full" role="img" aria-label={`Events per ${trend.bucket} by type, ${trend.points.length} buckets`}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: '#64748b' }} minTickGap={16} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: '#64748b' }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {trend.event_types.map((type, index) => (
            <Area key={type} type="monotone" dataKey={type} stackId="events" stroke={colorOf(type, index)} fill={colorOf(type, index)} fillOpacity={0.35} isAnimationActive={false} />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
