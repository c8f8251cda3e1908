import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Emits `sw.js`: a service worker that precaches the app shell (index.html
 * and every built asset of this bundle) under a name derived from their
 * contents, and never caches API answers. Written here rather than by a
 * plugin package: it is thirty lines and must stay CSP-clean.
 */
function serviceWorker(): Plugin {
  return {
    name: 'huying-service-worker',
    apply: 'build',
    generateBundle(_, bundle) {
      const files = Object.keys(bundle)
        .filter((f) => f.startsWith('assets/'))
        .sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const shell = ['/', '/manifest.webmanifest', '/icons/icon-192.png', ...files.map((f) => `/${f}`)];
      const template = readFileSync(new URL('./src/sw.template.js', import.meta.url), 'utf8');
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: template.replace('__VERSION__', version).replace('__SHELL__', JSON.stringify(shell)),
      });
    },
  };
}

/**
 * Vant's icon font names a CDN copy after its inline one; on an intranet
 * (and under the CSP) that request must never be made, so the fallback is
 * cut from the stylesheet and the build fails if any remote URL is left.
 */
function noRemoteAssets(): Plugin {
  const remote = /,\s*url\((?:https?:)?\/\/[^)]*\)\s*format\("[a-z0-9]+"\)/g;
  return {
    name: 'huying-no-remote-assets',
    transform(code, id) {
      if (!id.includes('vant') || !id.split('?')[0].endsWith('.css')) return null;
      return { code: code.replace(remote, ''), map: null };
    },
    generateBundle(_, bundle) {
      for (const [name, file] of Object.entries(bundle)) {
        const text = file.type === 'asset' ? String(file.source) : file.code;
        const found = text.match(/url\(\s*["']?(?:https?:)?\/\/[^)]*\)/);
        if (found) this.error(`${name} loads a remote resource: ${found[0]}`);
      }
    },
  };
}

export default defineConfig({
  plugins: [vue(), noRemoteAssets(), serviceWorker()],
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'false',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inline scripts or data: URLs — the app runs under a strict CSP.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
    target: 'es2020',
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
