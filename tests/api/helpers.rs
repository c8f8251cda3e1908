//! The test harness: a real server on a random port against a fresh
//! database (a SQLite file, or a PostgreSQL database made for the test and
//! dropped after it), driven over HTTP like any client.

use std::{path::PathBuf, sync::Arc, time::Duration};

use huying::{clock::AdjustableClock, config::Settings, startup::Application, store};
use reqwest::{Method, header::HeaderMap};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use secrecy::SecretString;
use serde_json::{Value, json};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generates, for each named `async fn(TestApp)`, one test per back end:
/// `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Sqlite).await;
                    super::$name(app).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Postgres).await;
                    super::$name(app).await;
                }
            )*
        }
    };
}

pub const ADMIN_PASSWORD: &str = "admin-password-1";

pub fn pg_admin_url() -> String {
    std::env::var("HUYING_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

fn db_prefix() -> String {
    std::env::var("HUYING_TEST_DB_PREFIX").unwrap_or_else(|_| "huying_test".to_string())
}

/// A fresh, empty database; removed when dropped.
pub enum TestDb {
    Sqlite { dir: PathBuf },
    Postgres { name: String },
}

impl TestDb {
    pub async fn create(backend: Backend) -> (TestDb, String) {
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("huying-test-{}", Uuid::new_v4()));
                std::fs::create_dir_all(&dir).unwrap();
                let url = format!("sqlite://{}", dir.join("huying.db").display());
                (TestDb::Sqlite { dir }, url)
            }
            Backend::Postgres => {
                let name = format!("{}_{}", db_prefix(), Uuid::new_v4().simple());
                let admin = sea_orm::Database::connect(pg_admin_url())
                    .await
                    .expect("PostgreSQL must run on 127.0.0.1:5432 (see README)");
                admin
                    .execute_raw(Statement::from_string(
                        admin.get_database_backend(),
                        format!("CREATE DATABASE \"{name}\""),
                    ))
                    .await
                    .unwrap();
                admin.close().await.unwrap();
                let base = pg_admin_url();
                let server = base.rsplit_once('/').map(|(s, _)| s.to_string()).unwrap();
                let url = format!("{server}/{name}");
                (TestDb::Postgres { name }, url)
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match self {
            TestDb::Sqlite { dir } => {
                let _ = std::fs::remove_dir_all(dir);
            }
            TestDb::Postgres { name } => {
                let name = name.clone();
                // Drop cannot await: a short-lived runtime on its own thread does it.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    rt.block_on(async {
                        if let Ok(admin) = sea_orm::Database::connect(pg_admin_url()).await {
                            let _ = admin
                                .execute_raw(Statement::from_string(
                                    admin.get_database_backend(),
                                    format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
                                ))
                                .await;
                            let _ = admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// What came back: status, headers and the body parsed as JSON (or `Null`).
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts a problem+json answer with this status and code.
    #[track_caller]
    pub fn assert_problem(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "body: {}", self.text);
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{}",
            self.text
        );
        assert_eq!(self.body["code"], code, "body: {}", self.text);
        assert_eq!(self.body["status"], status);
        assert_eq!(self.body["type"], format!("urn:huying:problem:{code}"));
        assert!(self.body["title"].is_string() && self.body["detail"].is_string());
    }

    #[track_caller]
    pub fn assert_status(&self, status: u16) -> &Value {
        assert_eq!(self.status, status, "body: {}", self.text);
        &self.body
    }

    pub fn id(&self) -> String {
        self.body["id"].as_str().expect("an id").to_string()
    }
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub clock: Arc<AdjustableClock>,
    pub db: DatabaseConnection,
    pub database_url: String,
    // Last, so the database outlives the connections above when dropped.
    _db: TestDb,
}

pub fn test_settings(database_url: &str) -> Settings {
    let mut settings = Settings::new(
        database_url,
        SecretString::from("test secret, at least thirty-two bytes long".to_string()),
    );
    settings.bind = "127.0.0.1:0".to_string();
    settings.workers = Some(2);
    settings.db_max_connections = 4;
    // Tests step the SLA job with an injected clock; a few run it for real.
    settings.sla_tick = None;
    settings
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        let (guard, url) = TestDb::create(backend).await;
        Self::spawn_on(guard, url, test_settings).await
    }

    pub async fn spawn_on(
        guard: TestDb,
        url: String,
        settings: impl FnOnce(&str) -> Settings,
    ) -> TestApp {
        let clock = Arc::new(AdjustableClock::default());
        let app = Application::build(settings(&url), clock.clone())
            .await
            .expect("the application starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        let db = store::connect(&url, 2).await.unwrap();
        TestApp {
            base,
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()
                .unwrap(),
            clock,
            db,
            database_url: url,
            _db: guard,
        }
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Resp {
        let mut req = self
            .client
            .request(method, format!("{}{}", self.base, path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        Self::read(req.send().await.expect("the server answers")).await
    }

    pub async fn read(response: reqwest::Response) -> Resp {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp {
            status,
            headers,
            body,
            text,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Resp {
        self.request(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Resp {
        self.request(Method::POST, path, Some(token), Some(&body))
            .await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Resp {
        self.request(Method::PATCH, path, Some(token), Some(&body))
            .await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Resp {
        self.request(Method::PUT, path, Some(token), Some(&body))
            .await
    }

    pub async fn login(&self, login: &str, password: &str) -> Resp {
        self.request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(&json!({"login": login, "password": password})),
        )
        .await
    }

    /// Signs in and returns the access token.
    pub async fn token(&self, login: &str, password: &str) -> String {
        let resp = self.login(login, password).await;
        resp.assert_status(200)["access_token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The first administrator, made the way an operator does it (the code
    /// behind `huying create-user`), signed in.
    pub async fn admin(&self) -> String {
        let exists = store::users::find_credentials(&self.db, "admin")
            .await
            .unwrap();
        if exists.is_none() {
            huying::cli::create_user(
                &self.db,
                "admin",
                "admin",
                None,
                None,
                "Administrator".into(),
                ADMIN_PASSWORD.into(),
                self.clock.as_ref(),
            )
            .await
            .unwrap();
        }
        self.token("admin", ADMIN_PASSWORD).await
    }

    /// A small jurisdiction made through the admin API.
    pub async fn world(&self) -> World {
        let admin = self.admin().await;
        let dept_a = self
            .post(
                "/api/v1/departments",
                &admin,
                json!({"code": "HRSS", "name": "人社局"}),
            )
            .await
            .id();
        let dept_b = self
            .post(
                "/api/v1/departments",
                &admin,
                json!({"code": "EDU", "name": "教育局"}),
            )
            .await
            .id();
        let ent_a = self
            .post(
                "/api/v1/enterprises",
                &admin,
                json!({"name": "鑫显光电", "credit_code": "91350100M000100Y43"}),
            )
            .await
            .id();
        let ent_b = self
            .post(
                "/api/v1/enterprises",
                &admin,
                json!({"name": "华为技术", "credit_code": "914403001922038216"}),
            )
            .await
            .id();
        let mut world = World {
            admin,
            dept_a,
            dept_b,
            ent_a,
            ent_b,
            tokens: Default::default(),
        };
        for (login, role, dept, ent) in [
            ("dispatcher", "dispatcher", None, None),
            ("supervisor", "supervisor", None, None),
            ("staff.a", "staff", Some(world.dept_a.clone()), None),
            ("staff.b", "staff", Some(world.dept_b.clone()), None),
            ("ent.a", "enterprise", None, Some(world.ent_a.clone())),
            ("ent.b", "enterprise", None, Some(world.ent_b.clone())),
        ] {
            self.post(
                "/api/v1/users",
                &world.admin,
                json!({"login": login, "password": "password-123", "role": role,
                       "department_id": dept, "enterprise_id": ent}),
            )
            .await
            .assert_status(201);
            let token = self.token(login, "password-123").await;
            world.tokens.insert(login.to_string(), token);
        }
        world
    }
}

pub struct World {
    pub admin: String,
    pub dept_a: String,
    pub dept_b: String,
    pub ent_a: String,
    pub ent_b: String,
    pub tokens: std::collections::HashMap<String, String>,
}

impl World {
    pub fn token(&self, login: &str) -> &str {
        self.tokens
            .get(login)
            .map(String::as_str)
            .unwrap_or(&self.admin)
    }
}
