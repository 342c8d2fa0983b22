/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app is served from the site root: by CloudFront/S3 in AWS and by the `local`
// module (classpath /web/**, SPA fallback to index.html) on one machine. Absolute asset
// URLs (base '/') keep deep links such as /hosts/<id> working after the fallback.
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    // `npm run dev` proxies the API to a locally running stack.
    proxy: {
      '/api': {
        target: process.env.PATCHMON_API ?? 'http://localhost:8080',
        changeOrigin: true,
        ws: true,
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    unstubGlobals: true,
    setupFiles: ['src/test/setup.ts'],
    // Generous per-test limit for the same reason as the async-util timeout in setup.ts.
    testTimeout: 20000,
  },
});
