//! The transition matrix — every action from every status by every role,
//! with the exact answer and no change on refusal — and the scoping
//! matrix: out of scope is 404 everywhere, and absent from lists.

use serde_json::{Value, json};

use crate::{
    desk::{ACTIONS, Desk, body_for, body_in, desk, filing},
    helpers::TestApp,
};

crate::both_backends!(
    every_action_from_every_status_by_every_role,
    out_of_scope_tickets_do_not_exist_for_the_caller,
    only_the_assignee_works_a_claimed_ticket,
);

pub const STATUSES: [&str; 11] = [
    "submitted",
    "dispatched",
    "in_progress",
    "awaiting_enterprise",
    "escalated",
    "resolved",
    "closed",
    "rejected",
    "cancelled",
    "under_review",
    "merged",
];

/// Caller per role, each in scope of the desk's tickets where a role can be.
pub const CALLERS: [(&str, &str); 5] = [
    ("ent.a", "enterprise"),
    ("staff.a", "staff"),
    ("dispatcher", "dispatcher"),
    ("supervisor", "supervisor"),
    ("admin", "admin"),
];

/// The diagram: (action, from) → to, for the one role that may act.
fn allowed<'a>(action: &str, from: &'a str) -> Option<(&'static str, &'a str)> {
    let (role, to): (&str, &str) = match (action, from) {
        ("dispatch", "submitted" | "dispatched" | "escalated") => ("dispatcher", "dispatched"),
        ("claim", "dispatched") => ("staff", "in_progress"),
        ("return", "dispatched") => ("staff", "submitted"),
        ("reject", "submitted" | "escalated") => ("dispatcher", "rejected"),
        ("cancel", "submitted" | "dispatched") => ("enterprise", "cancelled"),
        ("request-info", "in_progress") => ("staff", "awaiting_enterprise"),
        ("reply", "awaiting_enterprise") => ("enterprise", "in_progress"),
        ("escalate", "in_progress") => ("staff", "escalated"),
        ("resolve", "in_progress") => ("staff", "resolved"),
        ("confirm", "resolved") => ("enterprise", "closed"),
        ("reopen", "resolved") => ("enterprise", "in_progress"),
        ("urge", "submitted") => ("supervisor", "submitted"),
        ("urge", "dispatched") => ("supervisor", "dispatched"),
        ("urge", "in_progress") => ("supervisor", "in_progress"),
        ("urge", "awaiting_enterprise") => ("supervisor", "awaiting_enterprise"),
        ("urge", "escalated") => ("supervisor", "escalated"),
        ("close", "under_review") => ("dispatcher", "closed"),
        ("redo", "under_review") => ("dispatcher", "dispatched"),
        (
            "merge",
            "submitted"
            | "dispatched"
            | "in_progress"
            | "awaiting_enterprise"
            | "escalated"
            | "resolved"
            | "under_review",
        ) => ("dispatcher", "merged"),
        // Only with an urge pending (see the matrix).
        (
            "urge-reply",
            s @ ("dispatched" | "in_progress" | "awaiting_enterprise" | "escalated"),
        ) => ("staff", s),
        _ => return None,
    };
    Some((role, to))
}

fn role_of_action(action: &str) -> &'static str {
    match action {
        "dispatch" | "reject" | "close" | "redo" | "merge" => "dispatcher",
        "claim" | "return" | "request-info" | "escalate" | "resolve" | "urge-reply" => "staff",
        "cancel" | "reply" | "confirm" | "reopen" => "enterprise",
        _ => "supervisor",
    }
}

/// Staff of department A see a ticket only while it is routed there.
pub fn visible(role: &str, status: &str) -> bool {
    role != "staff" || !matches!(status, "submitted" | "rejected" | "merged")
}

