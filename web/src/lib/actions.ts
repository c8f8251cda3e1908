/** The actions an enterprise contact sees on a ticket. */
import type { ActionName, Status, Ticket } from '../api/types';

const ENTERPRISE_ACTIONS: ActionName[] = ['reply', 'confirm', 'reopen', 'cancel', 'comment'];

/**
 * Until a server answers `allowed_actions`, the enterprise's actions by
 * status, as the transition table has them.
 */
function byStatus(status: Status): ActionName[] {
  switch (status) {
    case 'submitted':
    case 'dispatched':
      return ['cancel', 'comment'];
    case 'in_progress':
    case 'escalated':
      return ['comment'];
    case 'awaiting_enterprise':
      return ['reply', 'comment'];
    case 'resolved':
      return ['confirm', 'reopen', 'comment'];
    case 'under_review':
      return ['comment'];
    default:
      return [];
  }
}

/** The server's `allowed_actions` when given, the ones this app offers. */
export function enterpriseActions(ticket: Ticket): Set<ActionName> {
  const allowed = ticket.allowed_actions ?? byStatus(ticket.status);
  return new Set(allowed.filter((a) => ENTERPRISE_ACTIONS.includes(a)));
}
