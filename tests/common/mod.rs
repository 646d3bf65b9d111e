//! A small LSP client that drives the real server — in process over an
//! in-memory duplex, or the `copydesk lsp` binary over its stdio pipes: it
//! frames messages, answers the server's own requests, and keeps the
//! notifications it receives for the test to inspect.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

type Writer = Box<dyn AsyncWrite + Send + Unpin>;
type Reader = Box<dyn AsyncRead + Send + Unpin>;

/// The server under test: a task in this process, or a child process.
enum Server {
    Task(tokio::task::JoinHandle<i32>),
    Process(tokio::process::Child),
}

pub struct Client {
    to_server: Writer,
    from_server: BufReader<Reader>,
    next_id: i64,
    pub notifications: VecDeque<Value>,
    /// Requests the server sent us (already answered with `null`).
    pub server_requests: Vec<Value>,
    server: Server,
}

/// A client that pulls diagnostics, takes refresh requests and watches
/// files for the server, with UTF-8 positions (Neovim's encodings, and
/// what Neovim does on macOS and Windows but for refresh).
pub fn neovim_capabilities() -> Value {
    json!({
        "general": { "positionEncodings": ["utf-8", "utf-16", "utf-32"] },
        "textDocument": { "diagnostic": { "dynamicRegistration": false } },
        "workspace": {
            "didChangeWatchedFiles": { "dynamicRegistration": true },
            "diagnostics": { "refreshSupport": true }
        }
    })
}

/// What Neovim 0.12 on Linux says it can do, as far as the server cares:
/// it could pull, but takes no `workspace/diagnostic/refresh`, and watches
/// no files (its runtime's `protocol.lua`).
pub fn linux_neovim_capabilities() -> Value {
    json!({
        "general": { "positionEncodings": ["utf-8", "utf-16", "utf-32"] },
        "textDocument": {
            "diagnostic": { "dynamicRegistration": false },
            "publishDiagnostics": { "versionSupport": true }
        },
        "workspace": {
            "didChangeWatchedFiles": { "dynamicRegistration": false },
            "diagnostics": { "refreshSupport": false }
        }
    })
}

/// A client with no pull support and no UTF-8: gets pushed UTF-16 diagnostics.
pub fn push_utf16_capabilities() -> Value {
    json!({ "textDocument": { "publishDiagnostics": { "versionSupport": true } } })
}

impl Client {
    /// Starts a server and completes `initialize`/`initialized`. Returns
    /// the client and the server's `InitializeResult`.
    pub async fn start(capabilities: Value, initialization_options: Value) -> (Client, Value) {
        Client::start_with_buffer(capabilities, initialization_options, 1 << 20).await
    }

    /// `start`, with `buffer` bytes between the server's output and this
    /// client's reading: what the server can write before it must wait.
    pub async fn start_with_buffer(
        capabilities: Value,
        initialization_options: Value,
        buffer: usize,
    ) -> (Client, Value) {
        let (client_out, server_in) = tokio::io::duplex(1 << 20);
        let (server_out, client_in) = tokio::io::duplex(buffer);
        let server = tokio::spawn(copydesk::server::serve(server_in, server_out));
        let server = Server::Task(server);
        let pipes: (Writer, Reader) = (Box::new(client_out), Box::new(client_in));
        Client::connect(pipes, server, capabilities, initialization_options).await
    }

    /// Starts `copydesk lsp` (the binary at `program`) and talks to it over
    /// its stdin and stdout, real pipes.
    pub async fn spawn(
        program: &str,
        capabilities: Value,
        initialization_options: Value,
    ) -> (Client, Value) {
        let mut child = tokio::process::Command::new(program)
            .arg("lsp")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("copydesk lsp starts");
        let to_server = child.stdin.take().unwrap();
        let from_server = child.stdout.take().unwrap();
        let pipes: (Writer, Reader) = (Box::new(to_server), Box::new(from_server));
        Client::connect(
            pipes,
            Server::Process(child),
            capabilities,
            initialization_options,
        )
        .await
    }

    /// Completes `initialize`/`initialized` over `pipes` (to the server,
    /// from the server).
    async fn connect(
        (to_server, from_server): (Writer, Reader),
        server: Server,
        capabilities: Value,
        initialization_options: Value,
    ) -> (Client, Value) {
        let mut client = Client {
            to_server,
            from_server: BufReader::with_capacity(1 << 16, from_server),
            next_id: 1,
            notifications: VecDeque::new(),
            server_requests: Vec::new(),
            server,
        };
        let result = client
            .request(
                "initialize",
                json!({
                    "processId": null, "rootUri": null, "capabilities": capabilities,
                    "initializationOptions": initialization_options,
                }),
            )
            .await;
        client.notify("initialized", json!({})).await;
        (client, result["result"]["capabilities"].clone())
    }

    pub async fn send_raw(&mut self, bytes: &[u8]) {
        self.to_server.write_all(bytes).await.unwrap();
        self.to_server.flush().await.unwrap();
    }

