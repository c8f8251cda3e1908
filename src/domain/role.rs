//! Who a user is, and what part of the jurisdiction they act for.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Enterprise,
    Staff,
    Dispatcher,
    Supervisor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Enterprise,
        Role::Staff,
        Role::Dispatcher,
        Role::Supervisor,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Enterprise => "enterprise",
            Role::Staff => "staff",
            Role::Dispatcher => "dispatcher",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}: one of enterprise, staff, dispatcher, supervisor, admin")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

/// A role together with the unit it belongs to. An enterprise contact
/// always has an enterprise and staff always a department; the other roles
/// have neither. Built only through [`Membership::new`], so a handler that
/// holds one never meets an enterprise user without an enterprise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Membership {
    Enterprise { enterprise_id: Uuid },
    Staff { department_id: Uuid },
    Dispatcher,
    Supervisor,
    Admin,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MembershipError {
    #[error("an enterprise user needs an enterprise")]
    EnterpriseMissing,
    #[error("a staff user needs a department")]
    DepartmentMissing,
    #[error("only enterprise users belong to an enterprise")]
    EnterpriseNotAllowed,
    #[error("only staff users belong to a department")]
    DepartmentNotAllowed,
}

impl Membership {
    pub fn new(
        role: Role,
        department_id: Option<Uuid>,
        enterprise_id: Option<Uuid>,
    ) -> Result<Self, MembershipError> {
        match (role, department_id, enterprise_id) {
            (Role::Enterprise, None, Some(enterprise_id)) => {
                Ok(Membership::Enterprise { enterprise_id })
            }
            (Role::Enterprise, None, None) => Err(MembershipError::EnterpriseMissing),
            (Role::Staff, Some(department_id), None) => Ok(Membership::Staff { department_id }),
            (Role::Staff, None, _) => Err(MembershipError::DepartmentMissing),
            (Role::Enterprise, Some(_), _) => Err(MembershipError::DepartmentNotAllowed),
            (_, _, Some(_)) => Err(MembershipError::EnterpriseNotAllowed),
            (_, Some(_), None) => Err(MembershipError::DepartmentNotAllowed),
            (Role::Dispatcher, None, None) => Ok(Membership::Dispatcher),
            (Role::Supervisor, None, None) => Ok(Membership::Supervisor),
            (Role::Admin, None, None) => Ok(Membership::Admin),
        }
    }

    pub fn role(self) -> Role {
        match self {
            Membership::Enterprise { .. } => Role::Enterprise,
            Membership::Staff { .. } => Role::Staff,
            Membership::Dispatcher => Role::Dispatcher,
            Membership::Supervisor => Role::Supervisor,
            Membership::Admin => Role::Admin,
        }
    }

    pub fn department_id(self) -> Option<Uuid> {
        match self {
            Membership::Staff { department_id } => Some(department_id),
            _ => None,
        }
    }

    pub fn enterprise_id(self) -> Option<Uuid> {
        match self {
            Membership::Enterprise { enterprise_id } => Some(enterprise_id),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_text() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("root".parse::<Role>().is_err());
        assert!("Admin".parse::<Role>().is_err());
    }

    #[test]
    fn membership_requires_exactly_the_right_unit() {
        let id = Uuid::now_v7();
        assert!(Membership::new(Role::Enterprise, None, Some(id)).is_ok());
        assert_eq!(
            Membership::new(Role::Enterprise, None, None),
            Err(MembershipError::EnterpriseMissing)
        );
        assert_eq!(
            Membership::new(Role::Staff, None, None),
            Err(MembershipError::DepartmentMissing)
        );
        assert_eq!(
            Membership::new(Role::Staff, Some(id), Some(id)),
            Err(MembershipError::EnterpriseNotAllowed)
        );
        assert_eq!(
            Membership::new(Role::Admin, Some(id), None),
            Err(MembershipError::DepartmentNotAllowed)
        );
        assert_eq!(
            Membership::new(Role::Enterprise, Some(id), Some(id)),
            Err(MembershipError::DepartmentNotAllowed)
        );
        assert_eq!(
            Membership::new(Role::Dispatcher, None, None).map(Membership::role),
            Ok(Role::Dispatcher)
        );
    }
}