/// A fresh ticket of enterprise A brought to `status` through the API.
pub async fn ticket_in(app: &TestApp, d: &Desk, status: &str) -> String {
    let id = app
        .file(d, "ent.a", filing(&format!("矩阵 {status}")))
        .await
        .id();
    if status == "merged" {
        let body = body_in(app, d, "merge").await;
        app.act(d, "dispatcher", &id, "merge", body)
            .await
            .assert_status(200);
        assert_eq!(app.ticket(d, &id).await["status"], status);
        return id;
    }
    let steps: &[(&str, &str)] = match status {
        "submitted" => &[],
        "dispatched" => &[("dispatcher", "dispatch")],
        "in_progress" => &[("dispatcher", "dispatch"), ("staff.a", "claim")],
        "awaiting_enterprise" => &[
            ("dispatcher", "dispatch"),
            ("staff.a", "claim"),
            ("staff.a", "request-info"),
        ],
        "escalated" => &[
            ("dispatcher", "dispatch"),
            ("staff.a", "claim"),
            ("staff.a", "escalate"),
        ],
        "resolved" => &[
            ("dispatcher", "dispatch"),
            ("staff.a", "claim"),
            ("staff.a", "resolve"),
        ],
        "closed" => &[
            ("dispatcher", "dispatch"),
            ("staff.a", "claim"),
            ("staff.a", "resolve"),
            ("ent.a", "confirm"),
        ],
        "rejected" => &[("dispatcher", "reject")],
        "cancelled" => &[("dispatcher", "dispatch"), ("ent.a", "cancel")],
        "under_review" => &[
            ("dispatcher", "dispatch"),
            ("staff.a", "claim"),
            ("staff.a", "resolve"),
            ("ent.a", "confirm-dissatisfied"),
        ],
        other => panic!("no such status {other}"),
    };
    for (login, action) in steps {
        let (action, body) = match *action {
            // 不满意: one star sends it to the dispatcher desk's review.
            "confirm-dissatisfied" => ("confirm", json!({"rating": 1, "feedback": "没解决"})),
            a => (a, body_for(a, d)),
        };
        app.act(d, login, &id, action, body)
            .await
            .assert_status(200);
    }
    assert_eq!(app.ticket(d, &id).await["status"], status);
    id
}

async fn snapshot(app: &TestApp, d: &Desk, id: &str) -> (Value, usize) {
    let t = app.ticket(d, id).await;
    let events = app.event_kinds(d, "admin", id).await.len();
    (
        json!([
            t["status"],
            t["version"],
            t["assignee_id"],
            t["department_id"]
        ]),
        events,
    )
}

async fn every_action_from_every_status_by_every_role(app: TestApp) {
    let d = desk(&app).await;
    let mut checked = 0;
    for status in STATUSES {
        let shared = ticket_in(&app, &d, status).await;
        let before = snapshot(&app, &d, &shared).await;
        for action in ACTIONS {
            for (login, role) in CALLERS {
                let allowed_here = allowed(action, status).filter(|(r, _)| *r == role);
                let expected = if !visible(role, status) {
                    404
                } else if role != role_of_action(action) {
                    403
                } else if allowed_here.is_none() {
                    409
                } else {
                    200
                };
                if expected == 200 && action == "urge-reply" {
                    // Without an urge pending there is nothing to answer.
                    app.act(&d, login, &shared, action, body_for(action, &d))
                        .await
                        .assert_problem(409, "no_pending_urge");
                }
                if expected == 200 {
                    // A success changes the ticket: use a fresh one.
                    let (_, to) = allowed_here.unwrap();
                    let fresh = ticket_in(&app, &d, status).await;
                    if action == "urge-reply" {
                        app.act(&d, "supervisor", &fresh, "urge", body_for("urge", &d))
                            .await
                            .assert_status(200);
                    }
                    let body = body_in(&app, &d, action).await;
                    let r = app.act(&d, login, &fresh, action, body).await;
                    assert_eq!(
                        r.status, 200,
                        "{action} from {status} by {role}: {}",
                        r.text
                    );
                    assert_eq!(r.body["status"], to, "{action} from {status}");
                    let kinds = app.event_kinds(&d, "admin", &fresh).await;
                    let wanted = action.replace('-', "_");
                    assert!(kinds.contains(&wanted), "{action}: {kinds:?}");
                } else {
                    let r = app
                        .act(&d, login, &shared, action, body_for(action, &d))
                        .await;
                    let code = match expected {
                        404 => "not_found",
                        403 => "forbidden",
                        _ => "invalid_transition",
                    };
                    assert_eq!(
                        r.status, expected,
                        "{action} from {status} by {role}: {}",
                        r.text
                    );
                    r.assert_problem(expected, code);
                    if expected == 409 {
                        assert_eq!(r.body["current_status"], status);
                    }
                }
                checked += 1;
            }
        }
        assert_eq!(
            snapshot(&app, &d, &shared).await,
            before,
            "refusals changed the {status} ticket"
        );
    }
    assert_eq!(checked, STATUSES.len() * ACTIONS.len() * CALLERS.len());
}

