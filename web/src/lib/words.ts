/** Catalogue-backed phrases shared by several screens. */
import { useI18n } from 'vue-i18n';
import type { Clock, Promise_ } from '../api/types';
import { dueState, formatInstant, resolutionTarget, targetAmount } from './time';

export function useWords() {
  const { t, locale } = useI18n();

  /** "10 个工作日办结" for a promise's normal-priority resolution target. */
  function promised(sla: Promise_ | null): string {
    const target = sla ? resolutionTarget(sla.normal) : null;
    if (!target) return t('services.noPromise');
    const { unit, n } = targetAmount(target);
    return t('services.promise', { amount: t(`amount.${unit}`, { n }) });
  }

  function at(iso: string): string {
    return formatInstant(iso, locale.value);
  }

  /** "剩余 2 个工作日" / "已超期" / … for a resolution clock. */
  function due(clock: Clock): string {
    const d = dueState(clock);
    switch (d.kind) {
      case 'days':
        return t('due.days', { n: d.n });
      case 'hours':
        return t('due.hours', { n: d.n });
      case 'overdue':
        return t('due.overdue');
      case 'paused':
        return t('due.paused');
      case 'met':
        return t('due.met');
      default:
        return '';
    }
  }

  return { t, locale, promised, at, due };
}
