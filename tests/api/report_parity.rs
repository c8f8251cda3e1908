//! The same tickets give the same figures on SQLite and PostgreSQL, to the
//! last bit of every mean and p90: one test builds the mixed set on both
//! back ends at the same instants and compares every report.

use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;

use crate::{
    helpers::{Backend, TestApp},
    report_fixture::{Mixed, PERIOD, mixed, report, summary_rows},
};

/// Ids differ between the two databases; names and codes do not. Uuid keys
/// are dropped (the label names the group), and so are ticket ids.
fn comparable(mut value: Value) -> Value {
    match &mut value {
        Value::Object(map) => {
            for field in [
                "id",
                "department_id",
                "enterprise_id",
                "assignee_id",
                "number",
                "next_cursor",
            ] {
                map.remove(field);
            }
            if map
                .get("key")
                .and_then(Value::as_str)
                .is_some_and(|k| uuid::Uuid::parse_str(k).is_ok())
            {
                map.remove("key");
            }
            for v in map.values_mut() {
                *v = comparable(v.take());
            }
        }
        Value::Array(items) => {
            for v in items.iter_mut() {
                *v = comparable(v.take());
            }
        }
        _ => {}
    }
    value
}

async fn reports(app: &TestApp, m: &Mixed) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for group in [
        "none",
        "department",
        "category",
        "service_item",
        "chain",
        "enterprise",
        "week",
        "month",
        "assignee",
    ] {
        let query = format!("{PERIOD}&group_by={group}");
        let body = report(app, &m.d, "supervisor", "summary", &query).await;
        out.push((format!("summary {group}"), comparable(body)));
    }
    for (name, query) in [("backlog", ""), ("overdue", ""), ("public-summary", PERIOD)] {
        let body = report(app, &m.d, "supervisor", name, query).await;
        out.push((name.to_string(), comparable(body)));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_agree_on_every_figure() {
    let sqlite = TestApp::spawn(Backend::Sqlite).await;
    let postgres = TestApp::spawn(Backend::Postgres).await;
    let on_sqlite = mixed(&sqlite).await;
    let on_postgres = mixed(&postgres).await;
    let a = reports(&sqlite, &on_sqlite).await;
    let b = reports(&postgres, &on_postgres).await;
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert_eq!(
            x,
            y,
            "{name} differs:\nSQLite {}\nPostgreSQL {}",
            serde_json::to_string_pretty(x).unwrap(),
            serde_json::to_string_pretty(y).unwrap()
        );
    }
    // Not vacuous: the means and p90s are there, and not all round.
    let total = &a[0].1["rows"][0];
    assert!(total["p90_claim_secs"].as_f64().unwrap().fract() != 0.0);
    assert!(total["mean_claim_secs"].as_f64().unwrap().fract() != 0.0);

    // On PostgreSQL the p90s are `percentile_cont` of each group's values,
    // exactly as the plain ordered-set aggregate over the tickets gives them.
    let direct = postgres
        .db
        .query_all_raw(Statement::from_string(
            postgres.db.get_database_backend(),
            "SELECT department_id, \
             percentile_cont(0.9) WITHIN GROUP (ORDER BY claim_business_secs) AS claim, \
             percentile_cont(0.9) WITHIN GROUP (ORDER BY resolve_business_secs) \
             FILTER (WHERE status IN ('resolved', 'closed')) AS resolve \
             FROM tickets GROUP BY department_id",
        ))
        .await
        .unwrap();
    let rows = summary_rows(
        &postgres,
        &on_postgres.d,
        "supervisor",
        "group_by=department",
    )
    .await;
    assert_eq!(direct.len(), rows.len());
    for d in direct {
        let key = d
            .try_get::<Option<uuid::Uuid>>("", "department_id")
            .unwrap()
            .map(|k| k.to_string());
        let row = rows
            .iter()
            .find(|r| r["key"].as_str().map(str::to_string) == key)
            .unwrap();
        let claim = d.try_get::<Option<f64>>("", "claim").unwrap();
        let resolve = d.try_get::<Option<f64>>("", "resolve").unwrap();
        assert_eq!(row["p90_claim_secs"].as_f64(), claim, "{key:?}");
        assert_eq!(row["p90_resolve_secs"].as_f64(), resolve, "{key:?}");
    }
}
