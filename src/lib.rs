//! huying (呼应): enterprises call, departments answer.
//!
//! Layers, top to bottom: [`http`] (routes, extractors, problem answers)
//! over [`domain`] (the rules, no I/O) over [`store`] (queries over the
//! `entity` crate). [`reports`] sits beside `store` and aggregates tickets
//! in SQL. [`startup`] wires them; [`cli`] is the binary's face.

pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod http;
pub mod jobs;
pub mod metrics;
pub mod reports;
pub mod seed;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod workflow;
