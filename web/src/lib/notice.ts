/**
 * Short notices ("已提交") in a polite live region: screen readers hear
 * them and, unlike a toast dialog, they never take focus or need a name.
 */
import { ref } from 'vue';

export const notice = ref('');
let timer: ReturnType<typeof setTimeout> | undefined;

export function notify(text: string, ms = 2500): void {
  notice.value = text;
  clearTimeout(timer);
  timer = setTimeout(() => (notice.value = ''), ms);
}
