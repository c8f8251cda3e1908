//! The binary's own commands: `seed-demo` (twice, idempotent) and `create-user`.

use std::{
    io::Write,
    process::{Command, Output, Stdio},
};

use serde_json::Value;

use crate::helpers::TestApp;

crate::both_backends!(
    seed_demo_is_idempotent_and_every_user_signs_in,
    create_user_reads_the_password_from_stdin,
);

/// Runs the `huying` binary on the test's database.
pub fn huying(app: &TestApp, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_huying"))
        .args(args)
        .env("DATABASE_URL", &app.database_url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

async fn seed_demo_is_idempotent_and_every_user_signs_in(app: TestApp) {
    let first = huying(&app, &["seed-demo"], None);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let second = huying(&app, &["seed-demo"], None);
    assert!(second.status.success());
    let report: Value = serde_json::from_slice(&first.stdout).unwrap();
    let again: Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(
        report, again,
        "a second run finds everything and changes nothing"
    );

    let users = report["users"].as_array().unwrap();
    let roles: Vec<&str> = users.iter().map(|u| u["role"].as_str().unwrap()).collect();
    for role in ["admin", "dispatcher", "supervisor"] {
        assert!(roles.contains(&role));
    }
    assert!(roles.iter().filter(|r| **r == "enterprise").count() >= 2);
    assert!(roles.iter().filter(|r| **r == "staff").count() >= 2);
    assert!(report["departments"].as_array().unwrap().len() >= 4);
    assert!(report["service_items"].as_array().unwrap().len() >= 12);
    assert_eq!(report["categories"].as_array().unwrap().len(), 10);

    for user in users {
        let token = app
            .token(
                user["login"].as_str().unwrap(),
                user["password"].as_str().unwrap(),
            )
            .await;
        let me = app.get("/api/v1/me", &token).await;
        assert_eq!(me.assert_status(200)["role"], user["role"]);
        assert_eq!(
            me.body["enterprise_id"],
            *user.get("enterprise_id").unwrap_or(&Value::Null)
        );
        assert_eq!(
            me.body["department_id"],
            *user.get("department_id").unwrap_or(&Value::Null)
        );
        let items = app.get("/api/v1/service-items?limit=200", &token).await;
        assert!(items.assert_status(200)["items"].as_array().unwrap().len() >= 12);
    }
    let admin = app
        .token("admin", users[0]["password"].as_str().unwrap())
        .await;
    let count = |path: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.get(path, &admin).await.body["items"]
                .as_array()
                .unwrap()
                .len()
        }
    };
    assert_eq!(count("/api/v1/users?limit=200").await, users.len());
    assert_eq!(count("/api/v1/categories").await, 10);
    assert_eq!(count("/api/v1/calendars").await, 2);
    assert_eq!(count("/api/v1/sla-policies").await, 3);
    let chain = &app.get("/api/v1/chains", &admin).await.body["items"][0];
    assert_eq!(chain["name"], "新型显示产业链");
    assert!(chain["lead_enterprise_id"].is_string());
    let cal = report["calendars"][0]["id"].as_str().unwrap();
    let gov = app.get(&format!("/api/v1/calendars/{cal}"), &admin).await;
    assert_eq!(gov.body["holidays"].as_array().unwrap().len(), 33);
    assert_eq!(gov.body["make_up_days"].as_array().unwrap().len(), 6);
}

async fn create_user_reads_the_password_from_stdin(app: TestApp) {
    assert!(huying(&app, &["seed-demo"], None).status.success());
    let made = huying(
        &app,
        &[
            "create-user",
            "--login",
            "wang.wu",
            "--role",
            "staff",
            "--department",
            "EDU",
            "--password-stdin",
        ],
        Some("a long password\n"),
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let user: Value = serde_json::from_slice(&made.stdout).unwrap();
    assert_eq!(user["role"], "staff");
    let token = app.token("wang.wu", "a long password").await;
    let me = app.get("/api/v1/me", &token).await;
    assert_eq!(me.body["department_id"], user["department_id"]);

    let ent = huying(
        &app,
        &[
            "create-user",
            "--login",
            "ent.user",
            "--role",
            "enterprise",
            "--enterprise",
            "91340100MA2N0C2D4",
            "--password-stdin",
        ],
        Some("another password"),
    );
    assert!(!ent.status.success(), "a 17-character code is refused");

    let failures: [(&[&str], &str); 4] = [
        (
            &[
                "create-user",
                "--login",
                "x.y",
                "--role",
                "staff",
                "--password-stdin",
            ],
            "department",
        ),
        (
            &[
                "create-user",
                "--login",
                "x.y",
                "--role",
                "staff",
                "--department",
                "NOPE",
                "--password-stdin",
            ],
            "NOPE",
        ),
        (
            &[
                "create-user",
                "--login",
                "wang.wu",
                "--role",
                "admin",
                "--password-stdin",
            ],
            "taken",
        ),
        (
            &[
                "create-user",
                "--login",
                "x.y",
                "--role",
                "wizard",
                "--password-stdin",
            ],
            "role",
        ),
    ];
    for (args, says) in failures {
        let out = huying(&app, args, Some("a long password"));
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    let short = huying(
        &app,
        &[
            "create-user",
            "--login",
            "x.y",
            "--role",
            "admin",
            "--password-stdin",
        ],
        Some("short"),
    );
    assert!(!short.status.success());
    let no_stdin_flag = huying(
        &app,
        &["create-user", "--login", "x.y", "--role", "admin"],
        None,
    );
    assert_eq!(no_stdin_flag.status.code(), Some(2), "clap usage error");
}
