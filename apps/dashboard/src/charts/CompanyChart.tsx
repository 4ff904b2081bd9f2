import type { CompanyDistribution } from '@lead-scoring/contracts';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** Leads per company, largest first. */
export function CompanyChart({ companies }: { companies: CompanyDistribution['items'] }) {
  const height = Math.max(160, companies.length * 28 + 24);
  return (
    <div style={{ height }} className="w-full" role="img" aria-label={`Leads per company, top ${companies.length}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={companies} layout="vertical" margin={{ top: 0, right: 16, left: 0, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11, fill: '#64748b' }} />
          <YAxis type="category" dataKey="company" width={130} tick={{ fontSize: 11, fill: '#334155' }} interval={0} />
          <Tooltip />
          <Bar dataKey="leads" name="Leads" fill="#6366f1" radius={[0, 4, 4, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
