/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** ingestion-gateway: every write (events, uploads, rules, settings). */
  readonly VITE_API_BASE_URL?: string;
  /** realtime-gateway: the dashboard's reads (REST) and live push (Socket.io). */
  readonly VITE_REALTIME_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
