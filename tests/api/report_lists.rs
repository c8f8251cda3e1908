//! The backlog, the overdue list, the public summary, who may read which
//! report, and CSV answers that parse back to the JSON figures.

use std::collections::BTreeSet;

use chrono::Duration;
use huying::reports::{
    backlog::BacklogRow, overdue::OverdueItem, public::PublicRow, summary::SummaryRow,
};
use reqwest::Method;
use serde_json::{Value, json};

use crate::{
    helpers::{Resp, TestApp},
    report_fixture::{PERIOD, assert_fields, auto_hiring, desk_at, mixed, report, schooling},
};

crate::both_backends!(
    backlog_by_age_in_working_days,
    overdue_lists_breached_open_tickets_oldest_first,
    public_summary_needs_no_login_and_names_no_enterprise,
    staff_see_their_department_and_enterprises_nothing,
    csv_parses_back_to_the_json_figures,
);

/// Four open tickets filed 7, 3, 1 and 0 days (every day works on the
/// 24x7 calendar) before the report — each exactly on a bucket's lower
/// bound — plus a resolved and a cancelled one, which are not backlog.
async fn backlog_by_age_in_working_days(app: TestApp) {
    let mut d = desk_at(&app, "2026-07-01T02:00:00Z").await;
    app.file(&d, "ent.a", schooling("七天")).await;
    app.advance(&mut d, Duration::days(4)).await;
    app.file(&d, "ent.a", auto_hiring(&d, "三天")).await;
    app.advance(&mut d, Duration::days(2)).await;
    let one = app.file(&d, "ent.b", auto_hiring(&d, "一天")).await.id();
    app.act(&d, "staff.a", &one, "claim", json!({}))
        .await
        .assert_status(200);
    app.advance(&mut d, Duration::days(1)).await;
    app.file(&d, "ent.a", auto_hiring(&d, "今天")).await;
    let done = app.file(&d, "ent.a", auto_hiring(&d, "已办")).await.id();
    app.act(&d, "staff.a", &done, "claim", json!({}))
        .await
        .assert_status(200);
    app.act(&d, "staff.a", &done, "resolve", json!({"resolution": "好"}))
        .await
        .assert_status(200);
    let gone = app.file(&d, "ent.a", auto_hiring(&d, "撤回")).await.id();
    app.act(&d, "ent.a", &gone, "cancel", json!({}))
        .await
        .assert_status(200);

    let body = report(&app, &d, "supervisor", "backlog", "").await;
    assert_eq!(body["generated_at"], "2026-07-08T02:00:00Z");
    let rows = body["rows"].as_array().unwrap();
    let a = json!(d.w.dept_a);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_fields(
        &rows[0],
        &[
            ("department_id", a.clone()),
            ("department", json!("人社局")),
            ("status", json!("dispatched")),
            ("age_under_1", json!(1)),
            ("age_1_to_3", json!(0)),
            ("age_3_to_7", json!(1)),
            ("age_7_plus", json!(0)),
            ("total", json!(2)),
        ],
    );
    assert_fields(
        &rows[1],
        &[
            ("department_id", a),
            ("status", json!("in_progress")),
            ("age_1_to_3", json!(1)),
            ("total", json!(1)),
        ],
    );
    assert_fields(
        &rows[2],
        &[
            ("department_id", Value::Null),
            ("department", Value::Null),
            ("status", json!("submitted")),
            ("age_7_plus", json!(1)),
            ("total", json!(1)),
        ],
    );
    // Department B has nothing open here.
    let body = report(
        &app,
        &d,
        "supervisor",
        "backlog",
        &format!("department_id={}", d.w.dept_b),
    )
    .await;
    assert_eq!(body["rows"], json!([]));
}

