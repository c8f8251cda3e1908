//! Building the application: the same code serves `main` and every test.

use std::{
    io::ErrorKind,
    net::{SocketAddr, TcpListener, ToSocketAddrs},
    sync::Arc,
};

use actix_web::{App, HttpServer, dev::Server, middleware::from_fn, web};
use sea_orm::DatabaseConnection;
use tracing_actix_web::TracingLogger;

use crate::{
    auth::{Passwords, TokenKeys},
    clock::Clock,
    config::{Settings, StartupError, secret_bytes},
    http::{self, AppState, access_log, error::ApiError, json::BodyLimit, language, request_id},
    jobs,
    metrics::Metrics,
    store,
};

pub struct Application {
    port: u16,
    server: Server,
    db: DatabaseConnection,
    sla_job: Option<tokio::task::JoinHandle<()>>,
    webhook_job: Option<tokio::task::JoinHandle<()>>,
    listen_job: tokio::task::JoinHandle<()>,
}

impl Application {
    /// Connects, migrates, binds (port 0 picks a free port) and prepares
    /// the server; nothing is served until [`Application::run_until_stopped`].
    pub async fn build(settings: Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let db = store::connect_with(
            &settings.database_url,
            settings.db_max_connections,
            settings.db_acquire_timeout,
        )
        .await?;
        store::migrate(&db).await?;
        let listener = bind(&settings.bind)?;
        let port = listener.local_addr()?.port();
        let metrics = Arc::new(Metrics::new(settings.metrics_token.clone())?);
        let sla_job = settings.sla_tick.map(|every| {
            jobs::spawn_sla(
                db.clone(),
                clock.clone(),
                settings.sla_job,
                every,
                metrics.clone(),
            )
        });
        let wake = Arc::new(tokio::sync::Notify::new());
        let webhook_job =
            jobs::webhooks::spawn(db.clone(), settings.webhooks, wake.clone(), metrics.clone());
        let metrics = web::Data::from(metrics);
        let hub = jobs::listen::Hub::default();
        let listen_job =
            jobs::listen::spawn(db.clone(), settings.database_url.clone(), hub.clone(), wake);
        let state = web::Data::new(AppState {
            db: db.clone(),
            clock,
            keys: TokenKeys::new(
                secret_bytes(&settings.jwt_secret),
                settings.access_token_ttl,
            ),
            passwords: Passwords::new(settings.max_concurrent_hashes)?,
            refresh_ttl: settings.refresh_token_ttl,
            workflow: settings.workflow,
            throttle: settings.throttle,
            webhooks: settings.webhooks,
            hub,
            stream_key: http::routes::stream_key(secret_bytes(&settings.jwt_secret)),
            stream_heartbeat: settings.stream_heartbeat,
        });
        let limit = BodyLimit(settings.json_limit);
        let edge = settings.edge.clone();
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(metrics.clone())
                .app_data(limit)
                .app_data(web::QueryConfig::default().error_handler(|err, _| {
                    let detail = err.to_string();
                    let detail = detail.trim_start_matches("Query deserialize error: ");
                    ApiError::InvalidQuery(detail.to_string()).into()
                }))
                .app_data(
                    web::PathConfig::default()
                        .error_handler(|_, _| ApiError::NotFound("no such resource".into()).into()),
                )
                .configure(http::configure)
                .default_service(web::to(http::web::serve))
                .wrap(from_fn(http::edge::middleware))
                .wrap(http::edge::default_headers(&edge))
                .wrap(http::edge::cors(&edge))
                .wrap(TracingLogger::<request_id::RootSpan>::new())
                .wrap(from_fn(access_log::middleware))
                .wrap(from_fn(language::middleware))
                .wrap(from_fn(request_id::middleware))
        })
        .listen(listener)?
        // SIGINT (Ctrl-C) would be actix's forced stop; both signals drain
        // instead, see `run_until_stopped`.
        .disable_signals()
        .shutdown_timeout(30);
        if let Some(workers) = settings.workers {
            server = server.workers(workers);
        }
        Ok(Application {
            port,
            server: server.run(),
            db,
            sla_job,
            webhook_job,
            listen_job,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or SIGINT: the listener stops accepting,
    /// in-flight requests finish (up to 30 s), the SLA job stops (a tick cut
    /// short rolls back whole), then the pool is closed.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let handle = self.server.handle();
        let signals = tokio::spawn(async move {
            let signal = stop_signal().await;
            tracing::info!(signal, "stopping: draining in-flight requests");
            handle.stop(true).await;
        });
        self.server.await?;
        signals.abort();
        if let Some(job) = self.sla_job {
            job.abort();
        }
        if let Some(job) = self.webhook_job {
            job.abort();
        }
        self.listen_job.abort();
        tracing::info!("server stopped; closing the database pool");
        self.db.close().await?;
        Ok(())
    }
}

/// Waits for SIGTERM or SIGINT and says which came.
async fn stop_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let (Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            return tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = int.recv() => "SIGINT",
            };
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    "SIGINT"
}

/// The listener on `bind` (`HUYING_BIND` or `--bind`), or a one-line
/// reason naming the option, the address and the fix.
fn bind(bind: &str) -> Result<TcpListener, StartupError> {
    let setting = format!("HUYING_BIND (--bind) = {bind:?}");
    let not_an_address = || {
        StartupError::Config(format!(
            "{setting} is not an address to listen on; give HOST:PORT, e.g. 127.0.0.1:8080 or 0.0.0.0:8080"
        ))
    };
    let addresses: Vec<SocketAddr> = bind
        .to_socket_addrs()
        .map_err(|_| not_an_address())?
        .collect();
    if addresses.is_empty() {
        return Err(not_an_address());
    }
    TcpListener::bind(&addresses[..]).map_err(|e| match e.kind() {
        ErrorKind::AddrInUse => StartupError::Environment(format!(
            "{setting}: the address is already in use (another huying?); stop what listens there or choose another port"
        )),
        ErrorKind::PermissionDenied => StartupError::Config(format!(
            "{setting}: not allowed to listen there (ports below 1024 need privileges); choose a port from 1024 up"
        )),
        ErrorKind::AddrNotAvailable => StartupError::Config(format!(
            "{setting}: no network interface of this machine has this address; use 127.0.0.1 or 0.0.0.0"
        )),
        _ => StartupError::Environment(format!("{setting}: cannot listen: {e}")),
    })
}
