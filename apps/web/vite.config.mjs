// Vite builds the web pages (Preact, TypeScript) into dist/web; scripts/build-web.mjs runs it. No dev-only plugins:
// JSX is compiled by Vite's own transformer with Preact's automatic runtime.
import { defineConfig } from 'vite';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: '/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: {
    target: 'es2020',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      '^/(auth|me|catalogue|circulation|institutions|units|plans|usage|patrons|admin/queues|health|docs)':
        'http://localhost:3000',
    },
  },
});
