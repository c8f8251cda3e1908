//! Black-box tests of huying over HTTP, each on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod desk;
mod helpers;

// The operator's view: start-up, logs, metrics, the image.
mod image;
mod ops;
mod startup;

mod admin_catalogue;
mod admin_organisations;
mod admin_users;
mod allowed_actions;
mod assignee_name;
mod auth;
mod calendars;
mod cli;
mod db_faults;
mod deadline;
mod duplicates;
mod errors;
mod hardening;
mod hostile;
mod notifications;
mod openapi;
mod realities;
mod report_fixture;
mod report_lists;
mod report_parity;
mod report_people;
mod reports;
mod sla;
mod stream;
mod throttle;
mod ticket_input;
mod ticket_matrix;
mod ticket_races;
mod ticket_schema;
mod tickets;
mod validators;
mod web;
mod webhooks;
