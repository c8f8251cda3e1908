//! The summary report against fixtures whose every figure is worked out by
//! hand below (see `report_fixture` for what happens to each ticket).

use chrono::Duration;
use huying::reports::percentile::{P90, cont};
use serde_json::{Value, json};

use crate::{
    helpers::TestApp,
    report_fixture::{
        CHAIN_NAME, assert_fields, auto_hiring, desk_at, mixed, report, schooling, summary_rows,
    },
};

crate::both_backends!(
    twenty_six_filed_twenty_six_resolved,
    the_mixed_set_in_total,
    the_mixed_set_by_department,
    the_mixed_set_by_enterprise_chain_and_category,
    weeks_and_months_are_cut_in_beijing_time,
    the_period_is_half_open_and_echoed,
    bad_queries_answer_400,
);

/// "26 problems collected, all 26 resolved."
async fn twenty_six_filed_twenty_six_resolved(app: TestApp) {
    let mut d = desk_at(&app, "2026-07-01T01:00:00Z").await;
    let mut ids = Vec::new();
    for n in 0..26 {
        let body = auto_hiring(&d, &format!("用工需求{n}"));
        ids.push(app.file(&d, "ent.a", body).await.id());
    }
    app.advance(&mut d, Duration::minutes(10)).await;
    for id in &ids {
        app.act(&d, "staff.a", id, "claim", json!({}))
            .await
            .assert_status(200);
        app.act(
            &d,
            "staff.a",
            id,
            "resolve",
            json!({"resolution": "已解决"}),
        )
        .await
        .assert_status(200);
    }
    let rows = summary_rows(&app, &d, "supervisor", "").await;
    assert_eq!(rows.len(), 1);
    assert_fields(
        &rows[0],
        &[
            ("key", Value::Null),
            ("filed", json!(26)),
            ("resolved", json!(26)),
            ("open_backlog", json!(0)),
            ("resolution_rate", json!(1.0)),
            ("response_rate", json!(1.0)),
            ("on_time_rate", json!(1.0)),
            // Nobody rated: the satisfaction rate is unknown, not 0 or 1.
            ("rated", json!(0)),
            ("satisfaction_rate", Value::Null),
            ("mean_claim_secs", json!(600.0)),
            ("p90_claim_secs", json!(600.0)),
        ],
    );
    assert_eq!(rows[0]["resolution_rate"].as_f64(), Some(1.0));
}

async fn the_mixed_set_in_total(app: TestApp) {
    let m = mixed(&app).await;
    let rows = summary_rows(&app, &m.d, "supervisor", "").await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_fields(
        row,
        &[
            ("key", Value::Null),
            ("label", Value::Null),
            ("filed", json!(10)),
            // Every ticket but 5 (rejected from the call list) and 7.
            ("dispatched", json!(8)),
            // 1, 2, 3, 6, 8, 9, 10.
            ("claimed", json!(7)),
            // Resolved or closed: 1, 2, 3, 9, 10.
            ("resolved", json!(5)),
            ("closed", json!(4)),
            ("cancelled", json!(1)),
            ("rejected", json!(1)),
            ("returned", json!(1)),
            ("extended", json!(0)),
            ("reopened", json!(1)),
            // 6, 7, 8.
            ("open_backlog", json!(3)),
            // 5 ÷ (10 − 1 cancelled − 1 rejected).
            ("resolution_rate", json!(0.625)),
            // All claims but ticket 2's came within the hour.
            ("claimed_with_deadline", json!(7)),
            ("claimed_in_time", json!(6)),
            ("response_rate", json!(6.0 / 7.0)),
            // Ticket 2 late; ticket 3 resolved at +26 h, due +27 h after reopening.
            ("resolved_with_deadline", json!(5)),
            ("resolved_in_time", json!(4)),
            ("on_time_rate", json!(4.0 / 5.0)),
            // Ratings 5, 3, 4, 2.
            ("rated", json!(4)),
            ("satisfied", json!(2)),
            ("satisfaction_rate", json!(0.5)),
            // Six claims at 1800 s, one at 7200 s.
            ("mean_claim_secs", json!(18_000.0 / 7.0)),
            // 1, 9, 10 at 7200 s; 2 and 3 at 93 600 s (3 from filing, across its reopening).
            ("mean_resolve_secs", json!(41_760.0)),
            // Sorted 7200, 7200, 7200, 93600, 93600: pos 0.9 × 4 = 3.6, both neighbours 93 600.
            ("p90_resolve_secs", json!(93_600.0)),
            // Response: 2 (claimed late) and 7 (unclaimed past its hour).
            ("response_breached", json!(2)),
            // First response: 2 (first answer at +26 h), 6 and 7 (none yet);
            // 1 and 8 answered exactly at the deadline, which is in time.
            ("first_response_breached", json!(3)),
            // Resolution: 2 (late), 6 and 7 (past +24 h); 8 paused before its deadline.
            ("resolution_breached", json!(3)),
        ],
    );
    // p90 of claims: sorted 1800 × 6, 7200; pos = 0.9 × 6 = 5.4, so
    // 1800 + 0.4 × (7200 − 1800) = 3960, give or take the last bit of 0.4.
    let p90 = row["p90_claim_secs"].as_f64().unwrap();
    assert!((p90 - 3960.0).abs() < 1e-6, "{p90}");
    let claims = [1800, 7200, 1800, 1800, 1800, 1800, 1800];
    assert_eq!(Some(p90), cont(P90, &claims));
}

