//! The ticket workflow. Two files answer "who may do X to a ticket in
//! status Y, and what happens?": [`permissions`] (the one table
//! [`permissions::may`] over role, operation and relation, and what a
//! caller may do now, `allowed_actions`) and [`apply`] (the pure
//! [`Ticket::apply`]: a command and its context in, the changed ticket and
//! its events or a [`Refusal`] out; where each action leads is
//! [`Action::target`]). The workflow loads the context, asks `apply`, and
//! persists; the database update repeats the version condition, so a lost
//! race is a 409, never a corruption.

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

#[cfg(test)]
mod stranding;

pub use action::{Action, Refusal, check};
pub use apply::{By, Command, Context, Destination, Event, Rules};
pub use event::{EnterpriseView, EventKind};
pub use fields::{Channel, ContactChannel, ExtensionStatus, Priority, Rating};
pub use model::Ticket;
pub use permissions::{Operation, Relation, Standing, may};
pub use scope::Scope;
pub use status::TicketStatus;
