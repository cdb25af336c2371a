import { defineConfig } from 'vite';

/** The tab is built into dist/tab, which the API serves at `/`. `npm run dev:tab` proxies /api to the API. */
export default defineConfig({
  root: 'tab',
  base: '/',
  build: {
    outDir: '../dist/tab',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // Fluent UI ships 'use client' directives for React Server Components; they mean nothing in a tab.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:53000' } },
});
