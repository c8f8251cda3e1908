//! Which tickets a caller may see. A ticket outside the scope is answered
//! as if it did not exist (404), so its existence never leaks.

use uuid::Uuid;

use crate::domain::role::Membership;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// An enterprise contact: its own enterprise's tickets.
    Enterprise(Uuid),
    /// Department staff: the tickets routed to their department.
    Department(Uuid),
    /// Dispatchers, supervisors and administrators.
    All,
}

impl Scope {
    pub fn of(membership: Membership) -> Scope {
        match membership {
            Membership::Enterprise { enterprise_id } => Scope::Enterprise(enterprise_id),
            Membership::Staff { department_id } => Scope::Department(department_id),
            Membership::Dispatcher | Membership::Supervisor | Membership::Admin => Scope::All,
        }
    }

    pub fn covers(self, enterprise_id: Uuid, department_id: Option<Uuid>) -> bool {
        match self {
            Scope::Enterprise(own) => own == enterprise_id,
            Scope::Department(own) => department_id == Some(own),
            Scope::All => true,
        }
    }

    /// Whether internal notes and service-side payloads are hidden.
    pub fn is_enterprise(self) -> bool {
        matches!(self, Scope::Enterprise(_))
    }
}
