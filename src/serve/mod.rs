//! `copydesk serve`: the copy desk's page. An HTTP/1.1 server (hyper, on
//! its own tokio runtime) serving one page, embedded in the binary, and a
//! JSON API over the engine:
//!
//! * `POST /api/check` — the story as the body (`?format=markdown` for
//!   Markdown): the JSON array `copydesk check --format json -` prints for
//!   the same text, written by the CLI's own JSON output.
//! * `POST /api/hover?at=BYTE` — the cards a hover there shows (the
//!   language server's hover cards).
//! * `POST /api/complete` — the line up to the cursor as the body: house
//!   spellings of the official's name being typed.
//! * `POST /api/fix-all` — the story with every safe fix applied, to a
//!   fixed point (what `copydesk check --fix` writes).
//! * `GET /api/rules` — every rule with its explanation.
//!
//! A check or hover may name a `session` (the page's random id): the
//! server then keeps that session's last text and analysis (at most
//! `sessions::MAX_SESSIONS`, least recently used dropped first) and
//! re-checks only the paragraphs that changed. What is answered depends only
//! on the text sent, never on the session (the reuse is exact).
//!
//! The configuration (`--config FILE`, else `copydesk.toml` discovered from
//! the working folder) is kept as fresh as its files (`freshness`): an
//! edited config, names file or word list is in force on the next call.
//!
//! Bounds: a body over `--max-body-kib` is refused (413) before it is read
//! whole; reading, checking and answering each request has `--timeout`;
//! analyses run on the blocking pool, at most a few per core at once and
//! those of large stories (256 KiB or more) on at most half the cores, so a
//! connection waiting on one never holds up the runtime's threads and
//! clients sending large stories leave cores to the others; headers
//! must arrive within `HEADER_TIMEOUT`, and at most `MAX_CONNECTIONS` are
//! served at once. Security: loopback unless `--allow-remote`; requests
//! must name the server itself as `Host` (no DNS rebinding) and come from
//! its own page (`Origin`); `--token` (or `COPYDESK_SERVE_TOKEN`) guards
//! every API call; no route takes a path, so no file of the machine can be
//! read; every answer carries a strict Content-Security-Policy.

mod api;
mod assets;
mod http;
mod sessions;

use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::cli::exit;
use crate::config::Config;
use crate::freshness::{Refresh, Reloading, Source};

/// Connections served at once; the next waits to be accepted.
const MAX_CONNECTIONS: usize = 256;
/// How long a client may take to send a request's headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The environment variable that may hold the token.
pub const TOKEN_VAR: &str = "COPYDESK_SERVE_TOKEN";

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The address to listen on. Only loopback addresses unless
    /// `--allow-remote` is given.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
    pub listen: SocketAddr,
    /// Listen on an address other than loopback: anyone who can reach it can
    /// use the page (set a token).
    #[arg(long)]
    pub allow_remote: bool,
    /// Require this token on every API call (the page takes it from the
    /// address printed at start). Also read from COPYDESK_SERVE_TOKEN,
    /// which keeps it out of the process list.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Use this configuration file instead of discovering copydesk.toml
    /// from the current folder.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The largest story accepted, in KiB.
    #[arg(long, value_name = "KIB", default_value_t = 2048)]
    pub max_body_kib: u64,
    /// The longest a request may take (reading, checking, answering), in
    /// seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub timeout: u64,
}

/// How often the configuration's files are looked at for changes.
const CONFIG_LOOK_INTERVAL: Duration = Duration::from_secs(1);

/// What every request handler shares.
pub(crate) struct State {
    /// Kept as fresh as its files: use [`State::config`].
    config: Reloading,
    pub token: Option<String>,
    pub max_body: usize,
    pub timeout: Duration,
    /// `Host` values naming this server; empty with `--allow-remote`.
    pub hosts: Vec<String>,
    pub sessions: sessions::Sessions,
    /// Analyses running at once on the blocking pool.
    pub analyses: Arc<Semaphore>,
    /// Analyses of large stories running at once (`http::LARGE`).
    pub large: Arc<Semaphore>,
}

