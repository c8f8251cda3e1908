//! Wakes the live streams and the webhook worker when something commits,
//! on this instance or another. On PostgreSQL a `LISTEN` on the outbox
//! channel hears every instance's commits (the `NOTIFY` is sent in the
//! writing transaction, so only at commit); on SQLite, where one instance
//! runs, a cheap poll of the newest timeline id does. The signal carries
//! nothing: readers look in the database, which stays the only truth.

use std::{sync::Arc, time::Duration};

use sea_orm::{DatabaseConnection, DbBackend, EntityTrait, QueryOrder, QuerySelect};
use tokio::sync::{Notify, broadcast};
use uuid::Uuid;

use crate::store::notifications::CHANNEL;

/// The in-process fan-out of "something committed".
#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<()>,
}

impl Default for Hub {
    fn default() -> Self {
        // Lagging receivers only miss wake-ups, which coalesce anyway.
        let (tx, _) = broadcast::channel(16);
        Hub { tx }
    }
}

impl Hub {
    pub fn subscribe(&self) -> broadcast::Receiver<()> {
        self.tx.subscribe()
    }

    pub fn wake(&self) {
        let _ = self.tx.send(());
    }
}

async fn newest_event(db: &DatabaseConnection) -> Option<Uuid> {
    use entity::ticket_event;
    ticket_event::Entity::find()
        .select_only()
        .column(ticket_event::Column::Id)
        .order_by_desc(ticket_event::Column::Id)
        .into_tuple()
        .one(db)
        .await
        .ok()
        .flatten()
}

/// Listens (PostgreSQL) or polls (SQLite, and as a safety net every few
/// seconds on PostgreSQL) until aborted.
pub fn spawn(
    db: DatabaseConnection,
    database_url: String,
    hub: Hub,
    webhooks: Arc<Notify>,
) -> tokio::task::JoinHandle<()> {
    let wake = move |hub: &Hub| {
        hub.wake();
        webhooks.notify_one();
    };
    tokio::spawn(async move {
        let postgres = db.get_database_backend() == DbBackend::Postgres;
        let listening = async {
            if !postgres {
                return;
            }
            loop {
                if let Err(e) = listen(&database_url, &hub, &wake).await {
                    tracing::warn!(error = %e, "LISTEN connection lost; reconnecting");
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        };
        let every = if postgres {
            Duration::from_secs(5)
        } else {
            Duration::from_millis(200)
        };
        let polling = async {
            let mut last = newest_event(&db).await;
            loop {
                tokio::time::sleep(every).await;
                let now = newest_event(&db).await;
                if now != last {
                    last = now;
                    wake(&hub);
                }
            }
        };
        // Both run until the task is aborted, which stops both.
        tokio::join!(listening, polling);
    })
}

async fn listen(
    url: &str,
    hub: &Hub,
    wake: &(impl Fn(&Hub) + Send + Sync),
) -> Result<(), sea_orm::sqlx::Error> {
    let mut listener = sea_orm::sqlx::postgres::PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    // Anything committed while we were not listening.
    wake(hub);
    loop {
        listener.recv().await?;
        wake(hub);
    }
}
