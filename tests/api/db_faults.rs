//! Database faults: the connection to PostgreSQL is cut under a filing
//! load by a TCP proxy the test holds (the shared server is never
//! restarted). Requests answer 503 with `Retry-After`, never 500;
//! `/readyz` answers 503 meanwhile; no acknowledged filing is lost; the
//! service recovers by itself.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use tokio::{
    net::{TcpListener, TcpStream},
    sync::{Mutex, watch},
};

use crate::{
    desk::{desk, filing},
    helpers::{Backend, TestApp, TestDb, test_settings},
};

/// Forwards connections to PostgreSQL until cut: a cut closes every
/// open connection and refuses new ones until restored.
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    cuts: watch::Sender<u64>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    async fn start(target: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let (cuts, _) = watch::channel(0u64);
        let (flag, sender) = (up.clone(), cuts.clone());
        let task = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !flag.load(Ordering::SeqCst) {
                    continue; // dropped: the connection is refused
                }
                let mut cut = sender.subscribe();
                let target = target.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut.changed() => {}
                    }
                });
            }
        });
        Proxy {
            port,
            up,
            cuts,
            task,
        }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cuts.send_modify(|n| *n += 1);
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Default)]
struct Seen {
    acknowledged: Vec<String>,
    statuses: std::collections::BTreeMap<u16, usize>,
    problems: Vec<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_database_is_503_and_the_service_recovers() {
    let (guard, url) = TestDb::create(Backend::Postgres).await;
    let (server, name) = url.rsplit_once('/').unwrap();
    let target = server
        .rsplit_once('@')
        .map_or(server, |(_, h)| h)
        .to_string();
    let proxy = Proxy::start(target.clone()).await;
    let proxied = format!(
        "{}{}/{name}",
        &server[..server.len() - target.len()],
        format_args!("127.0.0.1:{}", proxy.port)
    );
    let app = TestApp::spawn_on(guard, proxied, |u| {
        let mut s = test_settings(u);
        s.db_acquire_timeout = Duration::from_secs(1);
        s
    })
    .await;
    let d = desk(&app).await;
    let token = d.token("ent.a").to_string();

    let seen = Arc::new(Mutex::new(Seen::default()));
    let running = Arc::new(AtomicBool::new(true));
    let mut load = Vec::new();
    for worker in 0..4 {
        let (client, base, token) = (app.client.clone(), app.base.clone(), token.clone());
        let (seen, running) = (seen.clone(), running.clone());
        load.push(tokio::spawn(async move {
            let mut i = 0;
            while running.load(Ordering::SeqCst) {
                i += 1;
                let resp = client
                    .post(format!("{base}/api/v1/tickets"))
                    .bearer_auth(&token)
                    .json(&filing(&format!("断线 {worker}-{i}")))
                    .send()
                    .await
                    .unwrap();
                let resp = TestApp::read(resp).await;
                let mut seen = seen.lock().await;
                *seen.statuses.entry(resp.status).or_default() += 1;
                match resp.status {
                    201 => seen.acknowledged.push(resp.id()),
                    503 => {
                        if resp.header("content-type") != Some("application/problem+json")
                            || resp.header("retry-after").is_none()
                            || resp.body["code"] != "unavailable"
                        {
                            seen.problems
                                .push(format!("{:?} {}", resp.headers, resp.text));
                        }
                    }
                    _ => seen.problems.push(resp.text.clone()),
                }
            }
        }));
    }

    tokio::time::sleep(Duration::from_millis(800)).await;
    proxy.cut();
    let ready = app
        .request(reqwest::Method::GET, "/readyz", None, None)
        .await;
    ready.assert_problem(503, "unavailable");
    assert!(ready.header("retry-after").is_some());
    tokio::time::sleep(Duration::from_millis(2500)).await;
    proxy.restore();

    // It recovers by itself.
    let started = Instant::now();
    loop {
        let ready = app
            .request(reqwest::Method::GET, "/readyz", None, None)
            .await;
        if ready.status == 200 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "not ready again"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    running.store(false, Ordering::SeqCst);
    for task in load {
        task.await.unwrap();
    }

    let seen = seen.lock().await;
    eprintln!("statuses under the cut: {:?}", seen.statuses);
    assert!(seen.problems.is_empty(), "{:#?}", seen.problems);
    assert!(seen.statuses.contains_key(&503), "{:?}", seen.statuses);
    assert!(!seen.acknowledged.is_empty(), "{:?}", seen.statuses);
    for id in &seen.acknowledged {
        app.get(&format!("/api/v1/tickets/{id}"), &d.w.admin)
            .await
            .assert_status(200);
    }
    app.file(&d, "ent.a", filing("恢复后")).await;
}
