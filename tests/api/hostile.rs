//! Every hostile input of issue 10 sent to every operation of openapi.yaml
//! (read from the spec, so a new endpoint is covered the day it is
//! described), as an administrator against a populated desk: no answer
//! is a 5xx, and nothing is stored — every table holds what it held.

use std::collections::BTreeMap;

use reqwest::Method;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Map, Value, json};

use crate::{
    desk::{desk, filing},
    helpers::TestApp,
};

crate::both_backends!(no_hostile_input_is_a_5xx_or_stores_anything);

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Text a client may type that the service must refuse: NUL, an ANSI
/// escape, carriage return, DEL, a C1 control, the bidirectional controls.
const HOSTILE: &[&str] = &[
    "a\u{0}b",
    "\u{1b}[31mred\u{1b}[0m",
    "a\rb",
    "a\u{7f}",
    "a\u{85}b",
    "\u{202e}txt.exe",
    "\u{202a}x\u{202c}",
    "\u{2066}x\u{2069}",
];

fn spec() -> Value {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.yaml")).unwrap();
    serde_norway::from_str(&text).unwrap()
}

fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(spec, spec.pointer(&r[1..]).unwrap()),
        None => schema,
    }
}

/// The names of a request body's properties (through `allOf`), if it
/// takes a JSON body.
fn body_properties(spec: &Value, operation: &Value) -> Option<Vec<String>> {
    let schema = operation.pointer("/requestBody/content/application~1json/schema")?;
    let mut names = Vec::new();
    collect_properties(spec, resolve(spec, schema), &mut names);
    Some(names)
}

fn collect_properties(spec: &Value, schema: &Value, names: &mut Vec<String>) {
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        names.extend(props.keys().cloned());
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for part in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            collect_properties(spec, resolve(spec, part), names);
        }
    }
}

fn parameters<'a>(spec: &'a Value, item: &'a Value, operation: &'a Value) -> Vec<&'a Value> {
    [item.get("parameters"), operation.get("parameters")]
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .map(|p| resolve(spec, p))
        .collect()
}

fn encode(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// How many rows each table holds.
async fn census(app: &TestApp) -> BTreeMap<String, i64> {
    let backend = app.db.get_database_backend();
    let list = match backend {
        DbBackend::Sqlite => {
            "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        _ => "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'",
    };
    let tables = app
        .db
        .query_all_raw(Statement::from_string(backend, list))
        .await
        .unwrap();
    let mut out = BTreeMap::new();
    for row in tables {
        let table: String = row.try_get("", "t").unwrap();
        let count = app
            .db
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT COUNT(*) AS n FROM \"{table}\""),
            ))
            .await
            .unwrap()
            .unwrap();
        out.insert(table, count.try_get::<i64>("", "n").unwrap());
    }
    out
}

async fn send(app: &TestApp, token: &str, method: &str, path: &str, body: Option<String>) -> u16 {
    let mut req = app
        .client
        .request(
            Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(),
            format!("{}{path}", app.base),
        )
        .bearer_auth(token);
    if let Some(body) = body {
        req = req.header("content-type", "application/json").body(body);
    }
    req.send().await.unwrap().status().as_u16()
}

async fn no_hostile_input_is_a_5xx_or_stores_anything(app: TestApp) {
    let d = desk(&app).await;
    let admin = d.w.admin.clone();
    let ticket = app.file(&d, "ent.a", filing("靶子")).await.id();
    let chain = app
        .post("/api/v1/chains", &admin, json!({"name": "产业链"}))
        .await
        .id();
    let first = |list: Value| list["items"][0]["id"].as_str().unwrap().to_string();
    let user = first(app.get("/api/v1/users", &admin).await.body);
    let calendar = first(app.get("/api/v1/calendars", &admin).await.body);
    let ids: BTreeMap<&str, String> = BTreeMap::from([
        ("users", user),
        ("departments", d.w.dept_a.clone()),
        ("chains", chain),
        ("enterprises", d.w.ent_a.clone()),
        ("categories", "hiring".to_string()),
        ("calendars", calendar),
        ("sla-policies", d.policy.clone()),
        ("service-items", d.item_auto.clone()),
        ("tickets", ticket),
    ]);

    let spec = spec();
    let before = census(&app).await;
    let mut failures = Vec::new();
    let mut sent = 0;
    for (template, item) in spec["paths"].as_object().unwrap() {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            if template == "/api/v1/auth/logout" {
                continue; // ends the session every other request uses
            }
            let resource = template.split('/').nth(3).unwrap_or("");
            let real_id = ids
                .get(resource)
                .cloned()
                .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
            let path_with = |hostile: Option<&str>| {
                let mut path = template.clone();
                for param in ["{id}", "{code}"] {
                    let value = hostile.map_or(real_id.clone(), |h| format!("x{}", encode(h)));
                    path = path.replace(param, &value);
                }
                path.replace("{extension_id}", &uuid::Uuid::now_v7().to_string())
            };
            let mut cases: Vec<(String, Option<String>, String)> = Vec::new();
            let body_props = body_properties(&spec, operation);
            for hostile in HOSTILE {
                // A hostile path segment.
                if template.contains('{') {
                    let body = body_props.as_ref().map(|_| "{}".to_string());
                    cases.push((path_with(Some(hostile)), body, "path".into()));
                }
                // Each query parameter, hostile.
                for param in parameters(&spec, item, operation) {
                    if param["in"] == "query" {
                        let name = param["name"].as_str().unwrap();
                        let path = format!("{}?{name}={}", path_with(None), encode(hostile));
                        let body = body_props.as_ref().map(|_| "{}".to_string());
                        cases.push((path, body, format!("query {name}")));
                    }
                }
                // Each body property, hostile, one at a time and all at once.
                if let Some(props) = &body_props {
                    let mut all = Map::new();
                    for prop in props {
                        all.insert(prop.clone(), json!(hostile));
                        let one = json!({ prop: hostile }).to_string();
                        cases.push((path_with(None), Some(one), format!("body {prop}")));
                    }
                    let all = Value::Object(all).to_string();
                    cases.push((path_with(None), Some(all), "body, every field".into()));
                    // A hostile key.
                    let key = json!({ *hostile: 1 }).to_string();
                    cases.push((path_with(None), Some(key), "body key".into()));
                }
            }
            if body_props.is_some() {
                // Lenient JSON: an array in place of the object, a key twice.
                cases.push((path_with(None), Some("[]".into()), "array body".into()));
                cases.push((
                    path_with(None),
                    Some(r#"["a","b"]"#.into()),
                    "array body".into(),
                ));
                cases.push((
                    path_with(None),
                    Some(r#"{"name":"a","name":"b"}"#.into()),
                    "duplicate key".into(),
                ));
            }
            for (path, body, what) in cases {
                sent += 1;
                let status = send(&app, &admin, method, &path, body.clone()).await;
                let stores = matches!(method, "post" | "put" | "patch" | "delete");
                if status >= 500 || (stores && status < 400) {
                    failures.push(format!(
                        "{} {template} ({what}): {status} for {path} {body:?}",
                        method.to_uppercase()
                    ));
                }
            }
        }
    }
    assert!(sent > 500, "only {sent} requests");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(census(&app).await, before, "rows changed");
}
