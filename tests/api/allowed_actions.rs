//! `allowed_actions` is the server's word, not a guess: for every status
//! of the transition matrix and every role, each advertised operation is
//! accepted and each operation not advertised is refused.

use std::collections::BTreeSet;

use chrono::Duration;
use serde_json::{Value, json};

use crate::{
    desk::{ACTIONS, Desk, body_as, body_for, desk, with_lead},
    helpers::TestApp,
    ticket_matrix::{CALLERS, STATUSES, ticket_in, visible},
};

crate::both_backends!(
    advertised_operations_are_exactly_the_accepted_ones,
    windows_and_extension_requests_change_what_is_advertised,
    every_ticket_response_carries_allowed_actions,
);

/// Every name a ticket response may advertise.
const NAMES: [&str; 18] = [
    "dispatch",
    "claim",
    "return",
    "reject",
    "cancel",
    "request_info",
    "reply",
    "escalate",
    "resolve",
    "confirm",
    "reopen",
    "urge",
    "comment",
    "internal_note",
    "request_extension",
    "decide_extension",
    "pull_back",
    "assign",
];

fn names(v: &Value) -> BTreeSet<String> {
    let list = v["allowed_actions"]
        .as_array()
        .unwrap_or_else(|| panic!("no allowed_actions in {v}"));
    let set: BTreeSet<String> = list
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    assert_eq!(set.len(), list.len(), "duplicates in {v}");
    for n in &set {
        assert!(NAMES.contains(&n.as_str()), "unknown name {n}");
    }
    set
}

async fn allowed(app: &TestApp, d: &Desk, login: &str, id: &str) -> BTreeSet<String> {
    let r = app
        .get(&format!("/api/v1/tickets/{id}"), d.token(login))
        .await;
    r.assert_status(200);
    names(&r.body)
}

/// The role a caller of the matrix acts in (a lead is staff).
fn as_role(caller: &str) -> &str {
    if caller == "lead" { "staff" } else { caller }
}

fn refused(status: u16) -> bool {
    (400..500).contains(&status)
}

async fn advertised_operations_are_exactly_the_accepted_ones(app: TestApp) {
    let mut d = desk(&app).await;
    with_lead(&app, &mut d).await;
    let mut accepted_actions = 0;
    let mut refused_checked = 0;
    for status in STATUSES {
        let shared = ticket_in(&app, &d, status).await;
        // What each caller is told before anything is tried.
        let mut told = Vec::new();
        for (login, role) in CALLERS {
            if visible(role, status) {
                told.push((login, role, allowed(&app, &d, login, &shared).await));
            }
        }
        for (login, role, set) in &told {
            for action in ACTIONS {
                let name = action.replace('-', "_");
                if set.contains(&name) {
                    // A success changes the ticket: use a fresh one.
                    let fresh = ticket_in(&app, &d, status).await;
                    assert_eq!(&allowed(&app, &d, login, &fresh).await, set);
                    let r = app
                        .act(
                            &d,
                            login,
                            &fresh,
                            action,
                            body_as(action, as_role(role), &d),
                        )
                        .await;
                    assert_eq!(
                        r.status, 200,
                        "{role} was told {name} from {status}: {}",
                        r.text
                    );
                    accepted_actions += 1;
                } else {
                    let r = app
                        .act(
                            &d,
                            login,
                            &shared,
                            action,
                            body_as(action, as_role(role), &d),
                        )
                        .await;
                    assert!(
                        refused(r.status),
                        "{role} was not told {name} from {status}, yet: {} {}",
                        r.status,
                        r.text
                    );
                    refused_checked += 1;
                }
            }
        }
        // Comments and notes leave the status as it is: the shared ticket.
        for (login, role, set) in &told {
            for (name, internal) in [("comment", false), ("internal_note", true)] {
                let r = app
                    .post(
                        &format!("/api/v1/tickets/{shared}/comments"),
                        d.token(login),
                        json!({"body": "进展如何", "internal": internal}),
                    )
                    .await;
                if set.contains(name) {
                    assert_eq!(r.status, 201, "{role} {name} from {status}: {}", r.text);
                } else {
                    assert!(refused(r.status), "{role} {name} from {status}: {}", r.text);
                }
            }
        }
        // Deciding: nothing is pending yet, so nobody is told they may.
        for (login, role, set) in &told {
            assert!(!set.contains("decide_extension"), "{role} from {status}");
            let r = app
                .post(
                    &format!(
                        "/api/v1/tickets/{shared}/extensions/{}/deny",
                        uuid::Uuid::now_v7()
                    ),
                    d.token(login),
                    json!({}),
                )
                .await;
            assert!(refused(r.status), "{role} decide from {status}: {}", r.text);
        }
        // Asking for more time, last: it changes what a dispatcher may do.
        let path = format!("/api/v1/tickets/{shared}/extensions");
        let mut requested = None;
        for (login, role, set) in &told {
            let r = app
                .post(
                    &path,
                    d.token(login),
                    json!({"reason": "需要现场勘查", "extra_secs": 3600}),
                )
                .await;
            if set.contains("request_extension") {
                assert_eq!(r.status, 201, "{role} from {status}: {}", r.text);
                requested = Some(r.id());
            } else {
                assert!(refused(r.status), "{role} from {status}: {}", r.text);
            }
        }
        if let Some(extension) = requested {
            for (login, role, _) in &told {
                let set = allowed(&app, &d, login, &shared).await;
                assert!(!set.contains("request_extension"), "{role}: {set:?}");
                assert_eq!(set.contains("decide_extension"), *role == "dispatcher");
                let r = app
                    .post(
                        &format!("{path}/{extension}/deny"),
                        d.token(login),
                        json!({}),
                    )
                    .await;
                if *role == "dispatcher" {
                    assert_eq!(r.status, 200, "{}", r.text);
                    assert!(!names(&r.body).contains("decide_extension"));
                } else {
                    assert!(refused(r.status), "{role}: {}", r.text);
                }
            }
        }
    }
    // The transition matrix has thirty-one successes (one per arrow and
    // role: see `every_action_from_every_status_by_every_role`).
    assert_eq!(accepted_actions, 31);
    assert!(refused_checked > 150, "{refused_checked}");
}

