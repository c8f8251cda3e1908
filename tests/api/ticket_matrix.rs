//! The transition matrix — every action from every status by every role,
//! with the exact answer and no change on refusal — and the scoping
//! matrix: out of scope is 404 everywhere, and absent from lists.

use serde_json::{Value, json};

use crate::{
    desk::{ACTIONS, Desk, body_as, body_for, body_in, desk, filing, with_lead},
    helpers::TestApp,
};

crate::both_backends!(
    every_action_from_every_status_by_every_role,
    no_open_ticket_is_stranded,
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

/// Caller per role, each in scope of the desk's tickets where a role can
/// be. `lead` is `lead.a`, staff of department A who leads it ([`with_lead`]
/// made them): `staff` as far as roles go, never the assignee here.
pub const CALLERS: [(&str, &str); 6] = [
    ("ent.a", "enterprise"),
    ("staff.a", "staff"),
    ("dispatcher", "dispatcher"),
    ("supervisor", "supervisor"),
    ("admin", "admin"),
    ("lead.a", "lead"),
];

/// The diagram: (action, from) → to, whoever may act.
fn transition(action: &str, from: &str) -> Option<&'static str> {
    let to = match (action, from) {
        ("dispatch", "submitted" | "dispatched" | "escalated") => "dispatched",
        ("claim", "dispatched") => "in_progress",
        ("return", "dispatched") => "submitted",
        ("reject", "submitted" | "escalated") => "rejected",
        ("cancel", "submitted" | "dispatched") => "cancelled",
        ("request-info", "in_progress") => "awaiting_enterprise",
        ("reply", "awaiting_enterprise") => "in_progress",
        ("escalate", "in_progress") => "escalated",
        ("resolve", "in_progress") => "resolved",
        ("confirm", "resolved") => "closed",
        ("reopen", "resolved") => "in_progress",
        (
            "urge",
            s @ ("submitted" | "dispatched" | "in_progress" | "awaiting_enterprise" | "escalated"),
        ) => return Some(status_name(s)),
        ("pull-back", "in_progress" | "awaiting_enterprise") => "dispatched",
        ("assign", "dispatched" | "in_progress") => "in_progress",
        ("assign", "awaiting_enterprise") => "awaiting_enterprise",
        ("close", "under_review") => "closed",
        ("redo", "under_review") => "dispatched",
        (
            "merge",
            "submitted"
            | "dispatched"
            | "in_progress"
            | "awaiting_enterprise"
            | "escalated"
            | "resolved"
            | "under_review",
        ) => "merged",
        // Only with an urge pending (see the matrix).
        (
            "urge-reply",
            s @ ("dispatched" | "in_progress" | "awaiting_enterprise" | "escalated"),
        ) => return Some(status_name(s)),
        _ => return None,
    };
    Some(to)
}

fn status_name(s: &str) -> &'static str {
    STATUSES.into_iter().find(|x| *x == s).unwrap()
}

/// The roles that may take `action` on some ticket they see (the service
/// side replies and confirms only on the enterprise's behalf).
pub fn roles_of_action(action: &str) -> &'static [&'static str] {
    match action {
        "dispatch" | "reject" | "pull-back" | "close" | "redo" | "merge" => &["dispatcher"],
        "claim" | "return" | "request-info" | "escalate" | "resolve" | "assign" | "urge-reply" => {
            &["staff"]
        }
        "reply" => &["enterprise", "staff", "dispatcher"],
        "confirm" => &["enterprise", "dispatcher", "supervisor"],
        "cancel" | "reopen" => &["enterprise"],
        _ => &["supervisor"],
    }
}

/// The role a caller of the matrix has (a lead is staff).
fn role_of(caller: &str) -> &str {
    if caller == "lead" { "staff" } else { caller }
}

/// Whether the caller stands right to the ticket for `action`, their role
/// and the status allowing it: `staff.a` is the assignee of every claimed
/// ticket and no lead; `lead.a` leads department A and is no assignee.
/// An urge's answer comes from the assignee, or from any of the
/// department's staff while nobody holds the ticket.
fn relation_allows(action: &str, caller: &str, status: &str) -> bool {
    match caller {
        "staff" => action != "assign",
        "lead" if action == "urge-reply" => !held(status),
        "lead" => !matches!(action, "request-info" | "escalate" | "resolve" | "reply"),
        _ => true,
    }
}

