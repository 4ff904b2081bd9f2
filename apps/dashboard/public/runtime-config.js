// Deployment-time settings, read before the app starts. Left empty, the app uses the VITE_* values it was built
// with. A deployment (tools/start.sh, a container entrypoint, a test) may overwrite this file, e.g.
// window.__LEAD_SCORING_CONFIG__ = { apiBaseUrl: 'https://ingest.example.com', realtimeUrl: 'https://live.example.com' };
window.__LEAD_SCORING_CONFIG__ = window.__LEAD_SCORING_CONFIG__ || {};
