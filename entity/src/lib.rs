//! sea-orm entities of huying, one file per table. They mirror the schema the
//! `migration` crate builds; domain rules live in the service crate.

pub mod calendar;
pub mod calendar_day;
pub mod category;
pub mod department;
pub mod enterprise;
pub mod enums;
pub mod idempotency_key;
pub mod industry_chain;
pub mod notification;
pub mod refresh_token;
pub mod service_item;
pub mod session;
pub mod sla_alert;
pub mod sla_policy;
pub mod ticket;
pub mod ticket_comment;
pub mod ticket_counter;
pub mod ticket_event;
pub mod ticket_extension;
pub mod user;
pub mod webhook_delivery;
pub mod webhook_endpoint;
