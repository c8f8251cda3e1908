//! Building the application: the same code serves `main` and every test.

use std::{net::TcpListener, sync::Arc};

use actix_web::{App, HttpServer, dev::Server, middleware::from_fn, web};
use sea_orm::DatabaseConnection;
use tracing_actix_web::TracingLogger;

use crate::{
    auth::{Passwords, TokenKeys},
    clock::Clock,
    config::{Settings, secret_bytes},
    http::{self, AppState, error::ApiError, json::BodyLimit, request_id},
    jobs, store,
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
        let db = store::connect(&settings.database_url, settings.db_max_connections).await?;
        store::migrate(&db).await?;
        let listener = TcpListener::bind(&settings.bind)?;
        let port = listener.local_addr()?.port();
        let sla_job = settings
            .sla_tick
            .map(|every| jobs::spawn_sla(db.clone(), clock.clone(), settings.sla_job, every));
        let wake = Arc::new(tokio::sync::Notify::new());
        let webhook_job = jobs::webhooks::spawn(db.clone(), settings.webhooks, wake.clone());
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
            webhooks: settings.webhooks,
            hub,
            stream_key: http::routes::stream_key(secret_bytes(&settings.jwt_secret)),
        });
        let limit = BodyLimit(settings.json_limit);
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
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
                .default_service(web::to(|| async {
                    Err::<actix_web::HttpResponse, _>(ApiError::NotFound(
                        "no route matches this path".into(),
                    ))
                }))
                .wrap(TracingLogger::<request_id::RootSpan>::new())
                .wrap(from_fn(request_id::middleware))
        })
        .listen(listener)?
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
        self.server.await?;
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
