//! Load on `copydesk serve`: 50 clients, each editing a different
//! 5,000-word story, for 30 s against the server on loopback. Each client
//! keeps one connection and works as the page does: an edit (a character
//! typed or deleted somewhere in the story), then the whole text sent to
//! `POST /api/check?session=…`, then a pause (the page's 150 ms debounce).
//! Reports every request's status (any but 200 is an error) and the
//! latency of the edits' checks (median, p99, max), and for comparison a
//! check of the same story without a session (everything checked).
//!
//! `cargo bench --bench serve` runs it; CI only compiles it. The number of
//! clients, seconds and pause can be changed with SERVE_BENCH_CLIENTS,
//! SERVE_BENCH_SECONDS and SERVE_BENCH_PAUSE_MS (0: no pause at all, the
//! server flooded). With SERVE_BENCH_HEAVY=N, N more clients each send a
//! 2 MB story (the largest taken) over and over, checked whole each time:
//! the others' latency shows whether they hold them up.

#[path = "support/corpus.rs"]
mod corpus;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_copydesk");

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A story of about `words` words from the corpus's paragraphs, starting at
/// paragraph `first`; every tenth paragraph carries two slips.
fn story(paragraphs: &[String], first: usize, words: usize) -> String {
    let mut out = format!("Story {first}\n\n");
    let mut count = 0;
    for (n, para) in paragraphs.iter().cycle().skip(first).enumerate() {
        if count >= words {
            break;
        }
        count += para.split_whitespace().count();
        let slip = if n % 10 == 0 {
            "The the envoys met on October 24th. "
        } else {
            ""
        };
        out.push_str(&format!("{slip}{para}\n\n"));
    }
    out
}

/// One keep-alive connection to the server.
struct Connection {
    stream: BufReader<TcpStream>,
    host: String,
}

impl Connection {
    fn open(addr: &str) -> Connection {
        let stream = TcpStream::connect(addr).expect("the server accepts");
        stream.set_nodelay(true).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        Connection {
            stream: BufReader::new(stream),
            host: addr.to_string(),
        }
    }

    /// `POST path` with `body`: the status and the answer's length.
    fn post(&mut self, path: &str, body: &str) -> std::io::Result<(u16, usize)> {
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
            self.host,
            body.len()
        );
        let socket = self.stream.get_mut();
        socket.write_all(head.as_bytes())?;
        socket.write_all(body.as_bytes())?;
        let mut status = 0;
        let mut length = 0;
        let mut line = String::new();
        loop {
            line.clear();
            if self.stream.read_line(&mut line)? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let trimmed = line.trim_end();
            if trimmed.is_empty() {
                break;
            }
            if let Some(rest) = trimmed.strip_prefix("HTTP/1.1 ") {
                status = rest[..3].parse().unwrap_or(0);
            } else if let Some((key, value)) = trimmed.split_once(": ") {
                if key.eq_ignore_ascii_case("content-length") {
                    length = value.parse().unwrap_or(0);
                }
            }
        }
        let mut answer = vec![0; length];
        self.stream.read_exact(&mut answer)?;
        Ok((status, length))
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let clients = setting("SERVE_BENCH_CLIENTS", 50) as usize;
    let seconds = setting("SERVE_BENCH_SECONDS", 30);
    let pause = Duration::from_millis(setting("SERVE_BENCH_PAUSE_MS", 150));
    let paragraphs = corpus::paragraphs();
    let stories: Vec<String> = (0..clients)
        .map(|c| story(&paragraphs, c * 7, 5_000))
        .collect();
    let words = stories[0].split_whitespace().count();

    let mut server = Command::new(BINARY)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("copydesk serve starts");
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("the address")
        .to_string();

    // For comparison: the whole story checked, no session.
    let mut one = Connection::open(&addr);
    let mut full: Vec<Duration> = (0..10)
        .map(|_| {
            let start = Instant::now();
            one.post("/api/check", &stories[0]).unwrap();
            start.elapsed()
        })
        .collect();
    full.sort();