pub fn run(args: &ServeArgs) -> i32 {
    if !args.listen.ip().is_loopback() && !args.allow_remote {
        eprintln!(
            "copydesk: {} is not a loopback address; pass --allow-remote to serve the page to other machines",
            args.listen
        );
        return exit::ERROR;
    }
    let source = match &args.config {
        Some(path) => Source::File(path.clone()),
        None => Source::Discover(std::env::current_dir().unwrap_or_default()),
    };
    let config = match Reloading::new(source) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("copydesk: {err}");
            return exit::ERROR;
        }
    };
    let token = args
        .token
        .clone()
        .or_else(|| std::env::var(TOKEN_VAR).ok())
        .filter(|t| !t.is_empty());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("copydesk: cannot start the server: {err}");
            return exit::ERROR;
        }
    };
    runtime.block_on(async {
        let listener = match TcpListener::bind(args.listen).await {
            Ok(listener) => listener,
            Err(err) => {
                eprintln!("copydesk: cannot listen on {}: {err}", args.listen);
                return exit::ERROR;
            }
        };
        let addr = listener.local_addr().unwrap_or(args.listen);
        let hosts = if args.allow_remote {
            let _ = writeln!(
                std::io::stderr(),
                "copydesk: warning: serving on {addr}, beyond this machine: anyone who can reach it can send stories to check{}",
                if token.is_some() {
                    ""
                } else {
                    " (no token is set: see --token)"
                }
            );
            Vec::new()
        } else {
            loopback_hosts(addr)
        };
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let state = Arc::new(State {
            config,
            max_body: usize::try_from(args.max_body_kib.saturating_mul(1024)).unwrap_or(usize::MAX),
            timeout: Duration::from_secs(args.timeout.max(1)),
            hosts,
            sessions: sessions::Sessions::default(),
            analyses: Arc::new(Semaphore::new(4 * cores)),
            large: Arc::new(Semaphore::new((cores / 2).max(1))),
            token,
        });
        let shown = match &state.token {
            Some(token) => format!("http://{addr}/#token={token}"),
            None => format!("http://{addr}/"),
        };
        // The first line on stdout is the page's address (tests read it).
        // A closed stdout or stderr is no reason to stop serving.
        let mut stdout = std::io::stdout();
        let _ = writeln!(stdout, "copydesk serve: the page is at {shown}");
        let _ = stdout.flush();
        serve(listener, state).await;
        exit::CLEAN
    })
}

impl State {
    /// The configuration in force, loaded again first if its files changed
    /// (looked at once a second at most): a desk editing `copydesk.toml`
    /// or a names file sees the change on the page's next check. A file
    /// that no longer loads is named on stderr, once, and the last good
    /// configuration stays in force.
    pub fn config(&self) -> Arc<Config> {
        match self.config.refresh(CONFIG_LOOK_INTERVAL) {
            Refresh::Unchanged => {}
            Refresh::Reloaded => {
                // Kept analyses were made under the old settings.
                self.sessions.clear();
                let _ = writeln!(std::io::stderr(), "copydesk serve: configuration reloaded");
            }
            Refresh::Failed(err) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "copydesk serve: {err} (the last good configuration stays in force)"
                );
            }
        }
        self.config.current()
    }
}

/// The `Host` values a browser on this machine sends for the server at
/// `addr` (a loopback address): its own, and the usual names of loopback
/// (without the port too when it is 80, as browsers leave it out).
fn loopback_hosts(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    let mut hosts: Vec<String> = ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .map(|host| format!("{host}:{port}"))
        .collect();
    hosts.push(addr.to_string());
    if port == 80 {
        hosts.extend(["127.0.0.1", "localhost", "[::1]"].map(String::from));
        hosts.push(match addr {
            SocketAddr::V4(v4) => v4.ip().to_string(),
            SocketAddr::V6(v6) => format!("[{}]", v6.ip()),
        });
    }
    hosts
}

/// Accepts connections for ever, each served on a task of its own.
async fn serve(listener: TcpListener, state: Arc<State>) {
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(permit) = Arc::clone(&connections).acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of descriptors, say: wait a little rather than spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let state = Arc::clone(&state);
                async move { Ok::<_, Infallible>(api::handle(request, &state).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(64 * 1024)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(permit);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_answers_to_its_own_loopback_names() {
        let hosts = loopback_hosts("127.0.0.2:7878".parse().unwrap());
        for host in [
            "127.0.0.1:7878",
            "localhost:7878",
            "[::1]:7878",
            "127.0.0.2:7878",
        ] {
            assert!(hosts.iter().any(|h| h == host), "{host}");
        }
        assert!(!hosts.iter().any(|h| h == "localhost"));
        let hosts = loopback_hosts("[::1]:80".parse().unwrap());
        for host in ["localhost", "[::1]", "[::1]:80"] {
            assert!(hosts.iter().any(|h| h == host), "{host}");
        }
    }
}
