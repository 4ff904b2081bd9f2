import type { ReactNode } from 'react';
import { cx } from '../lib/cx';
import { TH } from './table-styles';

export interface TableColumn {
  label: ReactNode;
  /** Added to the header cell's classes (alignment, width, the breakpoints that hide it). */
  className?: string;
}

/** A data table's header row, from its columns: every table titles its columns the same way. */
export function TableHead({ columns, className }: { columns: readonly TableColumn[]; className?: string }) {
  return (
    <thead className={className}>
      <tr>
        {columns.map((column, index) => (
          <th key={index} scope="col" className={cx(TH, column.className)}>
            {column.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
