//! Issue 14, items 4–6 through the API: a dissatisfied rating goes to the
//! dispatcher desk's review (close or redo, counted per department), a
//! duplicate is merged (and counted apart in the summary), an urge carries
//! a reply deadline that the department answers (listed and counted while
//! unanswered), and the SLA job urges on a red card when told to.

use chrono::Duration;
use huying::{
    clock::Clock,
    jobs::sla::{SlaJobConfig, tick},
};
use serde_json::{Value, json};

use crate::{
    desk::{body_for, desk, filing},
    helpers::TestApp,
    report_fixture::report,
    ticket_matrix::ticket_in,
};

crate::both_backends!(
    a_dissatisfied_rating_is_reviewed_then_closed_or_redone,
    duplicates_merge_into_an_open_ticket_of_the_same_enterprise,
    an_urge_awaits_its_answer_and_is_listed_until_then,
    a_red_card_urges_when_the_settings_say_so,
);

fn row<'a>(rows: &'a [Value], key: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["key"] == key)
        .unwrap_or_else(|| panic!("no row {key} in {rows:?}"))
}

async fn a_dissatisfied_rating_is_reviewed_then_closed_or_redone(app: TestApp) {
    let d = desk(&app).await;
    let redone = ticket_in(&app, &d, "under_review").await;
    let t = app.ticket(&d, &redone).await;
    assert_eq!(t["rating"], 1);
    assert_eq!(t["closed_at"], Value::Null);
    // The dispatcher desk hears of it.
    let told = app
        .get("/api/v1/notifications", d.token("dispatcher"))
        .await;
    assert!(
        told.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["ticket_id"] == redone.as_str() && n["kind"] == "confirm"),
        "{}",
        told.text
    );
    // Redone by department B, on a new resolution clock.
    let before_due = t["sla"]["resolution"]["due_at"].clone();
    app.clock.advance(Duration::minutes(10));
    let r = app
        .act(
            &d,
            "dispatcher",
            &redone,
            "redo",
            json!({"reason": "企业不满意，换部门重办", "department_id": d.w.dept_b}),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["status"], "dispatched");
    assert_eq!(r.body["department_id"], d.w.dept_b.as_str());
    assert_eq!(r.body["assignee_id"], Value::Null);
    assert_eq!(r.body["redo_count"], 1);
    assert_eq!(r.body["resolved_at"], Value::Null);
    assert_ne!(r.body["sla"]["resolution"]["due_at"], before_due);
    // An unknown department is refused, and nothing changes.
    let other = ticket_in(&app, &d, "under_review").await;
    app.act(
        &d,
        "dispatcher",
        &other,
        "redo",
        json!({"reason": "重办", "department_id": uuid::Uuid::nil()}),
    )
    .await
    .assert_problem(422, "validation_failed");
    // The other is closed with a note.
    let r = app
        .act(&d, "dispatcher", &other, "close", body_for("close", &d))
        .await;
    r.assert_status(200);
    assert_eq!(r.body["status"], "closed");
    let kinds = app.event_kinds(&d, "ent.a", &other).await;
    assert!(
        kinds.ends_with(&["confirm".into(), "close".into()]),
        "{kinds:?}"
    );
    // Redos per department: B holds the redone ticket.
    let rows = report(
        &app,
        &d,
        "supervisor",
        "summary",
        &format!("{}&group_by=department", PERIOD_NOW),
    )
    .await["rows"]
        .as_array()
        .unwrap()
        .clone();
    let b = row(&rows, &d.w.dept_b);
    assert_eq!(
        (b["redone"].clone(), b["redos"].clone()),
        (json!(1), json!(1))
    );
    let a = row(&rows, &d.w.dept_a);
    assert_eq!(a["redone"], 0);
    assert_eq!(a["closed"], 1);
}

/// A period around the desk's frozen clock (now).
const PERIOD_NOW: &str = "from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z";

