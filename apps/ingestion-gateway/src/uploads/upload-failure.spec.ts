import { ApiError } from '@lead-scoring/runtime';
import { UNEXPECTED_UPLOAD_FAILURE, uploadFailureMessage } from './upload-failure';

describe('uploadFailureMessage', () => {
  it('shows the client a fixed sentence for a raw storage error, and logs the detail', () => {
    const logged: string[] = [];
    const message = uploadFailureMessage(new Error('E11000 duplicate key error collection: scoring.events index: x'), { error: (line: string) => logged.push(line) });
    expect(message).toBe(UNEXPECTED_UPLOAD_FAILURE);
    expect(logged.join('\n')).toContain('E11000');
  });

  it('keeps the message of an answer written for the client', () => {
    expect(uploadFailureMessage(new ApiError(413, 'payload_too_large', 'the file is larger than 1024 bytes'), { error: () => undefined })).toBe('the file is larger than 1024 bytes');
  });

  it('logs the cause behind an answer (e.g. the disk error behind a 503)', () => {
    const logged: string[] = [];
    const answer = Object.assign(new ApiError(503, 'service_unavailable', 'the upload folder is unavailable'), { cause: new Error('ENOSPC: no space left on device') });
    expect(uploadFailureMessage(answer, { error: (line: string) => logged.push(line) })).not.toContain('ENOSPC');
    expect(logged.join('\n')).toContain('ENOSPC');
  });
});