    let heavy = setting("SERVE_BENCH_HEAVY", 0) as usize;
    let big: String = {
        let mut big = String::new();
        let mut n = 0;
        while big.len() < 2_000_000 {
            big.push_str(&stories[n % stories.len()]);
            n += 1;
        }
        let mut cut = 2_000_000;
        while !big.is_char_boundary(cut) {
            cut -= 1;
        }
        big.truncate(cut);
        big
    };
    let until = Instant::now() + Duration::from_secs(seconds);
    let neighbours: Vec<_> = (0..heavy)
        .map(|_| {
            let addr = addr.clone();
            let big = big.clone();
            std::thread::spawn(move || {
                let mut connection = Connection::open(&addr);
                let mut times = Vec::new();
                while Instant::now() < until {
                    let start = Instant::now();
                    match connection.post("/api/check", &big) {
                        Ok((200, _)) => times.push(start.elapsed()),
                        other => panic!("the heavy client: {other:?}"),
                    }
                }
                times
            })
        })
        .collect();
    let results: Vec<(Vec<Duration>, usize, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = stories
            .iter()
            .enumerate()
            .map(|(c, story)| {
                let addr = addr.clone();
                scope.spawn(move || {
                    let mut connection = Connection::open(&addr);
                    let path = format!("/api/check?session=bench-{c}");
                    let mut text = story.clone();
                    let mut times = Vec::new();
                    let (mut errors, mut bytes) = (0, 0);
                    // The first check of the session checks everything.
                    if !matches!(connection.post(&path, &text), Ok((200, _))) {
                        errors += 1;
                    }
                    let mut seed = c as u64 * 7919 + 1;
                    let mut typed: Option<usize> = None;
                    while Instant::now() < until {
                        // Type a character somewhere, or delete the last one typed.
                        match typed.take() {
                            Some(at) => {
                                text.remove(at);
                            }
                            None => {
                                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                                let mut at = (seed >> 33) as usize % text.len();
                                while !text.is_char_boundary(at) {
                                    at -= 1;
                                }
                                text.insert(at, 'x');
                                typed = Some(at);
                            }
                        }
                        let start = Instant::now();
                        match connection.post(&path, &text) {
                            Ok((200, n)) => bytes += n,
                            _ => {
                                errors += 1;
                                connection = Connection::open(&addr);
                            }
                        }
                        times.push(start.elapsed());
                        std::thread::sleep(pause);
                    }
                    (times, errors, bytes)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut heavy_times: Vec<Duration> = neighbours
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let _ = server.kill();
    let _ = server.wait();

    let mut times: Vec<Duration> = results.iter().flat_map(|r| r.0.clone()).collect();
    times.sort();
    let errors: usize = results.iter().map(|r| r.1).sum();
    let bytes: usize = results.iter().map(|r| r.2).sum();
    println!(
        "copydesk serve: {clients} clients, {seconds} s, pause {} ms, stories of {words} words ({} KB)",
        pause.as_millis(),
        stories[0].len() / 1024
    );
    println!(
        "  edits checked: {} ({:.0}/s), errors: {errors}, answers {:.1} KB each",
        times.len(),
        times.len() as f64 / seconds as f64,
        bytes as f64 / times.len().max(1) as f64 / 1024.0
    );
    if !times.is_empty() {
        println!(
            "  latency of an edit's check: median {}, p99 {}, max {}",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(*times.last().unwrap())
        );
    }
    println!(
        "  for comparison, the whole story checked (no session, one client): median {}",
        ms(percentile(&full, 0.5))
    );
    if heavy > 0 {
        heavy_times.sort();
        println!(
            "  meanwhile {heavy} clients had a {} KB story checked whole {} times, median {}",
            big.len() / 1024,
            heavy_times.len(),
            ms(percentile(&heavy_times, 0.5))
        );
    }
}
