//! Calendar administration: create, replace, import a year's holiday list
//! (over HTTP and with `huying import-holidays`), and load the result as the
//! domain calendar deadlines are computed on.

use chrono::NaiveDate;
use huying::{seed::CN_HOLIDAYS_2026, store::calendars::load_calendar};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    cli::huying,
    helpers::{Resp, TestApp},
};

crate::both_backends!(
    a_calendar_is_created_and_read_back,
    invalid_calendars_are_refused_and_nothing_is_stored,
    calendar_names_are_unique,
    only_admins_write_calendars,
    put_replaces_the_whole_definition,
    a_holiday_list_replaces_only_its_year_and_importing_twice_changes_nothing,
    a_holiday_list_that_does_not_fit_is_refused,
    load_calendar_gives_the_domain_calendar,
    import_holidays_command_imports_a_file,
);

const OFFICE_DAY: [[&str; 2]; 2] = [["09:00", "12:00"], ["13:30", "17:30"]];

/// Mon–Fri office hours, a National Day holiday and a make-up Sunday.
fn office(name: &str) -> Value {
    json!({
        "name": name,
        "time_zone": "Asia/Shanghai",
        "weekly_hours": {
            "mon": OFFICE_DAY, "tue": OFFICE_DAY, "wed": OFFICE_DAY,
            "thu": OFFICE_DAY, "fri": OFFICE_DAY,
        },
        "holidays": [
            {"date": "2026-10-01", "note": "国庆节"},
            {"date": "2026-10-02"},
        ],
        "make_up_days": [{"date": "2026-09-27", "note": "国庆调休"}],
    })
}

