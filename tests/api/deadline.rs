//! The promise before filing: `GET /calendars/{id}/deadline` answers what
//! filing would store, the service list and the categories say which
//! calendar and targets apply, and deadlines never fall early.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use serde_json::{Value, json};

use crate::{
    desk::{RESOLUTION_SECS, RESPONSE_SECS, desk, filing},
    helpers::TestApp,
};

crate::both_backends!(
    the_deadline_route_answers_what_filing_stores,
    the_service_list_and_categories_carry_their_promise,
    working_days_and_office_hours_cross_holidays_and_make_up_days,
    bad_deadline_questions_are_refused,
);

fn instant(v: &Value) -> DateTime<Utc> {
    v.as_str().unwrap().parse().unwrap()
}

fn deadline_path(calendar: &str, from: &str, target: &str) -> String {
    format!(
        "/api/v1/calendars/{calendar}/deadline?from={}&{target}",
        from.replace('+', "%2B")
    )
}

async fn the_deadline_route_answers_what_filing_stores(app: TestApp) {
    let d = desk(&app).await;
    // A filing inside a second: the deadline counts from the next whole
    // second, never from the truncated one.
    let whole = Utc::now().trunc_subsecs(0);
    let now = whole + Duration::milliseconds(700);
    app.clock.freeze_at(now);
    let ticket = app.file(&d, "ent.a", filing("招工")).await.body;
    let response_due = instant(&ticket["sla"]["response"]["due_at"]);
    let resolution_due = instant(&ticket["sla"]["resolution"]["due_at"]);
    assert_eq!(response_due, whole + Duration::seconds(1 + RESPONSE_SECS));
    assert_eq!(
        resolution_due,
        whole + Duration::seconds(1 + RESOLUTION_SECS)
    );
    assert!(
        response_due >= now + Duration::seconds(RESPONSE_SECS),
        "never early"
    );

    let item = app
        .get(
            &format!("/api/v1/service-items/{}", d.item_auto),
            d.token("ent.a"),
        )
        .await;
    let calendar = item.assert_status(200)["sla"]["calendar_id"]
        .as_str()
        .unwrap()
        .to_string();
    let from = now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    for (target, due) in [
        (format!("office_secs={RESPONSE_SECS}"), response_due),
        (format!("office_secs={RESOLUTION_SECS}"), resolution_due),
    ] {
        // Every signed-in role reads it.
        for login in ["ent.a", "staff.a", "dispatcher", "supervisor", "admin"] {
            let r = app
                .get(&deadline_path(&calendar, &from, &target), d.token(login))
                .await;
            assert_eq!(instant(&r.assert_status(200)["due_at"]), due, "{login}");
            assert_eq!(instant(&r.body["from"]), now);
        }
    }
    // Without `from`, the server's now.
    let r = app
        .get(
            &format!("/api/v1/calendars/{calendar}/deadline?office_secs={RESPONSE_SECS}"),
            d.token("ent.a"),
        )
        .await;
    assert_eq!(instant(&r.assert_status(200)["due_at"]), response_due);
}

async fn the_service_list_and_categories_carry_their_promise(app: TestApp) {
    let d = desk(&app).await;
    let ent = d.token("ent.a");
    let items = app.get("/api/v1/service-items", ent).await;
    for item in items.assert_status(200)["items"].as_array().unwrap() {
        let sla = &item["sla"];
        assert_eq!(
            sla["sla_policy_id"],
            json!(d.policy),
            "the category's default"
        );
        assert!(sla["calendar_id"].is_string());
        assert_eq!(sla["normal"]["response_target_secs"], json!(RESPONSE_SECS));
        assert_eq!(
            sla["normal"]["resolution_target_secs"],
            json!(RESOLUTION_SECS)
        );
        assert_eq!(sla["normal"]["resolution_target_working_days"], Value::Null);
        assert_eq!(sla["urgent"]["resolution_target_secs"], json!(3600));
    }
    let cats = app.get("/api/v1/categories", ent).await;
    for cat in cats.assert_status(200)["items"].as_array().unwrap() {
        assert_eq!(cat["sla"]["sla_policy_id"], json!(d.policy));
    }
    let one = app.get("/api/v1/categories/hiring", ent).await;
    assert_eq!(
        one.assert_status(200)["sla"]["sla_policy_id"],
        json!(d.policy)
    );

    // An item's own policy comes first; an inactive one is skipped, as in filing.
    let calendar = items.body["items"][0]["sla"]["calendar_id"].clone();
    let policy = |active: bool| {
        json!({"name": "ten working days", "calendar_id": calendar, "warn_ratio": 0.8,
               "response_target_working_days": 1, "resolution_target_working_days": 10,
               "urgent": {"response_target_secs": 600, "resolution_target_working_days": 3},
               "active": active})
    };
    let own = app
        .post("/api/v1/sla-policies", &d.w.admin, policy(true))
        .await
        .id();
    let path = format!("/api/v1/service-items/{}", d.item_manual);
    app.patch(&path, &d.w.admin, json!({"sla_policy_id": own}))
        .await
        .assert_status(200);
    let item = app.get(&path, ent).await;
    let sla = &item.assert_status(200)["sla"];
    assert_eq!(sla["sla_policy_id"], json!(own));
    assert_eq!(sla["normal"]["resolution_target_working_days"], json!(10));
    assert_eq!(sla["urgent"]["resolution_target_working_days"], json!(3));
    app.put(
        &format!("/api/v1/sla-policies/{own}"),
        &d.w.admin,
        policy(false),
    )
    .await
    .assert_status(200);
    let item = app.get(&path, ent).await;
    assert_eq!(
        item.assert_status(200)["sla"]["sla_policy_id"],
        json!(d.policy)
    );
}