async fn out_of_scope_tickets_do_not_exist_for_the_caller(app: TestApp) {
    let d = desk(&app).await;
    // Routed to department A, claimed: in scope of ent.a and staff.a only.
    let id = ticket_in(&app, &d, "in_progress").await;
    let submitted = ticket_in(&app, &d, "submitted").await;
    for (login, tickets) in [
        ("ent.b", vec![&id, &submitted]),
        ("staff.b", vec![&id, &submitted]),
        ("staff.a", vec![&submitted]),
    ] {
        for t in tickets {
            for path in ["", "/events", "/comments"] {
                app.get(&format!("/api/v1/tickets/{t}{path}"), d.token(login))
                    .await
                    .assert_problem(404, "not_found");
            }
            app.post(
                &format!("/api/v1/tickets/{t}/comments"),
                d.token(login),
                json!({"body": "看看"}),
            )
            .await
            .assert_problem(404, "not_found");
            for action in ACTIONS {
                let r = app.act(&d, login, t, action, body_for(action, &d)).await;
                r.assert_problem(404, "not_found");
            }
            let lists = [
                "/api/v1/tickets?limit=200".to_string(),
                format!("/api/v1/tickets?q={}", "矩阵"),
                "/api/v1/tickets?sort=deadline".to_string(),
                format!("/api/v1/tickets?enterprise_id={}", d.w.ent_a),
            ];
            for list in lists {
                let r = app.get(&list, d.token(login)).await;
                r.assert_status(200);
                assert!(!r.text.contains(t.as_str()), "{login} lists {t} at {list}");
            }
        }
    }
    // Nothing changed for anyone who looked.
    let t = app.ticket(&d, &id).await;
    assert_eq!(t["version"], 3);
    // In-scope callers see it, in their lists too.
    for login in ["ent.a", "staff.a", "dispatcher", "supervisor", "admin"] {
        let r = app.get("/api/v1/tickets", d.token(login)).await;
        assert!(r.text.contains(id.as_str()), "{login}");
    }
}

async fn only_the_assignee_works_a_claimed_ticket(app: TestApp) {
    let d = desk(&app).await;
    app.post(
        "/api/v1/users",
        &d.w.admin,
        json!({"login": "staff.a2", "password": "password-123", "role": "staff",
               "department_id": d.w.dept_a}),
    )
    .await
    .assert_status(201);
    let colleague = app.token("staff.a2", "password-123").await;
    let id = ticket_in(&app, &d, "in_progress").await;
    for action in ["resolve", "request-info", "escalate"] {
        let r = app
            .post(
                &format!("/api/v1/tickets/{id}/{action}"),
                &colleague,
                body_for(action, &d),
            )
            .await;
        r.assert_problem(403, "forbidden");
        assert!(r.body["detail"].as_str().unwrap().contains("assignee"));
    }
    // The colleague still sees it and may comment.
    app.post(
        &format!("/api/v1/tickets/{id}/comments"),
        &colleague,
        json!({"body": "我来协助", "internal": true}),
    )
    .await
    .assert_status(201);
    // assignee=me is each staff member's own queue.
    let mine = app
        .get("/api/v1/tickets?assignee=me", d.token("staff.a"))
        .await;
    assert_eq!(mine.body["items"].as_array().unwrap().len(), 1);
    let theirs = app.get("/api/v1/tickets?assignee=me", &colleague).await;
    assert_eq!(theirs.body["items"].as_array().unwrap().len(), 0);
}