fn with(mut body: Value, patch: Value) -> Value {
    for (k, v) in patch.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

fn dates(resp: &Resp, list: &str) -> Vec<String> {
    resp.body[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap().to_string())
        .collect()
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

async fn create(app: &TestApp, admin: &str, body: Value) -> String {
    let resp = app.post("/api/v1/calendars", admin, body).await;
    resp.assert_status(201);
    resp.id()
}

/// The 2026 file with its fields replaced.
fn cn_2026(patch: Value) -> Value {
    with(serde_json::from_str(CN_HOLIDAYS_2026).unwrap(), patch)
}

async fn a_calendar_is_created_and_read_back(app: TestApp) {
    let admin = app.admin().await;
    let mut body = office("区政务服务中心");
    body.as_object_mut().unwrap().remove("time_zone");
    // Given out of order and touching: stored sorted and merged.
    body["weekly_hours"]["sat"] = json!([["10:00", "11:00"], ["09:00", "10:00"]]);
    let created = app.post("/api/v1/calendars", &admin, body).await;
    let cal = created.assert_status(201).clone();
    let id = created.id();
    assert_eq!(
        created.header("location"),
        Some(format!("/api/v1/calendars/{id}").as_str())
    );
    assert_eq!(cal["name"], "区政务服务中心");
    assert_eq!(cal["time_zone"], "Asia/Shanghai", "the default zone");
    assert_eq!(cal["weekly_hours"]["mon"], json!(OFFICE_DAY));
    assert_eq!(cal["weekly_hours"]["sat"], json!([["09:00", "11:00"]]));
    assert_eq!(
        cal["weekly_hours"].get("sun"),
        None,
        "closed days are left out"
    );
    assert_eq!(
        cal["holidays"],
        json!([
            {"date": "2026-10-01", "kind": "holiday", "uses_weekday": null, "note": "国庆节"},
            {"date": "2026-10-02", "kind": "holiday", "uses_weekday": null, "note": ""},
        ])
    );
    assert_eq!(
        cal["make_up_days"],
        json!([{"date": "2026-09-27", "kind": "workday", "uses_weekday": "mon", "note": "国庆调休"}])
    );

    let shown = app.get(&format!("/api/v1/calendars/{id}"), &admin).await;
    assert_eq!(*shown.assert_status(200), cal);
    let list = app.get("/api/v1/calendars", &admin).await;
    assert_eq!(list.assert_status(200)["items"][0]["id"], id);
    assert_eq!(list.body["items"][0].get("holidays"), None);

    // A make-up Saturday may follow any weekday with hours, here Friday's.
    let friday = with(
        office("Friday hours"),
        json!({"make_up_days": [{"date": "2026-10-10", "uses_weekday": "fri"}]}),
    );
    let made = app.post("/api/v1/calendars", &admin, friday).await;
    assert_eq!(
        made.assert_status(201)["make_up_days"][0]["uses_weekday"],
        "fri"
    );
}

async fn invalid_calendars_are_refused_and_nothing_is_stored(app: TestApp) {
    let admin = app.admin().await;
    let base = office("office");
    let hours = |mon: Value| with(base.clone(), json!({"weekly_hours": {"mon": mon}}));
    let cases = [
        (
            hours(json!([["09:00", "12:00"], ["11:00", "13:00"]])),
            "weekly_hours",
            "overlap",
        ),
        (
            with(base.clone(), json!({"weekly_hours": {}})),
            "weekly_hours",
            "empty",
        ),
        (
            hours(json!([["9:00", "12:00"]])),
            "weekly_hours.mon[0]",
            "9:00",
        ),
        (
            hours(json!([["12:00", "09:00"]])),
            "weekly_hours.mon[0]",
            "before",
        ),
        (
            hours(json!([["09:00", "24:30"]])),
            "weekly_hours.mon[0]",
            "24:30",
        ),
        (
            with(
                base.clone(),
                json!({"weekly_hours": {"monday": OFFICE_DAY}}),
            ),
            "weekly_hours.monday",
            "unknown field",
        ),
        (
            with(base.clone(), json!({"time_zone": "Asia/Beijing"})),
            "time_zone",
            "unknown time zone",
        ),
        (
            with(
                base.clone(),
                json!({"make_up_days": [{"date": "2026-10-01"}]}),
            ),
            "make_up_days[0].date",
            "both as a holiday",
        ),
        (
            with(
                base.clone(),
                json!({"make_up_days": [{"date": "2026-09-27"}, {"date": "2026-10-10", "uses_weekday": "sat"}]}),
            ),
            "make_up_days[1].uses_weekday",
            "no office hours",
        ),
        (
            with(
                base.clone(),
                json!({"make_up_days": [{"date": "2026-09-27", "uses_weekday": "Monday"}]}),
            ),
            "make_up_days[0].uses_weekday",
            "unknown variant",
        ),
        (
            with(base.clone(), json!({"holidays": [{"date": "2026-02-30"}]})),
            "holidays[0].date",
            "",
        ),
        (
            with(
                base.clone(),
                json!({"holidays": [{"date": "2026-10-01"}, {"date": "2026-10-01"}]}),
            ),
            "holidays[1].date",
            "twice",
        ),
        (
            with(
                base.clone(),
                json!({"holidays": [{"date": "2026-10-01", "note": "节".repeat(101)}]}),
            ),
            "holidays[0].note",
            "at most 100",
        ),
        (
            with(base.clone(), json!({"holidays": ["2026-10-01"]})),
            "holidays[0]",
            r#"expected a holiday {"date""#,
        ),
        (with(base.clone(), json!({"name": "  "})), "name", "blank"),
        (
            with(base.clone(), json!({"colour": "red"})),
            "colour",
            "unknown",
        ),
        (json!({"name": "x"}), "weekly_hours", "missing"),
    ];
    for (body, field, says) in &cases {
        let resp = app.post("/api/v1/calendars", &admin, body.clone()).await;
        resp.assert_problem(422, "validation_failed");
        let message = resp.body["errors"][field].as_str().unwrap_or_else(|| {
            panic!("{body} → {}", resp.text);
        });
        assert!(message.contains(says), "{field}: {message}");
    }
    let list = app.get("/api/v1/calendars", &admin).await;
    assert_eq!(list.body["items"], json!([]), "nothing was created");

    // The same rules on replace, which then changes nothing either.
    let id = create(&app, &admin, base.clone()).await;
    let before = app.get(&format!("/api/v1/calendars/{id}"), &admin).await;
    for (body, field, _) in &cases[..9] {
        let resp = app
            .put(&format!("/api/v1/calendars/{id}"), &admin, body.clone())
            .await;
        resp.assert_problem(422, "validation_failed");
        assert!(resp.body["errors"][field].is_string(), "{}", resp.text);
    }
    let after = app.get(&format!("/api/v1/calendars/{id}"), &admin).await;
    assert_eq!(after.body, before.body);
}

async fn calendar_names_are_unique(app: TestApp) {
    let admin = app.admin().await;
    create(&app, &admin, office("office")).await;
    let other = create(&app, &admin, office("other")).await;
    app.post("/api/v1/calendars", &admin, office("office"))
        .await
        .assert_problem(409, "already_exists");
    app.put(
        &format!("/api/v1/calendars/{other}"),
        &admin,
        office("office"),
    )
    .await
    .assert_problem(409, "already_exists");
    let list = app.get("/api/v1/calendars", &admin).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 2);
    let kept = app.get(&format!("/api/v1/calendars/{other}"), &admin).await;
    assert_eq!(kept.body["name"], "other");
    assert_eq!(dates(&kept, "holidays"), ["2026-10-01", "2026-10-02"]);
}

async fn only_admins_write_calendars(app: TestApp) {
    let w = app.world().await;
    let id = create(&app, &w.admin, office("office")).await;
    let path = format!("/api/v1/calendars/{id}");
    let import = format!("{path}/holiday-lists");
    for login in ["staff.a", "dispatcher", "supervisor", "ent.a"] {
        let token = w.token(login);
        app.post("/api/v1/calendars", token, office("mine"))
            .await
            .assert_problem(403, "forbidden");
        app.put(&path, token, office("mine"))
            .await
            .assert_problem(403, "forbidden");
        app.post(&import, token, cn_2026(json!({})))
            .await
            .assert_problem(403, "forbidden");
    }
    let read = app.get(&path, w.token("staff.a")).await;
    assert_eq!(read.assert_status(200)["name"], "office");
    app.get(&path, w.token("ent.a"))
        .await
        .assert_problem(403, "forbidden");
    app.request(
        reqwest::Method::POST,
        "/api/v1/calendars",
        None,
        Some(&office("anon")),
    )
    .await
    .assert_problem(401, "unauthenticated");
    let unchanged = app.get(&path, &w.admin).await;
    assert_eq!(dates(&unchanged, "holidays"), ["2026-10-01", "2026-10-02"]);
    assert_eq!(
        app.get("/api/v1/calendars", &w.admin).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

async fn put_replaces_the_whole_definition(app: TestApp) {
    let admin = app.admin().await;
    let id = create(&app, &admin, office("office")).await;
    let path = format!("/api/v1/calendars/{id}");
    let before = app.get(&path, &admin).await;
    app.clock.advance(chrono::Duration::minutes(5));
    let replacement = json!({
        "name": "Berlin office",
        "time_zone": "Europe/Berlin",
        "weekly_hours": {"tue": [["08:00", "16:00"]], "sat": [["10:00", "14:00"]]},
        "holidays": [{"date": "2026-12-25", "note": "Weihnachten"}],
        "make_up_days": [{"date": "2026-12-27", "uses_weekday": "tue"}],
    });
    let replaced = app.put(&path, &admin, replacement).await;
    let body = replaced.assert_status(200);
    assert_eq!(body["id"], id);
    assert_eq!(body["name"], "Berlin office");
    assert_eq!(body["time_zone"], "Europe/Berlin");
    assert_eq!(
        body["weekly_hours"],
        json!({"tue": [["08:00", "16:00"]], "sat": [["10:00", "14:00"]]})
    );
    assert_eq!(
        dates(&replaced, "holidays"),
        ["2026-12-25"],
        "old days are gone"
    );
    assert_eq!(body["holidays"][0]["note"], "Weihnachten");
    assert_eq!(
        body["make_up_days"],
        json!([{"date": "2026-12-27", "kind": "workday", "uses_weekday": "tue", "note": ""}])
    );
    assert_eq!(body["created_at"], before.body["created_at"]);
    assert_ne!(body["updated_at"], before.body["updated_at"]);
    assert_eq!(app.get(&path, &admin).await.body, *body);

    // Without day lists the calendar has none; the name may stay the same.
    let bare = json!({"name": "Berlin office", "weekly_hours": {"mon": OFFICE_DAY}});
    let cleared = app.put(&path, &admin, bare).await;
    assert_eq!(cleared.assert_status(200)["holidays"], json!([]));
    assert_eq!(cleared.body["make_up_days"], json!([]));
    assert_eq!(cleared.body["time_zone"], "Asia/Shanghai");

    app.put(
        &format!("/api/v1/calendars/{}", Uuid::now_v7()),
        &admin,
        office("ghost"),
    )
    .await
    .assert_problem(404, "not_found");
}

async fn a_holiday_list_replaces_only_its_year_and_importing_twice_changes_nothing(app: TestApp) {
    let admin = app.admin().await;
    let body = with(
        office("office"),
        json!({
            "holidays": [
                {"date": "2025-10-01", "note": "2025 国庆"},
                {"date": "2026-03-02", "note": "gone after the import"},
                {"date": "2026-10-01", "note": "国庆节"},
                {"date": "2027-01-01", "note": "2027 元旦"},
            ],
            "make_up_days": [
                {"date": "2025-09-28"},
                {"date": "2026-09-27", "note": "not in the file"},
            ],
        }),
    );
    let id = create(&app, &admin, body).await;
    let import = format!("/api/v1/calendars/{id}/holiday-lists");

    let first = app.post(&import, &admin, cn_2026(json!({}))).await;
    first.assert_status(200);
    let holidays = dates(&first, "holidays");
    assert_eq!(
        holidays.len(),
        2 + 33,
        "2025 and 2027 kept, 2026 from the file"
    );
    assert_eq!(holidays.first().unwrap(), "2025-10-01");
    assert_eq!(holidays.last().unwrap(), "2027-01-01");
    assert!(!holidays.contains(&"2026-03-02".to_string()));
    let make_ups = dates(&first, "make_up_days");
    assert_eq!(
        make_ups,
        [
            "2025-09-28",
            "2026-01-04",
            "2026-02-14",
            "2026-02-28",
            "2026-05-09",
            "2026-09-20",
            "2026-10-10"
        ]
    );
    let note = |resp: &Resp, date: &str| {
        resp.body["holidays"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["date"] == date)
            .map(|d| d["note"].clone())
            .unwrap()
    };
    assert_eq!(
        note(&first, "2026-10-01"),
        "国庆节",
        "a day that stays keeps its note"
    );
    assert_eq!(note(&first, "2026-10-02"), "法定节假日");
    assert_eq!(note(&first, "2025-10-01"), "2025 国庆");
    assert_eq!(first.body["make_up_days"][1]["uses_weekday"], "mon");

    app.clock.advance(chrono::Duration::minutes(1));
    let second = app.post(&import, &admin, cn_2026(json!({}))).await;
    second.assert_status(200);
    let without_time = |resp: &Resp| {
        let mut body = resp.body.clone();
        body["updated_at"] = Value::Null;
        body
    };
    assert_eq!(without_time(&second), without_time(&first), "idempotent");
    let shown = app.get(&format!("/api/v1/calendars/{id}"), &admin).await;
    assert_eq!(shown.body, second.body);

    // Make-up days may follow another weekday's hours.
    let friday = app
        .post(
            &format!("{import}?make_up_uses_weekday=fri"),
            &admin,
            cn_2026(json!({})),
        )
        .await;
    assert_eq!(
        friday.assert_status(200)["make_up_days"][1]["uses_weekday"],
        "fri"
    );
    assert_eq!(
        friday.body["make_up_days"][0]["uses_weekday"], "mon",
        "2025 kept"
    );

    // A list with fewer days for the year shrinks that year only.
    let small = cn_2026(json!({"holidays": ["2026-10-01"], "make_up_workdays": []}));
    let shrunk = app.post(&import, &admin, small).await;
    assert_eq!(
        dates(&shrunk, "holidays"),
        ["2025-10-01", "2026-10-01", "2027-01-01"]
    );
    assert_eq!(dates(&shrunk, "make_up_days"), ["2025-09-28"]);

    app.post(
        &format!("/api/v1/calendars/{}/holiday-lists", Uuid::now_v7()),
        &admin,
        cn_2026(json!({})),
    )
    .await
    .assert_problem(404, "not_found");
}

async fn a_holiday_list_that_does_not_fit_is_refused(app: TestApp) {
    let admin = app.admin().await;
    let id = create(&app, &admin, office("office")).await;
    let path = format!("/api/v1/calendars/{id}");
    let before = app.get(&path, &admin).await;
    let import = format!("{path}/holiday-lists");
    let cases = [
        (
            cn_2026(json!({"time_zone": "Asia/Tokyo"})),
            "",
            "time_zone",
            "Asia/Tokyo",
        ),
        (
            cn_2026(json!({"time_zone": "Mars/Olympus"})),
            "",
            "time_zone",
            "unknown time zone",
        ),
        (cn_2026(json!({"year": 2027})), "", "holidays", "year"),
        (
            cn_2026(json!({"make_up_workdays": ["2027-06-01"]})),
            "",
            "make_up_workdays",
            "year",
        ),
        (
            cn_2026(json!({"make_up_workdays": ["2026-10-01"]})),
            "",
            "make_up_workdays",
            "both",
        ),
        (
            cn_2026(json!({})),
            "?make_up_uses_weekday=sun",
            "make_up_workdays",
            "make_up_uses_weekday",
        ),
        (
            cn_2026(json!({"holidays": ["2026-13-01"]})),
            "",
            "holidays[0]",
            "",
        ),
        (cn_2026(json!({"notes": "x"})), "", "notes", "unknown"),
        (cn_2026(json!({"year": 20260})), "", "year", ""),
        (json!({"time_zone": "Asia/Shanghai"}), "", "year", "missing"),
    ];
    for (body, query, field, says) in cases {
        let resp = app
            .post(&format!("{import}{query}"), &admin, body.clone())
            .await;
        resp.assert_problem(422, "validation_failed");
        let message = resp.body["errors"][field]
            .as_str()
            .unwrap_or_else(|| panic!("{body} → {}", resp.text));
        assert!(message.contains(says), "{field}: {message}");
    }
    let bad_query = app
        .post(
            &format!("{import}?make_up_uses_weekday=monday"),
            &admin,
            cn_2026(json!({})),
        )
        .await;
    bad_query.assert_problem(400, "invalid_query");
    let after = app.get(&path, &admin).await;
    assert_eq!(after.body, before.body, "nothing changed");
}

async fn load_calendar_gives_the_domain_calendar(app: TestApp) {
    let admin = app.admin().await;
    let id: Uuid = create(&app, &admin, office("office"))
        .await
        .parse()
        .unwrap();
    let cal = load_calendar(&app.db, id)
        .await
        .unwrap()
        .expect("the calendar");
    assert_eq!(cal.time_zone(), chrono_tz::Tz::Asia__Shanghai);
    assert!(!cal.is_working_day(day("2026-10-01")), "a holiday");
    assert!(cal.is_working_day(day("2026-09-27")), "a make-up Sunday");
    assert!(cal.is_working_day(day("2026-09-28")), "an ordinary Monday");
    assert!(
        !cal.is_working_day(day("2026-10-03")),
        "an ordinary Saturday"
    );

    app.post(
        &format!("/api/v1/calendars/{id}/holiday-lists"),
        &admin,
        cn_2026(json!({})),
    )
    .await
    .assert_status(200);
    let cal = load_calendar(&app.db, id).await.unwrap().unwrap();
    assert!(
        cal.is_working_day(day("2026-02-14")),
        "imported make-up Saturday"
    );
    assert!(
        !cal.is_working_day(day("2026-02-16")),
        "imported Spring Festival"
    );
    assert!(
        !cal.is_working_day(day("2026-09-27")),
        "the file makes the old make-up Sunday a holiday"
    );

    assert!(
        load_calendar(&app.db, Uuid::now_v7())
            .await
            .unwrap()
            .is_none()
    );

    // A week without hours can only get there by hand.
    entity::calendar::Entity::update_many()
        .col_expr(
            entity::calendar::Column::WeeklyHours,
            Expr::value(r#"{"mon": []}"#),
        )
        .filter(entity::calendar::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .unwrap();
    let err = load_calendar(&app.db, id).await.unwrap_err();
    assert!(
        matches!(err, huying::store::StoreError::Corrupt(_)),
        "{err:?}"
    );
    assert!(err.to_string().contains("weekly hours"), "{err}");
}

async fn import_holidays_command_imports_a_file(app: TestApp) {
    let seeded = huying(&app, &["seed-demo"], None);
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/cn-public-holidays-2026.json"
    );
    let gov = "China government office hours";
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut all = vec!["import-holidays", "--calendar", gov];
        all.extend_from_slice(args);
        huying(&app, &all, stdin)
    };

    // The seeded calendar already holds the 2026 list: nothing changes.
    let out = run(&[file], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "one line: {stdout}");
    let summary: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["calendar"], gov);
    assert_eq!(summary["year"], 2026);
    assert_eq!(summary["holidays"], 33);
    assert_eq!(summary["make_up_days"], 6);
    assert_eq!(
        (summary["added"].clone(), summary["removed"].clone()),
        (json!(0), json!(0))
    );

    // Next year's list, from standard input.
    let next = json!({
        "year": 2027,
        "time_zone": "Asia/Shanghai",
        "holidays": ["2027-01-01", "2027-10-01", "2027-10-04"],
        "make_up_workdays": ["2027-10-09"],
    });
    let out = run(&["-"], Some(&next.to_string()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (summary["added"].clone(), summary["removed"].clone()),
        (json!(4), json!(0))
    );
    let id: Uuid = summary["calendar_id"].as_str().unwrap().parse().unwrap();
    let cal = load_calendar(&app.db, id).await.unwrap().unwrap();
    assert_eq!(cal.holidays().len(), 33 + 3);
    assert!(cal.is_working_day(day("2027-10-09")));
    assert!(!cal.is_working_day(day("2026-10-01")), "2026 is kept");

    let tokyo = next.to_string().replace("Asia/Shanghai", "Asia/Tokyo");
    let failures: [(&[&str], Option<&str>, &str); 4] = [
        (&["-"], Some(&tokyo), "Asia/Tokyo"),
        (
            &["/nonexistent/holidays.json"],
            None,
            "/nonexistent/holidays.json",
        ),
        (&["-"], Some("{\"year\": 2027}"), "not a holiday list"),
        (
            &["--make-up-uses-weekday", "sun", file],
            None,
            "no office hours",
        ),
    ];
    for (args, stdin, says) in failures {
        let out = run(args, stdin);
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    let missing = huying(&app, &["import-holidays", "--calendar", "nope", file], None);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no calendar named \"nope\""));
    let bad_day = run(&["--make-up-uses-weekday", "Monday", file], None);
    assert_eq!(bad_day.status.code(), Some(2), "clap usage error");
}