async fn the_mixed_set_by_department(app: TestApp) {
    let m = mixed(&app).await;
    let rows = summary_rows(&app, &m.d, "supervisor", "group_by=department").await;
    // By name: 人社局 (A), 教育局 (B), then the unrouted.
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_fields(
        &rows[0],
        &[
            ("key", json!(m.d.w.dept_a)),
            ("label", json!("人社局")),
            // 1, 2, 3, 4, 8, 9, 10.
            ("filed", json!(7)),
            ("dispatched", json!(7)),
            ("claimed", json!(6)),
            ("resolved", json!(5)),
            ("closed", json!(4)),
            ("cancelled", json!(1)),
            ("rejected", json!(0)),
            ("returned", json!(1)),
            ("reopened", json!(1)),
            ("open_backlog", json!(1)),
            ("resolution_rate", json!(5.0 / 6.0)),
            ("response_rate", json!(5.0 / 6.0)),
            ("on_time_rate", json!(0.8)),
            ("satisfaction_rate", json!(0.5)),
            ("mean_claim_secs", json!(2700.0)),
            // Sorted 1800 × 5, 7200: pos 0.9 × 5 = 4.5, halfway: 4500.
            ("p90_claim_secs", json!(4500.0)),
            ("mean_resolve_secs", json!(41_760.0)),
            ("p90_resolve_secs", json!(93_600.0)),
            ("response_breached", json!(1)),
            ("first_response_breached", json!(1)),
            ("resolution_breached", json!(1)),
        ],
    );
    assert_fields(
        &rows[1],
        &[
            ("key", json!(m.d.w.dept_b)),
            ("label", json!("教育局")),
            ("filed", json!(1)),
            ("claimed", json!(1)),
            ("resolved", json!(0)),
            ("open_backlog", json!(1)),
            // Nothing resolved of one open ticket: 0, not null.
            ("resolution_rate", json!(0.0)),
            ("response_rate", json!(1.0)),
            // Nothing resolved, nothing rated: unknown.
            ("on_time_rate", Value::Null),
            ("satisfaction_rate", Value::Null),
            ("mean_claim_secs", json!(1800.0)),
            ("p90_claim_secs", json!(1800.0)),
            ("mean_resolve_secs", Value::Null),
            ("p90_resolve_secs", Value::Null),
            ("response_breached", json!(0)),
            ("first_response_breached", json!(1)),
            ("resolution_breached", json!(1)),
        ],
    );
    assert_fields(
        &rows[2],
        &[
            ("key", Value::Null),
            ("label", Value::Null),
            // 5 (rejected) and 7 (waiting for a dispatcher).
            ("filed", json!(2)),
            ("dispatched", json!(0)),
            ("claimed", json!(0)),
            ("rejected", json!(1)),
            ("open_backlog", json!(1)),
            ("resolution_rate", json!(0.0)),
            ("response_rate", Value::Null),
            ("mean_claim_secs", Value::Null),
            ("p90_claim_secs", Value::Null),
            ("response_breached", json!(1)),
            ("first_response_breached", json!(1)),
            ("resolution_breached", json!(1)),
        ],
    );
}

