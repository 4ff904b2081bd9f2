export type { UploadProgress, UploadResult, UploadRowError, UploadState } from './api-schemas';

export const MAX_REPORTED_ROW_ERRORS = 100;
