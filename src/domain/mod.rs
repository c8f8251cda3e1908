//! The rules of huying in plain Rust: no actix, no SQL. Values are parsed
//! into these types at the edge and trusted inside.

pub mod calendar;
pub mod codes;
pub mod credit_code;
pub mod ids;
pub mod notification;
pub mod role;
pub mod sla_policy;
pub mod ticket;
