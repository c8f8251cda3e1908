import { createApp } from 'vue';
import 'vant/lib/index.css';
import './style.css';
import App from './App.vue';
import { router } from './router';
import { i18n, applyLocale } from './i18n';
import { filings } from './app';

applyLocale(i18n.global.locale.value as 'zh-CN' | 'en');

createApp(App).use(i18n).use(router).mount('#app');

// Filings left by an earlier visit go out as soon as there is a network.
window.addEventListener('online', () => void filings.flush());

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // No offline shell, everything else works.
    });
  });
}
