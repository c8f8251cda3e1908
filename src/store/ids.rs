//! The typed ids ([`crate::domain::ids`]) as sea-orm values: they bind
//! (`Column::Id.eq(ticket_id)`) as the `Uuid` they wrap.

use sea_orm::Value;

use crate::domain::ids::*;

macro_rules! bind_as_uuid {
    ($($name:ident),* $(,)?) => {$(
        impl From<$name> for Value {
            fn from(id: $name) -> Self {
                Value::from(id.get())
            }
        }
    )*};
}

bind_as_uuid!(
    TicketId,
    DepartmentId,
    EnterpriseId,
    UserId,
    CategoryId,
    ServiceItemId,
    ChainId,
    CalendarId,
    SlaPolicyId,
    ExtensionId,
    CommentId,
);
