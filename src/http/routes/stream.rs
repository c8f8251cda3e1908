//! `GET /api/v1/stream`: Server-Sent Events with the caller's
//! notifications (`event: notification`) and the changes to tickets in the
//! caller's queue (`event: ticket`), as they commit on any instance.
//!
//! Authentication: `Authorization: Bearer` as everywhere, or — for a
//! browser `EventSource`, which cannot set headers — `?ticket=` with a
//! stream ticket from `POST /api/v1/stream/tickets`, valid 60 seconds for
//! opening one stream (an access token never goes into a URL).
//!
//! Every message's `id` holds both cursors; sending it back as
//! `Last-Event-ID` resumes after it. Rows are read from the database, with
//! a look-back of two seconds for transactions that commit out of id
//! order, so delivery is at least once: clients drop ids they have seen.
//! Each stream holds at most a small channel of messages; a slow client
//! makes its reader wait on the database, not the server buffer. After
//! `stream_heartbeat` of silence a comment line goes out, so proxies do not
//! close an idle stream.

use std::collections::{HashSet, VecDeque};

use actix_web::{FromRequest, HttpRequest, HttpResponse, http::header, web, web::Bytes};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::Utc;
use hmac::{Hmac, KeyInit, Mac};
use sea_orm::ActiveEnum;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use tokio::sync::mpsc;
use uuid::Uuid;

use super::notifications::view;
use crate::{
    domain::ticket::Scope,
    http::{AppState, caller::Caller, error::ApiError},
    metrics::Metrics,
    store::{
        self,
        notifications::{self as outbox, Queue, id_floor, id_millis},
        users::User,
    },
};

const LOOKBACK_MS: u64 = 2000;
const TICKET_TTL_SECS: i64 = 60;
/// Messages waiting for a client at most.
const BUFFER: usize = 32;
const PAGE: u64 = 100;

