//! Logging: `RUST_LOG` filters, `HUYING_LOG_FORMAT=json` for JSON lines;
//! colours only when standard error is a terminal (not in a file or a pipe).
//! Every line written while serving a request carries its request id,
//! because the request's span (see `http::request_id`) holds it.

use std::io::IsTerminal;

use tracing_subscriber::{EnvFilter, fmt, prelude::*};

const DEFAULT_FILTER: &str = "info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn";

pub fn init(json: bool) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let registry = tracing_subscriber::registry().with(filter);
    // A second initialisation (tests, embedding) is harmless: keep the first.
    let _ = if json {
        registry
            .with(
                fmt::layer()
                    .json()
                    .with_current_span(true)
                    .with_span_list(false)
                    .with_writer(std::io::stderr),
            )
            .try_init()
    } else {
        registry
            .with(
                fmt::layer()
                    .with_ansi(std::io::stderr().is_terminal())
                    .with_writer(std::io::stderr),
            )
            .try_init()
    };
}
