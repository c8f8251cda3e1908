//! Figures per person: the summary grouped by assignee, for supervisors and
//! administrators only (see `report_fixture` for what happens to each
//! ticket of the mixed set).

use serde_json::{Value, json};

use crate::{
    helpers::TestApp,
    report_fixture::{PERIOD, assert_fields, mixed, report, summary_rows},
};

crate::both_backends!(
    the_mixed_set_by_assignee,
    only_supervisors_and_admins_see_figures_per_person,
);

/// The id of the user signed in with `token`.
async fn user_id(app: &TestApp, token: &str) -> String {
    app.get("/api/v1/me", token).await.id()
}

async fn the_mixed_set_by_assignee(app: TestApp) {
    let m = mixed(&app).await;
    let staff_a = user_id(&app, m.d.token("staff.a")).await;
    let staff_b = user_id(&app, m.d.token("staff.b")).await;
    // staff.a has a display name; staff.b has none, so is named by login.
    app.patch(
        &format!("/api/v1/users/{staff_a}"),
        &m.d.w.admin,
        json!({"display_name": "张三"}),
    )
    .await
    .assert_status(200);

    let rows = summary_rows(&app, &m.d, "supervisor", "group_by=assignee").await;
    // By label: "staff.b" (s, U+0073) before 张 (U+5F20); then the unclaimed.
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_fields(
        &rows[0],
        &[
            ("key", json!(staff_b)),
            ("label", json!("staff.b")),
            // 6: claimed in time, nothing more.
            ("filed", json!(1)),
            ("claimed", json!(1)),
            ("resolved", json!(0)),
            ("open_backlog", json!(1)),
            ("response_rate", json!(1.0)),
            ("mean_claim_secs", json!(1800.0)),
            ("resolution_breached", json!(1)),
        ],
    );
    assert_fields(
        &rows[1],
        &[
            ("key", json!(staff_a)),
            ("label", json!("张三")),
            // 1, 2, 3, 8, 9, 10: department A's tickets but the cancelled 4.
            ("filed", json!(6)),
            ("dispatched", json!(6)),
            ("claimed", json!(6)),
            ("resolved", json!(5)),
            ("closed", json!(4)),
            ("cancelled", json!(0)),
            ("returned", json!(1)),
            ("reopened", json!(1)),
            ("open_backlog", json!(1)),
            ("resolution_rate", json!(5.0 / 6.0)),
            ("response_rate", json!(5.0 / 6.0)),
            ("on_time_rate", json!(0.8)),
            ("satisfaction_rate", json!(0.5)),
            ("mean_claim_secs", json!(2700.0)),
            ("p90_claim_secs", json!(4500.0)),
            ("mean_resolve_secs", json!(41_760.0)),
            ("response_breached", json!(1)),
            ("resolution_breached", json!(1)),
        ],
    );
    assert_fields(
        &rows[2],
        &[
            ("key", Value::Null),
            ("label", Value::Null),
            // 4 (cancelled), 5 (rejected), 7 (never dispatched).
            ("filed", json!(3)),
            ("claimed", json!(0)),
            ("cancelled", json!(1)),
            ("rejected", json!(1)),
            ("open_backlog", json!(1)),
        ],
    );
    // The figures add up to the total row's.
    let total = summary_rows(&app, &m.d, "supervisor", "").await;
    let filed: i64 = rows.iter().map(|r| r["filed"].as_i64().unwrap()).sum();
    assert_eq!(json!(filed), total[0]["filed"]);

    // Filters apply as to any grouping: department B's tickets are staff.b's.
    let query = format!("group_by=assignee&department_id={}", m.d.w.dept_b);
    let rows = summary_rows(&app, &m.d, "admin", &query).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["label"], "staff.b");

    // The overdue list names who holds each ticket: 6 is staff.b's, 7 nobody's.
    let overdue = report(&app, &m.d, "supervisor", "overdue", "").await;
    let holder = |n: usize| {
        overdue["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == m.id(n))
            .map(|t| t["assignee_name"].clone())
    };
    assert_eq!(holder(6), Some(json!("staff.b")), "{overdue}");
    assert_eq!(holder(7), Some(Value::Null), "{overdue}");

    // The CSV names the person too.
    let resp = app
        .client
        .get(format!(
            "{}/api/v1/reports/summary?{PERIOD}&group_by=assignee",
            app.base
        ))
        .bearer_auth(m.d.token("supervisor"))
        .header("Accept", "text/csv")
        .send()
        .await
        .unwrap();
    let csv = TestApp::read(resp).await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.text.contains(&format!("{staff_a},张三,6,")),
        "{}",
        csv.text
    );
}

async fn only_supervisors_and_admins_see_figures_per_person(app: TestApp) {
    let m = mixed(&app).await;
    let query = format!("{PERIOD}&group_by=assignee");
    for login in ["dispatcher", "staff.a", "staff.b", "ent.a"] {
        app.get(
            &format!("/api/v1/reports/summary?{query}"),
            m.d.token(login),
        )
        .await
        .assert_problem(403, "forbidden");
    }
    for login in ["supervisor", "admin"] {
        app.get(
            &format!("/api/v1/reports/summary?{query}"),
            m.d.token(login),
        )
        .await
        .assert_status(200);
    }
    // Staff still read their own department's figures by any other group.
    let rows = summary_rows(&app, &m.d, "staff.b", "group_by=department").await;
    assert_eq!(rows.len(), 1);
}