async fn overdue_lists_breached_open_tickets_oldest_first(app: TestApp) {
    let m = mixed(&app).await;
    let d = &m.d;
    // Breached and open at T0 + 26 h: 6 and 7 (both filed at T0, so in id order).
    let mut expected = [m.id(6).to_string(), m.id(7).to_string()];
    expected.sort();
    let page1 = report(&app, d, "supervisor", "overdue", "limit=1").await;
    assert_eq!(page1["items"].as_array().unwrap().len(), 1);
    assert_eq!(page1["items"][0]["id"], expected[0].as_str());
    let cursor = page1["next_cursor"].as_str().unwrap();
    let page2 = report(
        &app,
        d,
        "supervisor",
        "overdue",
        &format!("limit=1&cursor={cursor}"),
    )
    .await;
    assert_eq!(page2["items"][0]["id"], expected[1].as_str());
    assert_eq!(page2["next_cursor"], Value::Null);

    let all = report(&app, d, "dispatcher", "overdue", "").await;
    let items = all["items"].as_array().unwrap();
    let six = items.iter().find(|i| i["id"] == m.id(6)).unwrap();
    assert_fields(
        six,
        &[
            ("status", json!("in_progress")),
            ("department", json!("教育局")),
            ("enterprise", json!("华为技术")),
            ("created_at", json!("2026-06-30T15:00:00Z")),
            ("response_breached", json!(false)),
            ("first_response_breached", json!(true)),
            ("resolution_breached", json!(true)),
            ("resolution_due_at", json!("2026-07-01T15:00:00Z")),
        ],
    );
    let seven = items.iter().find(|i| i["id"] == m.id(7)).unwrap();
    assert_fields(
        seven,
        &[
            ("status", json!("submitted")),
            ("department_id", Value::Null),
            ("department", Value::Null),
            ("enterprise", json!("鑫显光电")),
            ("response_breached", json!(true)),
        ],
    );
    // The same tickets as the list's breached filter.
    let listed = app
        .get("/api/v1/tickets?breached=true", d.token("supervisor"))
        .await;
    let listed: BTreeSet<String> = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, expected.iter().cloned().collect());
    // Staff see their department's only.
    let b = report(&app, d, "staff.b", "overdue", "").await;
    assert_eq!(b["items"].as_array().unwrap().len(), 1);
    assert_eq!(b["items"][0]["id"], m.id(6));
    let a = report(&app, d, "staff.a", "overdue", "").await;
    assert_eq!(a["items"], json!([]));
    let q = report(&app, d, "supervisor", "overdue", "category=hiring").await;
    assert_eq!(q["items"], json!([]));
}

async fn public_summary_needs_no_login_and_names_no_enterprise(app: TestApp) {
    let m = mixed(&app).await;
    let resp = app
        .request(
            Method::GET,
            &format!("/api/v1/reports/public-summary?{PERIOD}"),
            None,
            None,
        )
        .await;
    let body = resp.assert_status(200);
    // Collected: filed less cancelled and rejected.
    assert_eq!(
        body["total"],
        json!({"category": null, "name": null, "collected": 8, "resolved": 5,
               "resolution_rate": 0.625, "rated": 4, "satisfaction_rate": 0.5})
    );
    assert_eq!(
        body["categories"],
        json!([
            {"category": "schooling", "name": "子女入学", "collected": 2, "resolved": 0,
             "resolution_rate": 0.0, "rated": 0, "satisfaction_rate": null},
            {"category": "hiring", "name": "招工用工", "collected": 6, "resolved": 5,
             "resolution_rate": 5.0 / 6.0, "rated": 4, "satisfaction_rate": 0.5},
        ])
    );
    for secret in ["鑫显光电", "华为技术", &m.d.w.ent_a, &m.d.w.ent_b, "人社局"] {
        assert!(!resp.text.contains(secret), "{secret} in {}", resp.text);
    }
    // A token, even a bad one, changes nothing.
    let with_bad_token = app
        .request(
            Method::GET,
            &format!("/api/v1/reports/public-summary?{PERIOD}"),
            Some("not-a-token"),
            None,
        )
        .await;
    assert_eq!(with_bad_token.assert_status(200)["total"], body["total"]);
}

