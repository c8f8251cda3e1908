//! The ticket workflow: statuses, actions, and which action is legal from
//! which status for which role. Handlers ask [`action::check`]; the database
//! update repeats the status condition, so a lost race is a 409, never a
//! corruption.

pub mod action;
pub mod event;
pub mod fields;
pub mod scope;
pub mod sla;
pub mod status;

pub use action::{Action, Refusal, check};
pub use event::{EnterpriseView, EventKind};
pub use fields::{Channel, Priority, Rating};
pub use scope::Scope;
pub use status::TicketStatus;
