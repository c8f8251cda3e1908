//! Sign-in, refresh rotation and reuse detection, sign-out, token checks.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::Duration;
use reqwest::Method;
use serde_json::json;

use huying::clock::Clock;

use crate::helpers::{ADMIN_PASSWORD, TestApp};

crate::both_backends!(
    login_returns_a_token_pair_that_works,
    wrong_password_and_unknown_login_answer_alike,
    login_validates_its_body,
    refresh_rotates_and_the_old_token_is_spent,
    reusing_a_spent_refresh_token_revokes_the_whole_family,
    logout_ends_access_and_refresh_tokens,
    expired_access_tokens_are_refused,
    tampered_and_foreign_tokens_are_refused,
    a_deactivated_user_is_locked_out_at_once,
    missing_or_malformed_authorization_is_401,
    users_change_their_own_password,
    repeated_failures_are_throttled,
);

async fn login_returns_a_token_pair_that_works(app: TestApp) {
    app.admin().await;
    let resp = app.login("admin", ADMIN_PASSWORD).await;
    let body = resp.assert_status(200);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert!(body["refresh_token"].as_str().unwrap().len() >= 43);
    assert_eq!(resp.header("cache-control"), Some("no-store"));
    let token = body["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/me", token).await;
    assert_eq!(me.assert_status(200)["login"], "admin");
    assert_eq!(me.body["role"], "admin");
    assert!(me.body.get("password_hash").is_none());
}

async fn wrong_password_and_unknown_login_answer_alike(app: TestApp) {
    app.admin().await;
    let wrong = app.login("admin", "not the password").await;
    wrong.assert_problem(401, "invalid_credentials");
    let unknown = app.login("nobody", "not the password").await;
    unknown.assert_problem(401, "invalid_credentials");
    assert_eq!(wrong.body, unknown.body);
}

async fn login_validates_its_body(app: TestApp) {
    let cases = [
        (json!({"login": "admin"}), "password"),
        (json!({"password": "x"}), "login"),
        (json!({"login": "", "password": "x"}), "login"),
        (json!({"login": "admin", "password": ""}), "password"),
        (json!({"login": 7, "password": "x"}), "login"),
        (json!({"login": "a", "password": "x", "otp": 1}), "otp"),
    ];
    for (body, field) in cases {
        let resp = app
            .request(Method::POST, "/api/v1/auth/login", None, Some(&body))
            .await;
        resp.assert_problem(422, "validation_failed");
        assert!(
            resp.body["errors"][field].is_string(),
            "{body}: {}",
            resp.text
        );
    }
}

async fn refresh(app: &TestApp, token: &str) -> crate::helpers::Resp {
    app.request(
        Method::POST,
        "/api/v1/auth/refresh",
        None,
        Some(&json!({"refresh_token": token})),
    )
    .await
}

async fn refresh_rotates_and_the_old_token_is_spent(app: TestApp) {
    app.admin().await;
    let first = app.login("admin", ADMIN_PASSWORD).await;
    let r1 = first.body["refresh_token"].as_str().unwrap().to_string();
    let second = refresh(&app, &r1).await;
    let body = second.assert_status(200).clone();
    let r2 = body["refresh_token"].as_str().unwrap();
    assert_ne!(r1, r2);
    app.get("/api/v1/me", body["access_token"].as_str().unwrap())
        .await
        .assert_status(200);
    // r2 rotates on in turn.
    refresh(&app, r2).await.assert_status(200);
    refresh(&app, "never issued")
        .await
        .assert_problem(401, "invalid_refresh_token");
}

async fn reusing_a_spent_refresh_token_revokes_the_whole_family(app: TestApp) {
    app.admin().await;
    let login = app.login("admin", ADMIN_PASSWORD).await;
    let r1 = login.body["refresh_token"].as_str().unwrap().to_string();
    let rotated = refresh(&app, &r1).await;
    let r2 = rotated.body["refresh_token"].as_str().unwrap().to_string();
    let access2 = rotated.body["access_token"].as_str().unwrap().to_string();
    // An attacker replays r1: refused, and the family is revoked...
    refresh(&app, &r1)
        .await
        .assert_problem(401, "invalid_refresh_token");
    // ...so the legitimate holder's newer tokens are dead too.
    refresh(&app, &r2)
        .await
        .assert_problem(401, "invalid_refresh_token");
    app.get("/api/v1/me", &access2)
        .await
        .assert_problem(401, "invalid_token");
    // Other sessions of the same user are untouched.
    let other = app.token("admin", ADMIN_PASSWORD).await;
    app.get("/api/v1/me", &other).await.assert_status(200);
}

async fn logout_ends_access_and_refresh_tokens(app: TestApp) {
    app.admin().await;
    let login = app.login("admin", ADMIN_PASSWORD).await;
    let access = login.body["access_token"].as_str().unwrap().to_string();
    let refresh_token = login.body["refresh_token"].as_str().unwrap().to_string();
    let out = app
        .request(Method::POST, "/api/v1/auth/logout", Some(&access), None)
        .await;
    assert_eq!(out.status, 204);
    app.get("/api/v1/me", &access)
        .await
        .assert_problem(401, "invalid_token");
    refresh(&app, &refresh_token)
        .await
        .assert_problem(401, "invalid_refresh_token");
}

async fn expired_access_tokens_are_refused(app: TestApp) {
    let token = app.admin().await;
    app.clock.advance(Duration::minutes(14));
    app.get("/api/v1/me", &token).await.assert_status(200);
    app.clock.advance(Duration::minutes(2));
    let resp = app.get("/api/v1/me", &token).await;
    resp.assert_problem(401, "token_expired");
    assert!(
        resp.header("www-authenticate")
            .unwrap()
            .contains("invalid_token")
    );
}