/// Whether `staff.a` holds a ticket the matrix puts in `status` (an
/// escalated ticket keeps its assignee until it is dispatched again).
fn held(status: &str) -> bool {
    matches!(status, "in_progress" | "awaiting_enterprise" | "escalated")
}

/// What `caller` is answered trying `action` on a ticket in `status`.
fn expected(action: &str, status: &str, caller: &str) -> u16 {
    if !visible(caller, status) {
        404
    } else if !roles_of_action(action).contains(&role_of(caller)) {
        403
    } else if transition(action, status).is_none() {
        409
    } else if !relation_allows(action, caller, status) {
        403
    } else {
        200
    }
}

/// Staff of department A see a ticket only while it is routed there.
pub fn visible(role: &str, status: &str) -> bool {
    role_of(role) != "staff" || !matches!(status, "submitted" | "rejected" | "merged")
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
    let mut d = desk(&app).await;
    with_lead(&app, &mut d).await;
    let mut checked = 0;
    let mut succeeded = 0;
    for status in STATUSES {
        let shared = ticket_in(&app, &d, status).await;
        let before = snapshot(&app, &d, &shared).await;
        for action in ACTIONS {
            for (login, role) in CALLERS {
                let expected = expected(action, status, role);
                let body = body_as(action, role_of(role), &d);
                if expected == 200 && action == "urge-reply" {
                    // Without an urge pending there is nothing to answer.
                    app.act(&d, login, &shared, action, body_for(action, &d))
                        .await
                        .assert_problem(409, "no_pending_urge");
                }
                if expected == 200 {
                    // A success changes the ticket: use a fresh one.
                    let to = transition(action, status).unwrap();
                    let fresh = ticket_in(&app, &d, status).await;
                    if action == "urge-reply" {
                        app.act(&d, "supervisor", &fresh, "urge", body_for("urge", &d))
                            .await
                            .assert_status(200);
                    }
                    let body = match action {
                        "merge" => body_in(&app, &d, action).await,
                        _ => body,
                    };
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
                    succeeded += 1;
                } else {
                    let r = app.act(&d, login, &shared, action, body).await;
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
    // One per arrow and role that may take it: the diagram's twenty, the
    // service side's replies and confirmations on the enterprise's behalf
    // (four), a dispatcher's pull-backs (two), a lead's assignments
    // (three), the lead claiming or returning as any staff (two), the
    // dispatcher's review close and redo (two), merges from every status
    // that is not final (seven), and urge answers: staff.a from the four
    // statuses a department holds, the lead where nobody has claimed (five).
    assert_eq!(succeeded, 45);
}

/// No ticket is stranded: from every status that is not final, for every
/// set of people a desk may have on shift (each role present or not), at
/// least one caller present can move the ticket on — so a desk with at
/// least one dispatcher (who reaches every open status) never strands one.
async fn no_open_ticket_is_stranded(app: TestApp) {
    let mut d = desk(&app).await;
    with_lead(&app, &mut d).await;
    for status in STATUSES {
        let id = ticket_in(&app, &d, status).await;
        let mut movers = Vec::new();
        for (login, role) in CALLERS {
            if !visible(role, status) {
                continue;
            }
            let r = app
                .get(&format!("/api/v1/tickets/{id}"), d.token(login))
                .await;
            let moves = r.assert_status(200)["allowed_actions"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|a| a.as_str())
                .filter(|a| {
                    // Urging leaves the ticket where it is.
                    let action = a.replace('_', "-");
                    action != "urge"
                        && action != "urge-reply"
                        && transition(&action, status).is_some()
                })
                .count();
            if moves > 0 {
                movers.push(role);
            }
        }
        let is_final = matches!(status, "closed" | "rejected" | "cancelled" | "merged");
        assert_eq!(movers.is_empty(), is_final, "{status}: {movers:?}");
        if !is_final {
            // The desk's dispatcher alone keeps everything moving: routing,
            // pulling back, answering and rating on the enterprise's behalf.
            assert!(
                movers.contains(&"dispatcher"),
                "a dispatcher cannot move a {status} ticket: {movers:?}"
            );
        }
    }
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
