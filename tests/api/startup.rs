//! The binary as an operator meets it: start-up errors in one line that
//! names the setting, its value and the fix (exit code 2 when a setting
//! must change), the access log, and Ctrl-C draining like SIGTERM.

use std::{
    io::{BufRead, BufReader},
    net::TcpListener,
    process::{Child, Command, Output, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use uuid::Uuid;

/// `huying serve` with these variables (on top of a clean slate), waited for.
fn serve(vars: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_huying"));
    cmd.arg("serve")
        .args(args)
        .env_remove("DATABASE_URL")
        // A free port unless the test says otherwise: the address is taken first.
        .env("HUYING_BIND", "127.0.0.1:0")
        .env_remove("HUYING_JWT_SECRET")
        .env("HUYING_DEV", "1")
        // The log's own lines (the dev-mode warning) aside.
        .env("RUST_LOG", "error")
        .stdin(Stdio::null());
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn temp_sqlite() -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("huying-startup-{}", Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("huying.db").display());
    (dir, url)
}

/// The one line on standard error, with its exit code.
#[track_caller]
fn fails(out: &Output, code: i32, says: &[&str]) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line: {stderr}");
    for s in says {
        assert!(stderr.contains(s), "{s:?} missing from: {stderr}");
    }
    stderr
}

#[test]
fn an_unreachable_postgres_is_named_within_five_seconds_with_the_password_masked() {
    // Nothing listens on port 1.
    let started = Instant::now();
    let out = serve(
        &[(
            "DATABASE_URL",
            "postgres://app:hunter2secret@127.0.0.1:1/huying",
        )],
        &[],
    );
    assert!(started.elapsed() < Duration::from_secs(8));
    let line = fails(
        &out,
        1,
        &[
            "127.0.0.1:1",
            "DATABASE_URL=postgres://app:****@127.0.0.1:1/huying",
        ],
    );
    assert!(!line.contains("hunter2secret"));
}

#[test]
fn a_postgres_that_never_answers_is_named_within_five_seconds() {
    // A private address that nothing on this machine answers for: the
    // connection either fails at once or hangs until the 5 s limit.
    let started = Instant::now();
    let out = serve(
        &[("DATABASE_URL", "postgres://app@10.255.255.1:5432/huying")],
        &[],
    );
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    fails(&out, 1, &["10.255.255.1:5432", "DATABASE_URL="]);
}

#[test]
fn a_missing_postgres_database_says_how_to_create_it() {
    let admin = crate::helpers::pg_admin_url();
    let server = admin.rsplit_once('/').unwrap().0;
    let url = format!("{server}/huying_no_such_db_{}", Uuid::new_v4().simple());
    let out = serve(&[("DATABASE_URL", &url)], &[]);
    let line = fails(&out, 2, &["does not exist", "createdb", "DATABASE_URL="]);
    assert_eq!(line.matches("does not exist").count(), 1, "{line}");
}

#[test]
fn a_malformed_database_url_names_the_variable() {
    let out = serve(&[("DATABASE_URL", "mysql://root:pw@db/huying")], &[]);
    let line = fails(
        &out,
        2,
        &["DATABASE_URL=mysql://root:****@db/huying", "sqlite://"],
    );
    assert!(!line.contains(":pw@"));
}

#[test]
fn a_missing_sqlite_folder_is_named() {
    let folder = format!("/tmp/huying-no-such-folder-{}", Uuid::new_v4());
    let url = format!("sqlite://{folder}/huying.db");
    let out = serve(&[("DATABASE_URL", &url)], &[]);
    fails(&out, 2, &[&folder, "mkdir -p", "DATABASE_URL="]);
}

#[test]
fn a_port_in_use_names_the_address() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let (dir, url) = temp_sqlite();
    let out = serve(&[("DATABASE_URL", &url), ("HUYING_BIND", &address)], &[]);
    fails(&out, 1, &[&address, "in use", "HUYING_BIND"]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_bind_that_is_no_address_names_the_option() {
    let (dir, url) = temp_sqlite();
    let out = serve(&[("DATABASE_URL", &url)], &["--bind", "localhost"]);
    fails(&out, 2, &["--bind", "\"localhost\"", "127.0.0.1:8080"]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_missing_or_short_jwt_secret_is_a_configuration_error() {
    let (dir, url) = temp_sqlite();
    let out = serve(&[("DATABASE_URL", &url), ("HUYING_DEV", "0")], &[]);
    fails(&out, 2, &["HUYING_JWT_SECRET"]);
    let out = serve(
        &[
            ("DATABASE_URL", &url),
            ("HUYING_DEV", "0"),
            ("HUYING_JWT_SECRET", "too-short"),
        ],
        &[],
    );
    let line = fails(&out, 2, &["HUYING_JWT_SECRET", "32"]);
    assert!(!line.contains("too-short"));
    let out = serve(
        &[("DATABASE_URL", &url), ("HUYING_SLA_TICK_SECS", "soon")],
        &[],
    );
    fails(&out, 2, &["HUYING_SLA_TICK_SECS=soon"]);
    let _ = std::fs::remove_dir_all(dir);
}

/// A running `huying serve` whose standard error is collected line by line.
struct Running {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Running {
    fn start(url: &str) -> (Running, u16) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_huying"))
            .arg("serve")
            .env("DATABASE_URL", url)
            .env("HUYING_DEV", "1")
            .env("HUYING_BIND", "127.0.0.1:0")
            .env("HUYING_SLA_TICK_SECS", "0")
            .env("RUST_LOG", "info")
            .env_remove("HUYING_LOG_FORMAT")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let running = Running { child, lines };
        let listening = running.wait_for("huying is listening");
        let port = listening
            .split("port=")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {listening}"));
        (running, port)
    }

    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(line) = self.lines.lock().unwrap().iter().find(|l| l.contains(text)) {
                return line.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no line with {text:?}: {:?}",
                self.lines
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_request_is_one_short_line_and_ctrl_c_drains() {
    let (dir, url) = temp_sqlite();
    let (mut running, port) = Running::start(&url);
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let ok = client
        .get(format!("{base}/healthz"))
        .header("x-request-id", "trace-me-1")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let denied = client
        .get(format!(
            "{base}/api/v1/tickets/01a1fe8a-4e62-77b9-be83-5ac6d29c0660"
        ))
        .header("x-request-id", "trace-me-2")
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), 401);

    let line = running.wait_for("trace-me-1");
    for part in [
        "INFO",
        "method=GET",
        "route=/healthz",
        "status=200",
        "duration_ms=",
    ] {
        assert!(line.contains(part), "{part}: {line}");
    }
    let line = running.wait_for("trace-me-2");
    for part in [
        "WARN",
        "route=/api/v1/tickets/{id}",
        "status=401",
        "code=\"unauthenticated\"",
    ] {
        assert!(line.contains(part), "{part}: {line}");
    }
    assert!(line.len() < 300, "one short line: {line}");
    {
        let lines = running.lines.lock().unwrap();
        assert_eq!(
            lines.iter().filter(|l| l.contains("trace-me-2")).count(),
            1,
            "{lines:?}"
        );
        assert!(
            lines.iter().all(|l| !l.contains('\u{1b}')),
            "no colour codes when standard error is not a terminal: {lines:?}"
        );
    }

    let pid = running.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    running.wait_for("draining");
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = running.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    running.wait_for("closing the database pool");
    let _ = std::fs::remove_dir_all(dir);
}