    pub async fn send(&mut self, message: Value) {
        let body = message.to_string();
        let framed = format!("Content-Length: {}\r\n\r\n{}", body.len(), body);
        self.send_raw(framed.as_bytes()).await;
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }))
            .await;
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params).await;
        self.response_to(id).await
    }

    /// Sends a request without waiting for its answer; returns its id.
    pub async fn send_request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))
            .await;
        json!(id)
    }

    pub async fn response_to(&mut self, id: Value) -> Value {
        loop {
            if let Some(message) = self.receive().await {
                if message.get("method").is_none() && message["id"] == id {
                    return message;
                }
            }
        }
    }

    /// Reads one message; server requests are answered, notifications kept.
    async fn receive_raw(&mut self) -> Value {
        let body = self.receive_frame().await;
        serde_json::from_slice(&body).unwrap()
    }

    /// Reads one message's body, unparsed.
    pub async fn receive_frame(&mut self) -> Vec<u8> {
        let mut length = 0;
        loop {
            let mut line = String::new();
            let read = self.from_server.read_line(&mut line).await.unwrap();
            assert!(read > 0, "the server closed its output");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length:") {
                length = value.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.from_server.read_exact(&mut body).await.unwrap();
        body
    }

    /// Reads one message: a notification is queued (not copied: a long
    /// document's diagnostics are large, and copying them would count in
    /// the latency benchmark), anything else is returned.
    async fn receive(&mut self) -> Option<Value> {
        let message = tokio::time::timeout(Duration::from_secs(10), self.receive_raw())
            .await
            .expect("a message within 10 s");
        if message.get("method").is_some() {
            if let Some(id) = message.get("id").cloned() {
                self.server_requests.push(message.clone());
                self.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }))
                    .await;
            } else {
                self.notifications.push_back(message);
                return None;
            }
        }
        Some(message)
    }

    /// The next notification of `method` (earlier ones of other methods are kept).
    pub async fn notification(&mut self, method: &str) -> Value {
        loop {
            if let Some(i) = self
                .notifications
                .iter()
                .position(|n| n["method"] == method)
            {
                return self.notifications.remove(i).unwrap();
            }
            self.receive().await;
        }
    }

    /// Waits until the server has sent a request of `method` (answered with
    /// `null`), and returns it.
    pub async fn server_request(&mut self, method: &str) -> Value {
        loop {
            if let Some(request) = self.server_requests.iter().find(|r| r["method"] == method) {
                return request.clone();
            }
            self.receive().await;
        }
    }

    /// The next `publishDiagnostics` for `version`, skipping older ones.
    pub async fn published(&mut self, version: i64) -> Value {
        loop {
            let mut n = self.notification("textDocument/publishDiagnostics").await;
            if n["params"]["version"] == json!(version) {
                return n["params"].take();
            }
            assert!(
                n["params"]["version"].as_i64().unwrap_or(0) < version,
                "published a newer version than expected: {n}"
            );
        }
    }

    /// Waits `ms` and reports whether any notification of `method` arrived.
    pub async fn quiet_for(&mut self, method: &str, ms: u64) -> bool {
        let deadline = tokio::time::Instant::now() + Duration::from_millis(ms);
        while let Ok(message) = tokio::time::timeout_at(deadline, self.receive_raw()).await {
            if message.get("method").is_some() && message.get("id").is_none() {
                self.notifications.push_back(message);
            }
        }
        !self.notifications.iter().any(|n| n["method"] == method)
    }

    pub async fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({
                "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text }
            }),
        )
        .await;
    }

    pub async fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version }, "contentChanges": changes
            }),
        )
        .await;
    }

    /// One edit: `range` (an LSP range) replaced by `text`.
    pub async fn edit(&mut self, uri: &str, version: i64, range: Value, text: &str) {
        self.change(uri, version, json!([{ "range": range, "text": text }]))
            .await;
    }

    pub async fn pull(&mut self, uri: &str, previous: Option<&str>) -> Value {
        let response = self
            .request(
                "textDocument/diagnostic",
                json!({ "textDocument": { "uri": uri }, "previousResultId": previous }),
            )
            .await;
        response["result"].clone()
    }

    /// `shutdown`, then `exit`: the server exits with code 0.
    pub async fn shutdown(mut self) {
        let response = self.request("shutdown", Value::Null).await;
        assert!(response.get("error").is_none(), "{response}");
        assert_eq!(self.exit().await, 0, "exit code after shutdown");
    }

    /// Sends `exit` and returns the server's exit code.
    pub async fn exit(mut self) -> i32 {
        self.notify("exit", Value::Null).await;
        let wait = async {
            match &mut self.server {
                Server::Task(task) => task.await.unwrap(),
                Server::Process(child) => child.wait().await.unwrap().code().unwrap_or(-1),
            }
        };
        tokio::time::timeout(Duration::from_secs(5), wait)
            .await
            .expect("the server exits")
    }
}

pub fn range(line: u64, start: u64, end_line: u64, end: u64) -> Value {
    json!({ "start": { "line": line, "character": start }, "end": { "line": end_line, "character": end } })
}
