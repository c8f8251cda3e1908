import { createI18n } from 'vue-i18n';
import { Locale } from 'vant';
import vantEn from 'vant/es/locale/lang/en-US';
import vantZh from 'vant/es/locale/lang/zh-CN';
import zh from './zh-CN';
import en from './en';

export type AppLocale = 'zh-CN' | 'en';
const LOCALE_KEY = 'huying.locale';

function stored(): AppLocale {
  try {
    return window.localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: stored(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh, en },
});

export function applyLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale;
  Locale.use(locale === 'en' ? 'en-US' : 'zh-CN', locale === 'en' ? vantEn : vantZh);
  document.documentElement.lang = locale === 'en' ? 'en' : 'zh-CN';
  try {
    window.localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    // Not remembered; the choice still holds for this visit.
  }
}
