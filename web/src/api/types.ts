/** The parts of the huying API (openapi.yaml) the app reads. */

export type Role = 'enterprise' | 'staff' | 'dispatcher' | 'supervisor' | 'admin';

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export interface User {
  id: string;
  login: string;
  display_name: string;
  role: Role;
  department_id: string | null;
  enterprise_id: string | null;
}

export interface Targets {
  response_target_secs: number | null;
  response_target_working_days: number | null;
  first_response_target_secs: number | null;
  first_response_target_working_days: number | null;
  resolution_target_secs: number | null;
  resolution_target_working_days: number | null;
}

export interface Promise_ {
  sla_policy_id: string;
  calendar_id: string;
  normal: Targets;
  urgent: Targets;
}

export interface Category {
  code: string;
  name: string;
  description: string;
  sort_order: number;
  sla: Promise_ | null;
}

export interface ServiceItem {
  id: string;
  department_id: string;
  category: string;
  name: string;
  description: string;
  sla: Promise_ | null;
}

export interface List<T> {
  items: T[];
  next_cursor: string | null;
}

export type Status =
  | 'submitted'
  | 'dispatched'
  | 'in_progress'
  | 'awaiting_enterprise'
  | 'escalated'
  | 'resolved'
  | 'closed'
  | 'rejected'
  | 'cancelled';

export type ActionName =
  | 'dispatch'
  | 'claim'
  | 'return'
  | 'reject'
  | 'cancel'
  | 'request_info'
  | 'reply'
  | 'escalate'
  | 'resolve'
  | 'confirm'
  | 'reopen'
  | 'urge'
  | 'comment'
  | 'internal_note'
  | 'request_extension'
  | 'decide_extension';

export interface Clock {
  due_at: string | null;
  warn_at: string | null;
  met_at: string | null;
  warning: boolean;
  breached: boolean;
  remaining_secs: number | null;
  paused: boolean;
}

export interface Ticket {
  id: string;
  number: string;
  status: Status;
  category: string;
  service_item_id: string | null;
  title: string;
  description: string;
  priority: 'normal' | 'urgent';
  resolution: string | null;
  rating: number | null;
  feedback: string | null;
  reopen_count: number;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  closed_at: string | null;
  version: number;
  sla: { policy_id: string | null; response: Clock; first_response: Clock | null; resolution: Clock };
  /** What the caller may do now (from the typed core); absent on older servers. */
  allowed_actions?: ActionName[];
}

export interface TicketEvent {
  id: string;
  kind: string;
  actor_role: Role | null;
  from_status: Status | null;
  to_status: Status | null;
  payload: Record<string, unknown>;
  created_at: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code: string;
  detail?: string;
  errors?: Record<string, string>;
  /** A claim that lost the race: who holds the ticket now. */
  assignee_id?: string | null;
  assignee_name?: string | null;
}

export interface FilingBody {
  title: string;
  description: string;
  category: string;
  service_item_id: string | null;
  priority: 'normal' | 'urgent';
}