async fn duplicates_merge_into_an_open_ticket_of_the_same_enterprise(app: TestApp) {
    let d = desk(&app).await;
    let original = app.file(&d, "ent.a", filing("招工原单")).await;
    let (original_id, number) = (
        original.id(),
        original.body["number"].as_str().unwrap().to_string(),
    );
    let duplicate = app.file(&d, "ent.a", filing("招工重复")).await.id();
    let theirs = app.file(&d, "ent.b", filing("别家的单")).await.id();
    let ended = ticket_in(&app, &d, "cancelled").await;
    let merge = |into: &str| json!({"into_ticket_id": into, "reason": "重复提交"});
    for (into, status, code) in [
        (duplicate.as_str(), 422, "validation_failed"),
        (theirs.as_str(), 409, "merge_across_enterprises"),
        (ended.as_str(), 409, "merge_target_final"),
        (
            "00000000-0000-0000-0000-000000000000",
            422,
            "validation_failed",
        ),
    ] {
        app.act(&d, "dispatcher", &duplicate, "merge", merge(into))
            .await
            .assert_problem(status, code);
    }
    // Only a dispatcher merges.
    app.act(&d, "supervisor", &duplicate, "merge", merge(&original_id))
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(app.ticket(&d, &duplicate).await["version"], 1);
    let r = app
        .act(&d, "dispatcher", &duplicate, "merge", merge(&original_id))
        .await;
    r.assert_status(200);
    assert_eq!(r.body["status"], "merged");
    // The enterprise sees where it went, and follows that one.
    let seen = app
        .get(&format!("/api/v1/tickets/{duplicate}"), d.token("ent.a"))
        .await;
    assert_eq!(
        seen.body["merged_into"],
        json!({"id": original_id, "number": number})
    );
    assert_eq!(seen.body["allowed_actions"], json!([]));
    assert!(
        app.event_kinds(&d, "ent.a", &duplicate)
            .await
            .contains(&"merge".to_string())
    );
    assert_eq!(
        app.ticket(&d, &original_id).await["merged_into"],
        Value::Null
    );
    // Merged is final: nothing merges into it, and it merges no further.
    app.act(&d, "dispatcher", &original_id, "merge", merge(&duplicate))
        .await
        .assert_problem(409, "merge_target_final");
    app.act(&d, "dispatcher", &duplicate, "merge", merge(&original_id))
        .await
        .assert_problem(409, "invalid_transition");
    // The summary counts it as merged, and in no other figure.
    let total = &report(&app, &d, "supervisor", "summary", PERIOD_NOW).await["rows"][0];
    assert_eq!(total["merged"], 1);
    // Filed: the original, ent.b's, the cancelled one (not the duplicate).
    assert_eq!(total["filed"], 3);
    assert_eq!(total["cancelled"], 1);
    assert_eq!(total["open_backlog"], 2);
}

