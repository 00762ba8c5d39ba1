import { defineConfig } from 'vite';

// `base: './'` keeps every asset URL relative, so the same build works at a bucket root, under a
// CloudFront path or from the local S3 stand-in. video.js goes into its own lazily loaded chunk
// (named `videojs-*`) so the first render does not wait for it and the bench can exclude it; the
// full build with the HLS engine is a second lazy chunk (`videojs-hls-*`) that only the live view loads.
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The lazily loaded video.js chunks are big by nature; the first-load code is measured by the bench.
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          // The full build and the HLS engine's parsers: fetched by the live view only.
          return /video\.js[\\/]dist[\\/]video\.es\.js|m3u8-parser|mpd-parser|mux\.js|aes-decrypter|@videojs[\\/]vhs-utils|@xmldom/.test(
            id,
          )
            ? 'videojs-hls'
            : 'videojs';
        },
      },
    },
  },
});