fn mac(key: &[u8], text: &str) -> Vec<u8> {
    match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(mut m) => {
            m.update(text.as_bytes());
            m.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// The key stream tickets are signed with, derived from the JWT secret.
pub fn stream_key(secret: &[u8]) -> Vec<u8> {
    mac(secret, "huying stream tickets")
}

#[derive(Serialize)]
struct StreamTicket {
    ticket: String,
    expires_in: i64,
}

/// `POST /api/v1/stream/tickets`: a one-minute ticket for `?ticket=`.
pub async fn issue_ticket(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let exp = state.clock.now().timestamp() + TICKET_TTL_SECS;
    let text = format!("{}.{}.{exp}", caller.user.id, caller.session_id);
    let sig = URL_SAFE_NO_PAD.encode(mac(&state.stream_key, &text));
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(StreamTicket {
            ticket: format!("{}.{sig}", URL_SAFE_NO_PAD.encode(text)),
            expires_in: TICKET_TTL_SECS,
        }))
}

async fn user_of_ticket(state: &AppState, ticket: &str) -> Result<User, ApiError> {
    let bad = || ApiError::InvalidToken("the stream ticket is not valid; get a new one".into());
    let (text, sig) = ticket.split_once('.').ok_or_else(bad)?;
    let text = URL_SAFE_NO_PAD
        .decode(text)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(bad)?;
    let sig = URL_SAFE_NO_PAD.decode(sig).map_err(|_| bad())?;
    let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(&state.stream_key).map_err(|_| bad())?;
    m.update(text.as_bytes());
    m.verify_slice(&sig).map_err(|_| bad())?;
    let mut parts = text.split('.');
    let (Some(sub), Some(sid), Some(exp), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let sub = Uuid::parse_str(sub).map_err(|_| bad())?;
    let sid = Uuid::parse_str(sid).map_err(|_| bad())?;
    let exp: i64 = exp.parse().map_err(|_| bad())?;
    let now = state.clock.now();
    if exp < now.timestamp() {
        return Err(ApiError::TokenExpired);
    }
    store::sessions::authenticate(&state.db, sid, sub, now)
        .await?
        .ok_or_else(|| {
            ApiError::InvalidToken("the session has ended or the account is inactive".into())
        })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamQuery {
    ticket: Option<String>,
}

/// The two cursors of a stream, as sent in `id:`.
#[derive(Clone, Copy)]
struct Cursors {
    notification: Uuid,
    event: Uuid,
}

impl Cursors {
    fn fresh() -> Cursors {
        let now = id_floor(u64::try_from(Utc::now().timestamp_millis()).unwrap_or(0));
        Cursors {
            notification: now,
            event: now,
        }
    }

    fn parse(text: &str) -> Option<Cursors> {
        let (n, e) = text.trim().split_once('_')?;
        Some(Cursors {
            notification: Uuid::parse_str(n).ok()?,
            event: Uuid::parse_str(e).ok()?,
        })
    }

    fn id(self) -> String {
        format!("{}_{}", self.notification, self.event)
    }
}

fn floor(cursor: Uuid) -> Uuid {
    id_floor(id_millis(cursor).saturating_sub(LOOKBACK_MS))
}

#[derive(Serialize)]
struct TicketChange {
    id: Uuid,
    ticket_id: Uuid,
    kind: String,
    from_status: Option<String>,
    to_status: Option<String>,
    created_at: chrono::DateTime<Utc>,
}

fn frame(id: &str, event: &str, data: &impl Serialize) -> Bytes {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "{}".into());
    Bytes::from(format!("id: {id}\nevent: {event}\ndata: {json}\n\n"))
}

/// Ids already sent within the look-back, so a re-read sends none twice.
#[derive(Default)]
struct Sent {
    set: HashSet<Uuid>,
    order: VecDeque<Uuid>,
}

impl Sent {
    fn first_time(&mut self, id: Uuid) -> bool {
        if !self.set.insert(id) {
            return false;
        }
        self.order.push_back(id);
        while self.order.len() > 4096 {
            if let Some(old) = self.order.pop_front() {
                self.set.remove(&old);
            }
        }
        true
    }
}

/// Sends what is new: how many messages, or `None` once the client is gone.
async fn pump(
    state: &AppState,
    user: &User,
    queue: Queue,
    cur: &mut Cursors,
    sent: &mut Sent,
    tx: &mpsc::Sender<Bytes>,
    metrics: Option<&Metrics>,
) -> Result<Option<usize>, store::StoreError> {
    let mut sent_now = 0;
    let mut count = |event: &str| {
        sent_now += 1;
        if let Some(m) = metrics {
            m.observe_stream_message(event);
        }
    };
    let role = user.membership.role();
    let mut after = floor(cur.notification);
    loop {
        let rows = outbox::since(&state.db, user.id, Some(after), PAGE).await?;
        let full = rows.len() as u64 == PAGE;
        for n in rows {
            after = n.id;
            if !sent.first_time(n.id) {
                continue;
            }
            cur.notification = cur.notification.max(n.id);
            let v = view(n, role)?;
            if tx.send(frame(&cur.id(), "notification", &v)).await.is_err() {
                return Ok(None);
            }
            count("notification");
        }
        if !full {
            break;
        }
    }
    let mut after = floor(cur.event);
    loop {
        let rows = outbox::queue_events_since(&state.db, queue, after, PAGE).await?;
        let full = rows.len() as u64 == PAGE;
        for e in rows {
            after = e.id;
            if !sent.first_time(e.id) {
                continue;
            }
            cur.event = cur.event.max(e.id);
            let change = TicketChange {
                id: e.id,
                ticket_id: e.ticket_id,
                kind: e.kind.to_value(),
                from_status: e.from_status.map(|s| s.to_value()),
                to_status: e.to_status.map(|s| s.to_value()),
                created_at: e.created_at,
            };
            if tx.send(frame(&cur.id(), "ticket", &change)).await.is_err() {
                return Ok(None);
            }
            count("ticket");
        }
        if !full {
            break;
        }
    }
    Ok(Some(sent_now))
}

pub async fn stream(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<StreamQuery>,
) -> Result<HttpResponse, ApiError> {
    // A ticket stands in for the header only where there is none: an
    // `Authorization` header, when sent, must hold on its own.
    let header_sent = req.headers().contains_key(header::AUTHORIZATION);
    let user = match &query.ticket {
        Some(t) => {
            let user = user_of_ticket(&state, t).await?;
            if header_sent {
                Caller::extract(&req).await?.user
            } else {
                user
            }
        }
        None => Caller::extract(&req).await?.user,
    };
    let queue = match Scope::of(user.membership) {
        Scope::Enterprise(e) => Queue::Enterprise(e),
        Scope::Department(d) => Queue::Department(d),
        Scope::All => Queue::All,
    };
    let mut cur = req
        .headers()
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(Cursors::parse)
        .unwrap_or_else(Cursors::fresh);
    let (tx, mut rx) = mpsc::channel::<Bytes>(BUFFER);
    let mut wake = state.hub.subscribe();
    let heartbeat = state.stream_heartbeat;
    let state = state.into_inner();
    let metrics = req
        .app_data::<web::Data<Metrics>>()
        .map(|m| m.clone().into_inner());
    tokio::spawn(async move {
        let _open = metrics.as_ref().map(|m| m.stream_opened());
        let mut sent = Sent::default();
        // Tells the client how long to wait before reconnecting.
        if tx
            .send(Bytes::from_static(b"retry: 2000\n\n"))
            .await
            .is_err()
        {
            return;
        }
        // The heartbeat counts from the last write, so wake-ups that bring
        // this client nothing (others' commits) cannot keep it silent.
        let mut last_write = tokio::time::Instant::now();
        loop {
            match pump(
                &state,
                &user,
                queue,
                &mut cur,
                &mut sent,
                &tx,
                metrics.as_deref(),
            )
            .await
            {
                Ok(Some(0)) => {}
                Ok(Some(_)) => last_write = tokio::time::Instant::now(),
                Ok(None) => return,
                Err(e) => tracing::warn!(error = %e, "stream read failed"),
            }
            tokio::select! {
                _ = wake.recv() => {}
                _ = tokio::time::sleep_until(last_write + heartbeat) => {
                    if tx.send(Bytes::from_static(b": heartbeat\n\n")).await.is_err() {
                        return;
                    }
                    last_write = tokio::time::Instant::now();
                }
                _ = tx.closed() => return,
            }
        }
    });
    let body = futures_util::stream::poll_fn(move |cx| {
        rx.poll_recv(cx).map(|m| m.map(Ok::<_, actix_web::Error>))
    });
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(body))
}
