//! Black-box tests of huying over HTTP, each on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod desk;
mod helpers;

mod admin_catalogue;
mod admin_organisations;
mod admin_users;
mod allowed_actions;
mod auth;
mod calendars;
mod cli;
mod duplicates;
mod errors;
mod openapi;
mod report_fixture;
mod report_lists;
mod report_parity;
mod reports;
mod sla;
mod ticket_input;
mod ticket_matrix;
mod ticket_races;
mod ticket_schema;
mod tickets;