async fn tampered_and_foreign_tokens_are_refused(app: TestApp) {
    let token = app.admin().await;
    let parts: Vec<&str> = token.split('.').collect();
    // A changed signature.
    let mut sig = parts[2].to_string();
    let last = if sig.ends_with('A') { 'B' } else { 'A' };
    sig.pop();
    sig.push(last);
    let forged = format!("{}.{}.{}", parts[0], parts[1], sig);
    app.get("/api/v1/me", &forged)
        .await
        .assert_problem(401, "invalid_token");
    // Changed claims under the old signature.
    let claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    let mut changed = claims.clone();
    changed["role"] = json!("supervisor");
    let payload = URL_SAFE_NO_PAD.encode(changed.to_string());
    let tampered = format!("{}.{}.{}", parts[0], payload, parts[2]);
    app.get("/api/v1/me", &tampered)
        .await
        .assert_problem(401, "invalid_token");
    // alg=none with no signature.
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let unsigned = format!("{header}.{}.", parts[1]);
    app.get("/api/v1/me", &unsigned)
        .await
        .assert_problem(401, "invalid_token");
    // Signed with another secret.
    let keys = huying::auth::TokenKeys::new(
        b"some other secret of thirty-two bytes",
        std::time::Duration::from_secs(900),
    );
    let foreign = keys
        .issue(
            claims["sub"].as_str().unwrap().parse().unwrap(),
            claims["sid"].as_str().unwrap().parse().unwrap(),
            "admin",
            app.clock.now(),
        )
        .unwrap();
    app.get("/api/v1/me", &foreign)
        .await
        .assert_problem(401, "invalid_token");
    app.get("/api/v1/me", "garbage")
        .await
        .assert_problem(401, "invalid_token");
}

async fn a_deactivated_user_is_locked_out_at_once(app: TestApp) {
    let admin = app.admin().await;
    let user = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"login": "disp", "password": "password-123", "role": "dispatcher"}),
        )
        .await
        .id();
    let login = app.login("disp", "password-123").await;
    let access = login.body["access_token"].as_str().unwrap().to_string();
    let refresh_token = login.body["refresh_token"].as_str().unwrap().to_string();
    app.get("/api/v1/me", &access).await.assert_status(200);
    app.patch(
        &format!("/api/v1/users/{user}"),
        &admin,
        json!({"active": false}),
    )
    .await
    .assert_status(200);
    app.get("/api/v1/me", &access)
        .await
        .assert_problem(401, "invalid_token");
    refresh(&app, &refresh_token)
        .await
        .assert_problem(401, "invalid_refresh_token");
    app.login("disp", "password-123")
        .await
        .assert_problem(401, "invalid_credentials");
    // Reactivated, the user signs in again.
    app.patch(
        &format!("/api/v1/users/{user}"),
        &admin,
        json!({"active": true}),
    )
    .await
    .assert_status(200);
    app.login("disp", "password-123").await.assert_status(200);
}

async fn missing_or_malformed_authorization_is_401(app: TestApp) {
    let resp = app.request(Method::GET, "/api/v1/me", None, None).await;
    resp.assert_problem(401, "unauthenticated");
    assert_eq!(resp.header("www-authenticate"), Some("Bearer"));
    let basic = app
        .client
        .get(format!("{}/api/v1/me", app.base))
        .header("authorization", "Basic YWRtaW46YWRtaW4=")
        .send()
        .await
        .unwrap();
    TestApp::read(basic)
        .await
        .assert_problem(401, "invalid_token");
}

async fn users_change_their_own_password(app: TestApp) {
    let admin = app.admin().await;
    let other_session = app.token("admin", ADMIN_PASSWORD).await;
    app.post(
        "/api/v1/me/password",
        &admin,
        json!({"current_password": "wrong", "new_password": "a-new-password"}),
    )
    .await
    .assert_problem(422, "validation_failed");
    app.post(
        "/api/v1/me/password",
        &admin,
        json!({"current_password": ADMIN_PASSWORD, "new_password": "short"}),
    )
    .await
    .assert_problem(422, "validation_failed");
    let done = app
        .post(
            "/api/v1/me/password",
            &admin,
            json!({"current_password": ADMIN_PASSWORD, "new_password": "a-new-password"}),
        )
        .await;
    assert_eq!(done.status, 204, "{}", done.text);
    app.get("/api/v1/me", &admin).await.assert_status(200);
    app.get("/api/v1/me", &other_session)
        .await
        .assert_problem(401, "invalid_token");
    app.login("admin", ADMIN_PASSWORD)
        .await
        .assert_problem(401, "invalid_credentials");
    app.login("admin", "a-new-password")
        .await
        .assert_status(200);
}

async fn repeated_failures_are_throttled(app: TestApp) {
    app.admin().await;
    for _ in 0..5 {
        app.login("admin", "guess")
            .await
            .assert_problem(401, "invalid_credentials");
    }
    // The sixth try is refused before any password is checked, right or wrong.
    let throttled = app.login("admin", ADMIN_PASSWORD).await;
    throttled.assert_problem(429, "too_many_requests");
    let retry: i64 = throttled.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    // Other logins are not affected.
    app.login("someone.else", "guess")
        .await
        .assert_problem(401, "invalid_credentials");
    // Once the window has passed, the right password works and clears the count.
    app.clock.advance(Duration::minutes(15));
    app.login("admin", ADMIN_PASSWORD).await.assert_status(200);
    app.login("admin", "guess")
        .await
        .assert_problem(401, "invalid_credentials");
    app.login("admin", ADMIN_PASSWORD).await.assert_status(200);
}
