//! The language server: `copydesk lsp`. A thin adapter around the engine;
//! see ARCHITECTURE.md for the map and the ordering invariant.

mod backend;
mod capabilities;
mod config_poll;
mod diagnostics;
pub(crate) mod document;
pub mod encoding;
mod handlers;
pub use handlers::hover::cards as hover_cards;
mod lint;
mod outbox;
mod session;
mod transport;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use tower_lsp_server::{LspService, Server};

use backend::Backend;
use outbox::Outbox;

/// Serves LSP on `input`/`output` until the client exits or input ends.
/// Returns the exit code the spec asks for: 0 if the client asked for
/// `shutdown` first, else 1.
pub async fn serve<I, O>(input: I, output: O) -> i32
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let outbox = Arc::new(Outbox::default());
    let shut_down = Arc::new(AtomicBool::new(false));
    let (service, socket) = {
        let (outbox, shut_down) = (Arc::clone(&outbox), Arc::clone(&shut_down));
        LspService::new(move |client| Backend::new(client, outbox, shut_down))
    };
    let (to_service, service_input) = tokio::io::duplex(1 << 16);
    let (service_output, from_service) = tokio::io::duplex(1 << 16);
    let (answers_tx, answers_rx) = mpsc::channel(transport::OUTPUT_QUEUE);
    let (frames_tx, frames_rx) = mpsc::channel(transport::OUTPUT_QUEUE);
    let input_task = tokio::spawn(transport::pump_input(input, to_service, answers_tx));
    let reader_task = tokio::spawn(transport::read_service_output(from_service, frames_tx));
    let output_task = tokio::spawn(transport::pump_output(
        output, frames_rx, answers_rx, outbox,
    ));
    Server::new(service_input, service_output, socket)
        .serve(service)
        .await;
    // The service has stopped (after `exit`, or at end of input): stop
    // reading, then let the output drain.
    input_task.abort();
    let _ = reader_task.await;
    let _ = output_task.await;
    if shut_down.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

/// The runtime the server runs on: one thread. A keystroke's way through
/// the server crosses several tasks (the transport, the service, the lint,
/// the output), and handing each one to another worker thread cost more
/// than the analysis itself, even on a 1 MB document. Work that may take
/// long (a document's first analysis) goes to the blocking pool.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}

/// `copydesk lsp`: serve on stdin and stdout. Logs go to stderr. The exit
/// code is 0 after `shutdown` and `exit`, 1 when the client exits (or its
/// input ends) without `shutdown`.
pub fn run_stdio() -> i32 {
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("copydesk: cannot start the server: {err}");
            return 2;
        }
    };
    let code = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // stdin may still be blocked in a read; do not wait for it.
    runtime.shutdown_background();
    code
}
