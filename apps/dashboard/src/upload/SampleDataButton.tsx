import { Database } from 'lucide-react';
import { Button } from '../components/Button';
import { UploadProgressPanel } from './UploadProgressPanel';
import { SAMPLE_FILE, useCsvUpload } from './useCsvUpload';

/** Uploads the repository's sample_batch.csv (served with the dashboard) and shows its progress in place. */
export function SampleDataButton({ className }: { className?: string }) {
  const { state, progress, uploadSample } = useCsvUpload();
  return (
    <div className={className}>
      <Button variant="primary" onClick={() => void uploadSample()} disabled={state.busy} data-testid="load-sample-button">
        <Database aria-hidden="true" className="size-4" />
        {state.busy ? 'Loading sample data…' : 'Load sample data'}
      </Button>
      {state.filename && (
        <div className="mt-4 w-full max-w-xl text-left">
          <UploadProgressPanel state={state} progress={progress} />
        </div>
      )}
      <span className="sr-only">Uploads {SAMPLE_FILE}</span>
    </div>
  );
}