async fn an_urge_awaits_its_answer_and_is_listed_until_then(app: TestApp) {
    let mut d = desk(&app).await;
    let id = ticket_in(&app, &d, "in_progress").await;
    let plain = ticket_in(&app, &d, "dispatched").await;
    for days in [0, 31] {
        app.act(
            &d,
            "supervisor",
            &id,
            "urge",
            json!({"reason": "请加快", "reply_within_days": days}),
        )
        .await
        .assert_problem(422, "validation_failed");
    }
    let r = app
        .act(
            &d,
            "supervisor",
            &id,
            "urge",
            json!({"reason": "企业多次来电，请加快", "reply_within_days": 2}),
        )
        .await;
    r.assert_status(200);
    let due = r.body["urge_reply_due_at"].as_str().unwrap().to_string();
    assert!(
        app.get(&format!("/api/v1/tickets/{id}"), d.token("staff.a"))
            .await
            .body["allowed_actions"]
            .as_array()
            .unwrap()
            .contains(&json!("urge_reply"))
    );
    // Listed for supervisors; not yet overdue.
    let list = report(&app, &d, "supervisor", "urges", "").await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], id.as_str());
    assert_eq!(items[0]["reply_due_at"], due.as_str());
    assert_eq!(items[0]["overdue"], false);
    assert!(
        report(&app, &d, "supervisor", "urges", "overdue=true").await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Staff of another department see nothing; enterprises may not look.
    let theirs = report(&app, &d, "staff.b", "urges", "").await;
    assert!(theirs["items"].as_array().unwrap().is_empty());
    app.get("/api/v1/reports/urges", d.token("ent.a"))
        .await
        .assert_problem(403, "forbidden");
    // Three days on, unanswered: overdue, and counted.
    app.advance(&mut d, Duration::days(3)).await;
    let overdue = report(&app, &d, "supervisor", "urges", "overdue=true").await;
    assert_eq!(overdue["items"][0]["id"], id.as_str());
    let total = &report(&app, &d, "supervisor", "summary", PERIOD_NOW).await["rows"][0];
    assert_eq!(
        (total["urges"].clone(), total["urges_unanswered"].clone()),
        (json!(1), json!(1))
    );
    // Nothing pending on the other ticket: nothing to answer.
    app.act(
        &d,
        "staff.a",
        &plain,
        "urge-reply",
        body_for("urge-reply", &d),
    )
    .await
    .assert_problem(409, "no_pending_urge");
    // The assignee answers, publicly: the enterprise reads it as a comment.
    let r = app
        .act(
            &d,
            "staff.a",
            &id,
            "urge-reply",
            json!({"message": "已加派人手，明日办结"}),
        )
        .await;
    r.assert_status(200);
    assert_eq!(r.body["status"], "in_progress");
    assert_eq!(r.body["urge_reply_due_at"], Value::Null);
    let kinds = app.event_kinds(&d, "ent.a", &id).await;
    assert!(kinds.contains(&"comment".to_string()), "{kinds:?}");
    assert!(!kinds.contains(&"urge_reply".to_string()), "{kinds:?}");
    let all = app.event_kinds(&d, "supervisor", &id).await;
    assert!(all.contains(&"urge_reply".to_string()), "{all:?}");
    let comments = app
        .get(&format!("/api/v1/tickets/{id}/comments"), d.token("ent.a"))
        .await;
    assert!(comments.text.contains("已加派人手"), "{}", comments.text);
    // The supervisors hear the answer.
    let told = app
        .get("/api/v1/notifications", d.token("supervisor"))
        .await;
    assert!(told.text.contains("urge_reply"), "{}", told.text);
    // Answered: off the list, not counted, and not answerable again.
    assert!(
        report(&app, &d, "supervisor", "urges", "").await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let total = &report(&app, &d, "supervisor", "summary", PERIOD_NOW).await["rows"][0];
    assert_eq!(total["urges_unanswered"], 0);
    app.act(&d, "staff.a", &id, "urge-reply", body_for("urge-reply", &d))
        .await
        .assert_problem(409, "no_pending_urge");
    // An internal answer stays on the service side.
    app.act(&d, "supervisor", &id, "urge", body_for("urge", &d))
        .await
        .assert_status(200);
    app.act(
        &d,
        "staff.a",
        &id,
        "urge-reply",
        json!({"message": "内部说明：等待财政拨款", "internal": true}),
    )
    .await
    .assert_status(200);
    let comments = app
        .get(&format!("/api/v1/tickets/{id}/comments"), d.token("ent.a"))
        .await;
    assert!(!comments.text.contains("等待财政拨款"), "{}", comments.text);
}

async fn a_red_card_urges_when_the_settings_say_so(app: TestApp) {
    let mut d = desk(&app).await;
    let id = ticket_in(&app, &d, "in_progress").await;
    app.advance(&mut d, Duration::hours(25)).await;
    // Off by default: the red card alone.
    let off = tick(&app.db, &SlaJobConfig::default(), app.clock.now())
        .await
        .unwrap();
    assert!(off.breaches >= 1);
    assert_eq!(off.auto_urged, 0);
    assert_eq!(app.ticket(&d, &id).await["urge_count"], 0);
    // On: the next red card of the resolution clock urges too. A redo
    // starts a new round; here a fresh ticket shows its first card.
    let next = ticket_in(&app, &d, "in_progress").await;
    app.advance(&mut d, Duration::hours(25)).await;
    let config = SlaJobConfig {
        auto_urge: huying::domain::ticket::UrgeDays::new(2).ok(),
        ..SlaJobConfig::default()
    };
    let on = tick(&app.db, &config, app.clock.now()).await.unwrap();
    assert_eq!(on.auto_urged, 1);
    let t = app.ticket(&d, &next).await;
    assert_eq!(t["urge_count"], 1);
    assert!(t["urge_reply_due_at"].is_string());
    let events = app
        .get(
            &format!("/api/v1/tickets/{next}/events?limit=200"),
            d.token("supervisor"),
        )
        .await;
    let urge = events.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "urge")
        .cloned()
        .unwrap();
    assert_eq!(urge["payload"]["automatic"], true);
    assert_eq!(urge["actor_id"], Value::Null);
    // Once per card: another tick urges nothing more.
    let again = tick(&app.db, &config, app.clock.now()).await.unwrap();
    assert_eq!(again.auto_urged, 0);
}
