import { ChevronLeft, ChevronRight } from 'lucide-react';
import { Button } from './Button';

interface PagerNavProps {
  /** What the page shows, e.g. "1-25 of 340". */
  range: string;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious(): void;
  onNext(): void;
  /** Test ids of the range, previous and next elements. */
  testIds: { range: string; previous: string; next: string };
}

/** Previous / next buttons under a cursor-paged list, with the range shown. */
export function PagerNav({ range, hasPrevious, hasNext, onPrevious, onNext, testIds }: PagerNavProps) {
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
      <span data-testid={testIds.range}>{range}</span>
      <div className="flex gap-2">
        <Button onClick={onPrevious} disabled={!hasPrevious} data-testid={testIds.previous}>
          <ChevronLeft aria-hidden="true" className="size-4" /> Previous
        </Button>
        <Button onClick={onNext} disabled={!hasNext} data-testid={testIds.next}>
          Next <ChevronRight aria-hidden="true" className="size-4" />
        </Button>
      </div>
    </nav>
  );
}