async fn staff_see_their_department_and_enterprises_nothing(app: TestApp) {
    let m = mixed(&app).await;
    let d = &m.d;
    let total = |rows: &Value| rows["rows"][0]["filed"].clone();
    let query = format!("{PERIOD}&group_by=department");
    let a = report(&app, d, "staff.a", "summary", &query).await;
    assert_eq!(a["rows"].as_array().unwrap().len(), 1);
    assert_eq!(a["rows"][0]["key"], d.w.dept_a.as_str());
    assert_eq!(a["department_id"], d.w.dept_a.as_str());
    let b = report(&app, d, "staff.b", "summary", PERIOD).await;
    assert_eq!(total(&b), 1);
    // Asking for another department shows nothing of it.
    let other = format!("{PERIOD}&department_id={}", d.w.dept_a);
    let b = report(&app, d, "staff.b", "summary", &other).await;
    assert_eq!(total(&b), 0);
    let b = report(&app, d, "staff.b", "backlog", "").await;
    let departments: BTreeSet<String> = b["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["department_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(departments, BTreeSet::from([d.w.dept_b.clone()]));
    for login in ["supervisor", "dispatcher", "admin"] {
        let all = report(&app, d, login, "summary", PERIOD).await;
        assert_eq!(total(&all), 10, "{login}");
    }
    for path in ["summary", "backlog", "overdue"] {
        let url = format!("/api/v1/reports/{path}");
        app.get(&url, d.token("ent.a"))
            .await
            .assert_problem(403, "forbidden");
        app.request(Method::GET, &url, None, None)
            .await
            .assert_problem(401, "unauthenticated");
    }
}

async fn get_csv(app: &TestApp, token: Option<&str>, path: &str) -> Resp {
    let mut req = app
        .client
        .get(format!("{}{path}", app.base))
        .header("accept", "text/csv");
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    TestApp::read(req.send().await.unwrap()).await
}

/// Parses a CSV answer: checks the BOM and the header, returns the records.
fn parse_csv(resp: &Resp, columns: &[&str]) -> Vec<Vec<String>> {
    assert_eq!(resp.status, 200, "{}", resp.text);
    assert_eq!(
        resp.header("content-type"),
        Some("text/csv; charset=utf-8; header=present")
    );
    let text = resp
        .text
        .strip_prefix('\u{feff}')
        .expect("a byte order mark first");
    assert!(text.contains("\r\n"), "CRLF line ends");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, columns);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Each CSV cell says what the JSON field says.
#[track_caller]
fn assert_same(columns: &[&str], record: &[String], json: &Value) {
    let keys: BTreeSet<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(keys, columns.iter().copied().collect());
    for (column, cell) in columns.iter().zip(record) {
        let value = &json[*column];
        match value {
            Value::Null => assert_eq!(cell, "", "{column}"),
            Value::Number(n) => {
                let parsed: f64 = cell.parse().unwrap_or_else(|_| panic!("{column}: {cell}"));
                assert_eq!(Some(parsed), n.as_f64(), "{column}");
            }
            Value::String(s) => assert_eq!(cell, s, "{column}"),
            Value::Bool(b) => assert_eq!(cell, &b.to_string(), "{column}"),
            other => panic!("{column}: unexpected {other}"),
        }
    }
}

async fn csv_parses_back_to_the_json_figures(app: TestApp) {
    let m = mixed(&app).await;
    let d = &m.d;
    let token = d.token("supervisor");
    for group in ["none", "department", "enterprise", "week"] {
        let query = format!("{PERIOD}&group_by={group}");
        let json = report(&app, d, "supervisor", "summary", &query).await;
        let csv = get_csv(
            &app,
            Some(token),
            &format!("/api/v1/reports/summary?{query}"),
        )
        .await;
        assert!(
            csv.header("content-disposition")
                .unwrap()
                .contains("summary.csv")
        );
        let records = parse_csv(&csv, SummaryRow::COLUMNS);
        let rows = json["rows"].as_array().unwrap();
        assert_eq!(records.len(), rows.len(), "{group}");
        for (record, row) in records.iter().zip(rows) {
            assert_same(SummaryRow::COLUMNS, record, row);
        }
    }

    let json = report(&app, d, "supervisor", "backlog", "").await;
    let records = parse_csv(
        &get_csv(&app, Some(token), "/api/v1/reports/backlog").await,
        BacklogRow::COLUMNS,
    );
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(records.len(), rows.len());
    for (record, row) in records.iter().zip(rows) {
        assert_same(BacklogRow::COLUMNS, record, row);
    }

    let json = report(&app, d, "supervisor", "overdue", "limit=1").await;
    let resp = get_csv(&app, Some(token), "/api/v1/reports/overdue?limit=1").await;
    assert_eq!(resp.header("x-next-cursor"), json["next_cursor"].as_str());
    let records = parse_csv(&resp, OverdueItem::COLUMNS);
    assert_eq!(records.len(), 1);
    assert_same(OverdueItem::COLUMNS, &records[0], &json["items"][0]);

    let path = format!("/api/v1/reports/public-summary?{PERIOD}");
    let json = app.request(Method::GET, &path, None, None).await.body;
    let records = parse_csv(&get_csv(&app, None, &path).await, PublicRow::COLUMNS);
    let categories = json["categories"].as_array().unwrap();
    // The categories, then the total.
    assert_eq!(records.len(), categories.len() + 1);
    for (record, row) in records.iter().zip(categories) {
        assert_same(PublicRow::COLUMNS, record, row);
    }
    assert_same(PublicRow::COLUMNS, records.last().unwrap(), &json["total"]);
}
