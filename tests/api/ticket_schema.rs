//! The database itself refuses text outside the ticket tables' closed sets
//! (migration m20261202_000008: CHECK constraints on PostgreSQL, triggers
//! on SQLite), whoever writes.

use sea_orm::{ConnectionTrait, Statement};

use crate::{
    desk::{desk, filing},
    helpers::TestApp,
};

crate::both_backends!(the_database_refuses_unknown_enum_text);

async fn run(app: &TestApp, sql: &str) -> Result<u64, sea_orm::DbErr> {
    let backend = app.db.get_database_backend();
    app.db
        .execute_raw(Statement::from_string(backend, sql.to_string()))
        .await
        .map(|r| r.rows_affected())
}

async fn the_database_refuses_unknown_enum_text(app: TestApp) {
    let d = desk(&app).await;
    let id = app.file(&d, "ent.a", filing("约束")).await.id();
    for (column, bad) in [("status", "open"), ("priority", "high"), ("channel", "fax")] {
        let r = run(&app, &format!("UPDATE tickets SET {column} = '{bad}'")).await;
        let e = r.expect_err(column).to_string();
        assert!(e.contains(&format!("ck_tickets_{column}")), "{column}: {e}");
    }
    let r = run(&app, "UPDATE ticket_events SET kind = 'bogus'").await;
    assert!(
        r.expect_err("kind")
            .to_string()
            .contains("ck_ticket_events_kind")
    );
    let r = run(&app, "UPDATE ticket_events SET to_status = 'open'").await;
    assert!(r.is_err());
    // Known text passes (the desk holds this one ticket), and it still reads.
    assert_eq!(
        run(&app, "UPDATE tickets SET priority = 'urgent'")
            .await
            .unwrap(),
        1
    );
    assert_eq!(app.ticket(&d, &id).await["priority"], "urgent");
}
