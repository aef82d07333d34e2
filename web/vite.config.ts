import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The issue list is where people land: its lazily loaded code is named in index.html as
 * `modulepreload`, so the browser fetches it alongside the main bundle instead of after it runs.
 */
function preloadLandingPage(page: string): Plugin {
  return {
    name: 'faultline:preload-landing-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const landing = chunks.find((c) => c.facadeModuleId?.endsWith(page));
        if (!landing) throw new Error(`no chunk for ${page}`);
        const entries = new Set(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
        const files = [landing.fileName, ...landing.imports.filter((f) => !entries.has(f))];
        return {
          html,
          tags: files.map((f) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` },
            injectTo: 'head' as const,
          })),
        };
      },
    },
  };
}

// The dashboard is built into dist/web, which the Faultline server itself serves (src/api/dashboard.ts).
// `npx vite --config web/vite.config.ts` runs a dev server that forwards /api to a local Faultline.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react(), preloadLandingPage('/src/pages/issues-page.tsx')],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Budget: the first load stays under 300 KB gzipped (test/e2e/dashboard checks it); pages load lazily.
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: { '/api': process.env.FAULTLINE_URL ?? 'http://127.0.0.1:8000' },
  },
});
