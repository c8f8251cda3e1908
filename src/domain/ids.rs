//! Typed ids: each kind of row has its own id type, so a department's id
//! cannot be passed where a ticket's is wanted. Each is a [`Uuid`] on the
//! wire (serde transparent: the same JSON and the same path-parameter
//! errors as a bare `Uuid`) and in the database (the store binds them, see
//! `store::ids`); they are parsed at the HTTP edge and unwrapped only where
//! a row is read or written.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            pub const fn new(id: Uuid) -> Self {
                $name(id)
            }

            pub const fn get(self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                $name(id)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map($name)
            }
        }
    )*};
}

ids! {
    /// A ticket (工单).
    TicketId;
    /// A department that serves tickets.
    DepartmentId;
    /// An enterprise that files tickets.
    EnterpriseId;
    /// A user of any role.
    UserId;
    /// A category of the catalogue.
    CategoryId;
    /// A service item of a department's catalogue.
    ServiceItemId;
    /// An industry chain enterprises belong to.
    ChainId;
    /// An office calendar.
    CalendarId;
    /// An SLA policy.
    SlaPolicyId;
    /// A request for more time (延期).
    ExtensionId;
    /// A comment on a ticket.
    CommentId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_its_uuid_on_the_wire() {
        let uuid = Uuid::from_u128(0x1234);
        let id = TicketId::from(uuid);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, serde_json::to_string(&uuid).unwrap());
        assert_eq!(serde_json::from_str::<TicketId>(&json).unwrap(), id);
        assert_eq!(id.to_string().parse::<TicketId>(), Ok(id));
        assert_eq!(Uuid::from(id), uuid);
        // A bad id fails as a bad Uuid does, with the same message.
        let bad = serde_json::from_str::<TicketId>("\"not-a-uuid\"").unwrap_err();
        let plain = serde_json::from_str::<Uuid>("\"not-a-uuid\"").unwrap_err();
        assert_eq!(bad.to_string(), plain.to_string());
    }
}