async fn the_mixed_set_by_enterprise_chain_and_category(app: TestApp) {
    let m = mixed(&app).await;
    // ent.a (鑫显光电): 1, 2, 5, 7, 8, 10; ent.b (华为技术): 3, 4, 6, 9.
    let ent_a = [
        ("filed", json!(6)),
        ("resolved", json!(3)),
        ("rejected", json!(1)),
        ("open_backlog", json!(2)),
        ("resolution_rate", json!(0.6)),
        // Claims of 1, 8, 10 in time; 2 late.
        ("response_rate", json!(0.75)),
        ("on_time_rate", json!(2.0 / 3.0)),
        // Ratings 5, 3, 2.
        ("satisfaction_rate", json!(1.0 / 3.0)),
        ("mean_claim_secs", json!(3150.0)),
        ("response_breached", json!(2)),
        ("resolution_breached", json!(2)),
    ];
    let ent_b = [
        ("filed", json!(4)),
        ("resolved", json!(2)),
        ("cancelled", json!(1)),
        ("reopened", json!(1)),
        ("open_backlog", json!(1)),
        ("resolution_rate", json!(2.0 / 3.0)),
        ("response_rate", json!(1.0)),
        ("on_time_rate", json!(1.0)),
        ("satisfaction_rate", json!(1.0)),
        ("mean_claim_secs", json!(1800.0)),
        ("p90_claim_secs", json!(1800.0)),
        ("response_breached", json!(0)),
        ("first_response_breached", json!(1)),
        ("resolution_breached", json!(1)),
    ];
    let rows = summary_rows(&app, &m.d, "supervisor", "group_by=enterprise").await;
    assert_eq!(rows.len(), 2);
    // Labels sort by code point: 华 (U+534E) before 鑫 (U+946B).
    assert_eq!(rows[0]["label"], "华为技术");
    assert_eq!(rows[0]["key"], m.d.w.ent_b.as_str());
    assert_fields(&rows[0], &ent_b);
    assert_eq!(rows[1]["label"], "鑫显光电");
    assert_fields(&rows[1], &ent_a);
    // p90 of ent.a's claims 1800, 1800, 1800, 7200: pos 2.7, so 1800 + 0.7 × 5400.
    let p90 = rows[1]["p90_claim_secs"].as_f64().unwrap();
    assert!((p90 - 5580.0).abs() < 1e-6, "{p90}");

    // ent.a is in the chain, ent.b in none: the same two groups.
    let rows = summary_rows(&app, &m.d, "supervisor", "group_by=chain").await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["key"], m.chain.as_str());
    assert_eq!(rows[0]["label"], CHAIN_NAME);
    assert_fields(&rows[0], &ent_a);
    assert_eq!(rows[1]["key"], Value::Null);
    assert_fields(&rows[1], &ent_b);

    // Category, by name: 子女入学 (schooling) before 招工用工 (hiring).
    let rows = summary_rows(&app, &m.d, "supervisor", "group_by=category").await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["key"], "schooling");
    assert_eq!(rows[0]["label"], "子女入学");
    assert_fields(
        &rows[0],
        &[
            ("filed", json!(3)),
            ("resolved", json!(0)),
            ("rejected", json!(1)),
            ("resolution_rate", json!(0.0)),
        ],
    );
    // Hiring is department A's set.
    assert_eq!(rows[1]["key"], "hiring");
    assert_fields(&rows[1], &[("filed", json!(7)), ("resolved", json!(5))]);
    // Service items: the auto item holds every hiring ticket; schooling
    // tickets were filed without one.
    let rows = summary_rows(&app, &m.d, "supervisor", "group_by=service_item").await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["key"], m.d.item_auto.as_str());
    assert_eq!(rows[0]["label"], "专场招聘会对接");
    assert_eq!(rows[0]["filed"], 7);
    assert_eq!(rows[1]["key"], Value::Null);
    assert_eq!(rows[1]["filed"], 3);

    // Filters narrow the set.
    let rows = summary_rows(&app, &m.d, "supervisor", "category=schooling").await;
    assert_eq!(rows[0]["filed"], 3);
    let query = format!("department_id={}", m.d.w.dept_b);
    let rows = summary_rows(&app, &m.d, "dispatcher", &query).await;
    assert_eq!(rows[0]["filed"], 1);
}

