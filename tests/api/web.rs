//! The embedded web app: cache headers, client routes, and the API's 404s
//! untouched. Served the same whatever the back end; run on both anyway.

use crate::helpers::TestApp;

crate::both_backends!(the_app_is_served_from_the_binary);

async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = app.client.get(format!("{}{path}", app.base));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

fn header<'a>(r: &'a reqwest::Response, name: &str) -> &'a str {
    r.headers()
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

async fn the_app_is_served_from_the_binary(app: TestApp) {
    let index = get(&app, "/", &[]).await;
    assert_eq!(index.status(), 200);
    assert_eq!(header(&index, "cache-control"), "no-cache");
    assert!(header(&index, "content-type").starts_with("text/html"));
    let csp = header(&index, "content-security-policy");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    let etag = header(&index, "etag").to_string();
    let html = index.text().await.unwrap();
    assert!(html.contains("<div id=\"app\">"));
    assert!(
        !html.contains("<script>") && !html.contains("<script type=\"module\">"),
        "no inline scripts (CSP)"
    );

    // Revalidation answers 304.
    let again = get(&app, "/", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), 304);

    // A client route reloaded in the browser gets the app.
    for route in [
        "/requests",
        "/requests/0193c5f0-0000-7000-8000-000000000000",
        "/me",
    ] {
        let r = get(&app, route, &[]).await;
        assert_eq!(r.status(), 200, "{route}");
        assert_eq!(header(&r, "cache-control"), "no-cache");
        assert_eq!(r.text().await.unwrap(), html, "{route}");
    }

    // Hashed assets are immutable.
    let script = html
        .split("src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("index.html loads a script");
    assert!(script.starts_with("/assets/"), "{script}");
    let js = get(&app, script, &[]).await;
    assert_eq!(js.status(), 200);
    assert_eq!(
        header(&js, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(header(&js, "content-type").contains("javascript"));

    // The service worker and the manifest are revalidated.
    for (path, kind) in [
        ("/sw.js", "javascript"),
        ("/manifest.webmanifest", "manifest"),
    ] {
        let r = get(&app, path, &[]).await;
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(header(&r, "cache-control"), "no-cache", "{path}");
        assert!(header(&r, "content-type").contains(kind), "{path}");
    }

    // Missing files and API paths keep the API's problem answers.
    for path in [
        "/assets/missing-0000.js",
        "/favicon.ico",
        "/api/v1/nope",
        "/api",
    ] {
        let r = get(&app, path, &[]).await;
        assert_eq!(r.status(), 404, "{path}");
        assert_eq!(
            header(&r, "content-type"),
            "application/problem+json",
            "{path}"
        );
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["code"], "not_found", "{path}");
    }
    let post = app
        .client
        .post(format!("{}/requests", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 404);
}
