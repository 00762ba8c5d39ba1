// video.js's "core" build (no VHS/HLS engine: clips are progressive MP4) ships without its own
// typings; only the calls the dashboard makes are declared.
declare module 'video.js/core.es.js' {
  interface VjsPlayer {
    play(): Promise<void> | undefined;
    one(event: string, handler: () => void): void;
    dispose(): void;
  }
  interface VjsOptions {
    controls?: boolean;
    autoplay?: boolean;
    preload?: string;
    fluid?: boolean;
    poster?: string;
    sources?: { src: string; type: string }[];
  }
  const videojs: (element: HTMLVideoElement, options?: VjsOptions) => VjsPlayer;
  export default videojs;
}
// The full build (with the HLS engine) is loaded by the live view only; its own typings are not
// used, to keep the two builds' calls declared in one place.
declare module 'video.js' {
  interface VjsLivePlayer {
    play(): Promise<void> | undefined;
    dispose(): void;
  }
  const videojs: (element: HTMLVideoElement, options?: Record<string, unknown>) => VjsLivePlayer;
  export default videojs;
}
