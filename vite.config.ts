import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const tab = resolve(import.meta.dirname, 'tab');

/**
 * The tab is built into dist/tab, which the API serves at `/`: the app (index.html with hash routes, heavy
 * views split with React.lazy), config.html (the same app on its configuration page, the manifest's
 * configurationUrl), the two consent pages Teams' authentication window opens, and the manifest's privacy and
 * terms pages. Every script is an external file, so the API's CSP can stay `script-src 'self'`.
 * `npm run dev:tab` proxies /api to the API.
 */
export default defineConfig({
  root: 'tab',
  base: '/',
  build: {
    outDir: '../dist/tab',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        index: resolve(tab, 'index.html'),
        config: resolve(tab, 'config.html'),
        'auth-start': resolve(tab, 'auth-start.html'),
        'auth-end': resolve(tab, 'auth-end.html'),
        privacy: resolve(tab, 'privacy.html'),
        terms: resolve(tab, 'terms.html'),
      },
      output: {
        // Named vendor chunks keep per-entry sizes readable and cache well: React, Fluent UI, and teams-js (loaded only inside Teams).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            // Not @fluentui/react-charts: the summary charts load on demand (React.lazy), and so does the charting code.
            {
              name: 'fluent',
              test: /node_modules[\\/](@fluentui[\\/](?!react-charts|chart-utilities|react-overflow|react-popover)|@griffel|tabster|@floating-ui|keyborg|@swc|@emotion|stylis|rtl-css-js)/,
            },
            { name: 'teams-js', test: /node_modules[\\/]@microsoft[\\/]teams-js[\\/]/ },
          ],
        },
      },
      // Fluent UI ships 'use client' directives for React Server Components; they mean nothing in a tab.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:53000' } },
});
