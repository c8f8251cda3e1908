//! The ticket workflow: statuses, actions, and which action is legal from
//! which status for which role. Handlers ask [`action::check`]; the database
//! update repeats the status condition, so a lost race is a 409, never a
//! corruption.

pub mod action;
pub mod status;

pub use action::{Action, Refusal, check};
pub use status::TicketStatus;