/// Four tickets around the week and month boundaries. In UTC the second
/// would fall on Sunday 28 June and the third in June; in Beijing time
/// (UTC+8), where the report cuts, they fall on Monday 29 June and on
/// 1 July.
async fn weeks_and_months_are_cut_in_beijing_time(app: TestApp) {
    let mut d = desk_at(&app, "2026-06-28T15:30:00Z").await;
    // Sunday 28 June 23:30 in Beijing.
    app.file(&d, "ent.a", schooling("周日")).await;
    // Monday 29 June 00:30 in Beijing.
    app.advance(&mut d, Duration::hours(1)).await;
    app.file(&d, "ent.a", schooling("周一")).await;
    // Wednesday 1 July 00:30 in Beijing.
    app.advance(&mut d, Duration::hours(48)).await;
    app.file(&d, "ent.a", schooling("七月")).await;
    // Monday 6 July 09:00 in Beijing.
    app.advance(&mut d, Duration::minutes(5 * 24 * 60 + 8 * 60 + 30))
        .await;
    app.file(&d, "ent.a", schooling("下周")).await;

    let rows = summary_rows(&app, &d, "supervisor", "group_by=week").await;
    let weeks: Vec<(Value, Value, Value)> = rows
        .iter()
        .map(|r| (r["key"].clone(), r["label"].clone(), r["filed"].clone()))
        .collect();
    assert_eq!(
        weeks,
        [
            (json!("2026-06-22"), json!("2026-W26"), json!(1)),
            (json!("2026-06-29"), json!("2026-W27"), json!(2)),
            (json!("2026-07-06"), json!("2026-W28"), json!(1)),
        ]
    );
    let rows = summary_rows(&app, &d, "supervisor", "group_by=month").await;
    let months: Vec<(Value, Value, Value)> = rows
        .iter()
        .map(|r| (r["key"].clone(), r["label"].clone(), r["filed"].clone()))
        .collect();
    assert_eq!(
        months,
        [
            (json!("2026-06-01"), json!("2026-06"), json!(2)),
            (json!("2026-07-01"), json!("2026-07"), json!(2)),
        ]
    );
}

async fn the_period_is_half_open_and_echoed(app: TestApp) {
    let d = desk_at(&app, "2026-07-01T01:00:00Z").await;
    app.file(&d, "ent.a", schooling("边界")).await;
    // `to` is exclusive, `from` inclusive.
    let before = "from=2026-06-01T00:00:00Z&to=2026-07-01T01:00:00Z";
    let body = report(&app, &d, "supervisor", "summary", before).await;
    assert_eq!(body["rows"][0]["filed"], 0);
    // An empty period still has its total row, with unknown rates.
    assert_fields(
        &body["rows"][0],
        &[
            ("resolution_rate", Value::Null),
            ("mean_claim_secs", Value::Null),
            ("p90_claim_secs", Value::Null),
        ],
    );
    let from = "from=2026-07-01T01:00:00Z&to=2026-07-02T00:00:00Z";
    let body = report(&app, &d, "supervisor", "summary", from).await;
    assert_eq!(body["rows"][0]["filed"], 1);
    assert_eq!(body["from"], "2026-07-01T01:00:00Z");
    assert_eq!(body["to"], "2026-07-02T00:00:00Z");
    assert_eq!(body["group_by"], "none");
    assert_eq!(body["time_zone"], "Asia/Shanghai");
    assert!(body["basis"].as_str().unwrap().contains("[from, to)"));
    // Defaults: to = now, from = 1 January in Beijing.
    let body = report(&app, &d, "supervisor", "summary", "").await;
    assert_eq!(body["from"], "2025-12-31T16:00:00Z");
    assert_eq!(body["to"], "2026-07-01T01:00:00Z");
    assert_eq!(body["generated_at"], "2026-07-01T01:00:00Z");
    // The ticket was filed at `to`: not counted.
    assert_eq!(body["rows"][0]["filed"], 0);
}

async fn bad_queries_answer_400(app: TestApp) {
    let d = desk_at(&app, "2026-07-01T01:00:00Z").await;
    let token = d.token("supervisor");
    for query in [
        "group_by=department,category",
        "group_by=year",
        "from=yesterday",
        "from=2026-07-01T00:00:00Z&to=2026-07-01T00:00:00Z",
        "from=2026-07-02T00:00:00Z&to=2026-07-01T00:00:00Z",
        "department_id=nope",
        "colour=red",
    ] {
        app.get(&format!("/api/v1/reports/summary?{query}"), token)
            .await
            .assert_problem(400, "invalid_query");
    }
    for query in ["limit=0", "limit=201", "cursor=nope"] {
        app.get(&format!("/api/v1/reports/overdue?{query}"), token)
            .await
            .assert_problem(400, "invalid_query");
    }
    app.get("/api/v1/reports/public-summary?to=soon", token)
        .await
        .assert_problem(400, "invalid_query");
}
