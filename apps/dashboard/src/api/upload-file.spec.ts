import { newUploadId } from './upload-file';

describe('newUploadId', () => {
  it('makes an id the gateway accepts from any random token', () => {
    expect(newUploadId(() => '0f8c-4a1b-9d2e')).toBe('upl_0f8c4a1b9d2e');
    expect(newUploadId(() => 'x'.repeat(100))).toHaveLength(64);
    expect(newUploadId()).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });
});