async fn windows_and_extension_requests_change_what_is_advertised(app: TestApp) {
    let mut d = desk(&app).await;
    let dispatched = ticket_in(&app, &d, "dispatched").await;
    let resolved = ticket_in(&app, &d, "resolved").await;
    let claimed = ticket_in(&app, &d, "in_progress").await;
    assert!(
        allowed(&app, &d, "staff.a", &dispatched)
            .await
            .contains("return")
    );
    assert!(
        allowed(&app, &d, "ent.a", &resolved)
            .await
            .contains("reopen")
    );
    // One extension per ticket by default: after a grant, none is offered.
    let path = format!("/api/v1/tickets/{claimed}/extensions");
    let e = app
        .post(
            &path,
            d.token("staff.a"),
            json!({"reason": "需要专家论证", "extra_secs": 3600}),
        )
        .await;
    e.assert_status(201);
    app.post(
        &format!("{path}/{}/grant", e.id()),
        d.token("dispatcher"),
        json!({}),
    )
    .await
    .assert_status(200);
    assert!(
        !allowed(&app, &d, "staff.a", &claimed)
            .await
            .contains("request_extension")
    );
    app.post(
        &path,
        d.token("staff.a"),
        json!({"reason": "再延", "extra_secs": 60}),
    )
    .await
    .assert_problem(409, "extension_limit");

    app.advance(&mut d, Duration::days(8)).await;
    let staff = allowed(&app, &d, "staff.a", &dispatched).await;
    assert!(
        !staff.contains("return") && staff.contains("claim"),
        "{staff:?}"
    );
    app.act(&d, "staff.a", &dispatched, "return", body_for("return", &d))
        .await
        .assert_problem(409, "return_window_closed");
    let ent = allowed(&app, &d, "ent.a", &resolved).await;
    assert!(
        !ent.contains("reopen") && ent.contains("confirm"),
        "{ent:?}"
    );
    app.act(&d, "ent.a", &resolved, "reopen", body_for("reopen", &d))
        .await
        .assert_problem(409, "reopen_window_closed");
}

async fn every_ticket_response_carries_allowed_actions(app: TestApp) {
    let mut d = desk(&app).await;
    with_lead(&app, &mut d).await;
    let filed = app
        .file(&d, "ent.a", crate::desk::filing("应答里的可办操作"))
        .await;
    assert_eq!(
        names(&filed.body),
        BTreeSet::from(["cancel".to_string(), "comment".to_string()])
    );
    let id = filed.id();
    let dispatched = app
        .act(&d, "dispatcher", &id, "dispatch", body_for("dispatch", &d))
        .await;
    dispatched.assert_status(200);
    assert!(names(&dispatched.body).contains("dispatch"));
    // The same ticket, seen by different callers, in the list and alone.
    for (login, _) in CALLERS {
        let list = app.get("/api/v1/tickets?limit=200", d.token(login)).await;
        list.assert_status(200);
        let item = list.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id.as_str())
            .cloned()
            .unwrap_or_else(|| panic!("{login} does not list {id}"));
        assert_eq!(names(&item), allowed(&app, &d, login, &id).await, "{login}");
    }
    let staff = allowed(&app, &d, "staff.a", &id).await;
    assert!(staff.contains("claim") && staff.contains("internal_note"));
    let ent = allowed(&app, &d, "ent.a", &id).await;
    assert!(!ent.contains("internal_note"));
    let bulk = app
        .post(
            "/api/v1/tickets/bulk-dispatch",
            d.token("dispatcher"),
            json!({"ticket_ids": [id], "department_id": d.w.dept_b}),
        )
        .await;
    bulk.assert_status(200);
    let after = names(&bulk.body["items"][0]);
    assert!(
        after.contains("dispatch") && !after.contains("reject"),
        "{after:?}"
    );
}
