import { defineConfig } from 'vite';

// `base: './'` keeps every asset URL relative, so the same build works at a bucket root, under a
// CloudFront path or from the local S3 stand-in. video.js goes into its own lazily loaded chunk
// (named `videojs-*`) so the first render does not wait for it and the bench can exclude it.
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      output: {
        manualChunks(id) {
          return id.includes('node_modules') ? 'videojs' : undefined;
        },
      },
    },
  },
});