const OFFICE_DAY: [[&str; 2]; 2] = [["09:00", "12:00"], ["13:30", "17:30"]];

async fn working_days_and_office_hours_cross_holidays_and_make_up_days(app: TestApp) {
    let admin = app.admin().await;
    let calendar = app
        .post(
            "/api/v1/calendars",
            &admin,
            json!({
                "name": "区政务服务中心",
                "weekly_hours": {"mon": OFFICE_DAY, "tue": OFFICE_DAY, "wed": OFFICE_DAY,
                                 "thu": OFFICE_DAY, "fri": OFFICE_DAY},
                "holidays": [{"date": "2026-10-01"}, {"date": "2026-10-02"}],
                "make_up_days": [{"date": "2026-09-27"}],
            }),
        )
        .await
        .id();
    app.post(
        "/api/v1/users",
        &admin,
        json!({"login": "dispatcher", "password": "password-123", "role": "dispatcher"}),
    )
    .await
    .assert_status(201);
    let token = app.token("dispatcher", "password-123").await;
    for (from, target, due) in [
        // Friday evening: the make-up Sunday is the first working day.
        (
            "2026-09-25T18:00:00+08:00",
            "working_days=1",
            "2026-09-27T09:30:00Z",
        ),
        // Across the National Day holidays and the weekend after them.
        (
            "2026-09-28T10:00:00+08:00",
            "working_days=4",
            "2026-10-06T09:30:00Z",
        ),
        // An hour of office time over lunch, from inside a second.
        (
            "2026-09-30T11:30:00.250+08:00",
            "office_secs=3600",
            "2026-09-30T06:00:01Z",
        ),
        // Before the holidays, on into the next working day.
        (
            "2026-09-30T17:00:00+08:00",
            "office_secs=3600",
            "2026-10-05T01:30:00Z",
        ),
        // A past instant is answered the same way.
        (
            "2020-01-03T09:00:00+08:00",
            "office_secs=60",
            "2020-01-03T01:01:00Z",
        ),
    ] {
        let r = app
            .get(&deadline_path(&calendar, from, target), &token)
            .await;
        assert_eq!(
            instant(&r.assert_status(200)["due_at"]),
            due.parse::<DateTime<Utc>>().unwrap(),
            "{from} + {target}"
        );
    }
}

async fn bad_deadline_questions_are_refused(app: TestApp) {
    let d = desk(&app).await;
    let ent = d.token("ent.a");
    let item = app
        .get(&format!("/api/v1/service-items/{}", d.item_auto), ent)
        .await;
    let calendar = item.body["sla"]["calendar_id"]
        .as_str()
        .unwrap()
        .to_string();
    let base = format!("/api/v1/calendars/{calendar}/deadline");
    for (query, field) in [
        ("", "office_secs"),
        ("?office_secs=60&working_days=1", "office_secs"),
        ("?office_secs=0", "office_secs"),
        ("?working_days=0", "working_days"),
        ("?working_days=367", "working_days"),
        ("?from=yesterday&office_secs=60", "from"),
    ] {
        let r = app.get(&format!("{base}{query}"), ent).await;
        r.assert_problem(422, "validation_failed");
        assert!(r.body["errors"][field].is_string(), "{query}: {}", r.text);
    }
    app.get(&format!("{base}?office_secs=x"), ent)
        .await
        .assert_problem(400, "invalid_query");
    app.get(&format!("{base}?days=1"), ent)
        .await
        .assert_problem(400, "invalid_query");
    app.get(
        &format!(
            "/api/v1/calendars/{}/deadline?office_secs=60",
            uuid::Uuid::now_v7()
        ),
        ent,
    )
    .await
    .assert_problem(404, "not_found");
    let r = app
        .client
        .get(format!("{}{base}?office_secs=60", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}
