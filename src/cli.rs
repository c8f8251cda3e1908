//! The `huying` command line: serve (default), migrate, create-user, seed-demo,
//! import-holidays.

mod import_holidays;

use std::{io::Read, path::PathBuf, sync::Arc};

use anyhow::Context;
use clap::{Parser, Subcommand};
use secrecy::SecretString;
use serde_json::json;

use crate::{
    auth::Passwords,
    clock::{Clock, SystemClock},
    config::{self, DEFAULT_BIND, DEFAULT_DATABASE_URL, Settings},
    domain::{calendar::WeekdayCode, credit_code::CreditCode, role::Role},
    seed,
    startup::Application,
    store,
    workflow::accounts::{self, NewAccount},
};

#[derive(Parser, Debug)]
#[command(
    name = "huying",
    version,
    about = "Enterprises call, departments answer: a ticketing service"
)]
pub struct Cli {
    /// Database URL: sqlite://FILE or postgres://USER@HOST/DB
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the HTTP service (the default).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "HUYING_BIND", default_value = DEFAULT_BIND)]
        bind: String,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Create a user; the password is read from standard input.
    CreateUser {
        #[arg(long)]
        login: String,
        /// enterprise, staff, dispatcher, supervisor or admin
        #[arg(long)]
        role: String,
        /// Department code, for staff.
        #[arg(long)]
        department: Option<String>,
        /// Unified social credit code of the enterprise, for enterprise users.
        #[arg(long)]
        enterprise: Option<String>,
        #[arg(long, default_value = "")]
        display_name: String,
        /// Read the password from standard input (required).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Create a demo jurisdiction (idempotent) and print what it holds as JSON.
    SeedDemo,
    /// Import a year's official holiday list (JSON, like
    /// data/cn-public-holidays-2026.json) into a calendar: that year's holidays
    /// and make-up days are replaced, other years kept. Prints a JSON summary.
    ImportHolidays {
        /// The calendar's name, e.g. "China government office hours".
        #[arg(long)]
        calendar: String,
        /// The weekday whose office hours the make-up days follow.
        #[arg(long, default_value = "mon")]
        make_up_uses_weekday: WeekdayCode,
        /// The holiday list file; `-` reads standard input.
        file: PathBuf,
    },
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    match cli.command.unwrap_or(Command::Serve {
        bind: std::env::var("HUYING_BIND").unwrap_or_else(|_| DEFAULT_BIND.to_string()),
    }) {
        Command::Serve { bind } => serve(cli.database_url, bind, clock).await,
        Command::Migrate => {
            let db = store::connect(&cli.database_url, 2).await?;
            store::migrate(&db).await?;
            eprintln!("migrations applied");
            Ok(())
        }
        Command::CreateUser {
            login,
            role,
            department,
            enterprise,
            display_name,
            password_stdin: _,
        } => {
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .context("reading the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']).to_string();
            let db = store::connect(&cli.database_url, 2).await?;
            store::migrate(&db).await?;
            let user = create_user(
                &db,
                &login,
                &role,
                department.as_deref(),
                enterprise.as_deref(),
                display_name,
                password,
                clock.as_ref(),
            )
            .await?;
            println!("{}", serde_json::to_string_pretty(&user)?);
            Ok(())
        }
        Command::SeedDemo => {
            let db = store::connect(&cli.database_url, 2).await?;
            store::migrate(&db).await?;
            let report = seed::seed_demo(&db, &Passwords::new(2)?, clock.now()).await?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(())
        }
        Command::ImportHolidays {
            calendar,
            make_up_uses_weekday,
            file,
        } => {
            let text = import_holidays::read(&file)?;
            let db = store::connect(&cli.database_url, 2).await?;
            store::migrate(&db).await?;
            let weekday = make_up_uses_weekday.into();
            let report =
                import_holidays::import_holidays(&db, &calendar, &text, weekday, clock.as_ref())
                    .await?;
            println!("{}", serde_json::to_string(&report)?);
            Ok(())
        }
    }
}

async fn serve(database_url: String, bind: String, clock: Arc<dyn Clock>) -> anyhow::Result<()> {
    let dev = env_flag("HUYING_DEV");
    let (secret, random) = config::jwt_secret(std::env::var("HUYING_JWT_SECRET").ok(), dev)?;
    if random {
        tracing::warn!("HUYING_DEV=1: using a random JWT secret; tokens die with this process");
    }
    let mut settings = Settings::new(database_url, secret);
    settings.bind = bind;
    apply_env(&mut settings)?;
    let app = Application::build(settings, clock).await?;
    tracing::info!(port = app.port(), "huying is listening");
    app.run_until_stopped().await
}

/// The workflow's and the SLA job's knobs from the environment.
fn apply_env(settings: &mut Settings) -> anyhow::Result<()> {
    if let Ok(token) = std::env::var("HUYING_METRICS_TOKEN")
        && !token.is_empty()
    {
        settings.metrics_token = Some(SecretString::from(token));
    }
    if let Some(window) = config::days_from_env("HUYING_REOPEN_WINDOW_DAYS")? {
        settings.workflow.reopen_window = window;
    }
    if let Some(days) = config::number_from_env("HUYING_INFO_REQUEST_WORKING_DAYS", 1..=365)? {
        settings.workflow.info_request_days = days;
    }
    if let Some(days) = config::number_from_env("HUYING_RETURN_WINDOW_WORKING_DAYS", 1..=60)? {
        settings.workflow.return_window = crate::domain::calendar::SlaTarget::WorkingDays(days);
    }
    if let Some(n) = config::number_from_env("HUYING_MAX_EXTENSIONS", 0..=10)? {
        settings.workflow.max_extensions = n as i32;
    }
    if let Some(after) = config::days_from_env("HUYING_AUTO_CLOSE_DAYS")? {
        settings.sla_job.auto_close_after = after;
    }
    if let Ok(text) = std::env::var("HUYING_TRUSTED_PROXIES") {
        settings.throttle.trusted_proxies = crate::http::throttle::parse_proxies(&text)
            .map_err(|e| anyhow::anyhow!("HUYING_TRUSTED_PROXIES: {e}"))?;
    }
    if let Ok(text) = std::env::var("HUYING_CORS_ORIGINS") {
        settings.edge.cors_origins = crate::http::edge::parse_origins(&text)
            .map_err(|e| anyhow::anyhow!("HUYING_CORS_ORIGINS: {e}"))?;
    }
    if let Some(secs) = config::number_from_env("HUYING_HSTS_MAX_AGE_SECS", 0..=63_072_000)? {
        settings.edge.hsts_max_age_secs = (secs > 0).then_some(u64::from(secs));
    }
    if let Some(n) = config::number_from_env("HUYING_FILING_LIMIT_PER_HOUR", 0..=100_000)? {
        settings.throttle.filings_per_hour = (n > 0).then_some(n);
    }
    if let Some(secs) = config::number_from_env("HUYING_STREAM_HEARTBEAT_SECS", 1..=300)? {
        settings.stream_heartbeat = std::time::Duration::from_secs(u64::from(secs));
    }
    if let Some(secs) = config::number_from_env("HUYING_SLA_TICK_SECS", 0..=86_400)? {
        settings.sla_tick = (secs > 0).then(|| std::time::Duration::from_secs(u64::from(secs)));
    }
    apply_webhook_env(&mut settings.webhooks)?;
    Ok(())
}

/// The webhook worker's knobs from the environment.
fn apply_webhook_env(w: &mut crate::jobs::webhooks::WebhookConfig) -> anyhow::Result<()> {
    use std::time::Duration;
    w.allow_private = env_flag("HUYING_WEBHOOK_ALLOW_PRIVATE");
    if let Some(n) = config::number_from_env("HUYING_WEBHOOK_MAX_ATTEMPTS", 1..=100)? {
        w.max_attempts = n as i32;
    }
    if let Some(n) = config::number_from_env("HUYING_WEBHOOK_DISABLE_AFTER", 1..=100_000)? {
        w.disable_after = n as i32;
    }
    if let Some(ms) = config::number_from_env("HUYING_WEBHOOK_BACKOFF_MS", 1..=3_600_000)? {
        w.backoff_base = Duration::from_millis(u64::from(ms));
    }
    if let Some(secs) = config::number_from_env("HUYING_WEBHOOK_TIMEOUT_SECS", 1..=300)? {
        w.timeout = Duration::from_secs(u64::from(secs));
    }
    if let Some(secs) = config::number_from_env("HUYING_WEBHOOK_LEASE_SECS", 1..=3600)? {
        w.lease = Duration::from_secs(u64::from(secs));
    }
    if let Some(ms) = config::number_from_env("HUYING_WEBHOOK_POLL_MS", 0..=60_000)? {
        w.poll = (ms > 0).then(|| Duration::from_millis(u64::from(ms)));
    }
    Ok(())
}

/// What `create-user` does, callable from tests and tools.
#[allow(clippy::too_many_arguments)]
pub async fn create_user(
    db: &sea_orm::DatabaseConnection,
    login: &str,
    role: &str,
    department: Option<&str>,
    enterprise: Option<&str>,
    display_name: String,
    password: String,
    clock: &dyn Clock,
) -> anyhow::Result<serde_json::Value> {
    let role: Role = role.parse()?;
    let department_id = match department {
        Some(code) => Some(
            store::organisations::find_department_by_code(db, code)
                .await?
                .with_context(|| format!("no department with code {code}"))?
                .id,
        ),
        None => None,
    };
    let enterprise_id = match enterprise {
        Some(code) => {
            let code = CreditCode::parse(code).map_err(|e| anyhow::anyhow!("--enterprise: {e}"))?;
            Some(
                store::organisations::find_enterprise_by_credit_code(db, &code)
                    .await?
                    .with_context(|| format!("no enterprise with credit code {code}"))?
                    .id,
            )
        }
        None => None,
    };
    // The same use case, and so the same checks, as `POST /api/v1/users`.
    let user = accounts::create(
        db,
        &Passwords::new(1)?,
        NewAccount {
            login: login.to_string(),
            display_name,
            password: SecretString::from(password),
            role,
            department_id,
            enterprise_id,
            is_lead: false,
        },
        clock.now(),
    )
    .await?;
    Ok(json!({
        "id": user.id,
        "login": user.login,
        "role": user.membership.role(),
        "department_id": user.membership.department_id(),
        "enterprise_id": user.membership.enterprise_id(),
    }))
}
