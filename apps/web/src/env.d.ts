/// <reference types="vite/client" />
// Build-time settings (see README "Configuration").
interface ImportMetaEnv {
  readonly VITE_FEEDS_BASE?: string;
  readonly VITE_MEDIA_ORIGIN?: string;
  readonly VITE_POLL_INTERVAL_MS?: string;
  readonly VITE_LIVE_ORIGIN?: string;
}
