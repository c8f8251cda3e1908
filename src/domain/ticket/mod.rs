//! The ticket workflow: statuses, actions, and which action is legal from
//! which status for which role. Who may do what is one table,
//! [`permissions::may`]; where an action leads is [`Action::target`]. The
//! workflow asks both before it writes; the database update repeats the
//! status condition, so a lost race is a 409, never a corruption.

pub mod action;
pub mod apply;
pub mod event;
pub mod fields;
pub mod model;
pub mod permissions;
pub mod scope;
pub mod sla;
pub mod status;
pub mod texts;

pub use action::{Action, Refusal, check};
pub use apply::{By, Command, Context, Event, Rules};
pub use event::{EnterpriseView, EventKind};
pub use fields::{Channel, ExtensionStatus, Priority, Rating};
pub use model::Ticket;
pub use permissions::{Operation, Relation, Standing, may};
pub use scope::Scope;
pub use status::TicketStatus;
