//! The language server: `copydesk lsp`. A thin adapter around the engine;
//! see ARCHITECTURE.md for the map and the ordering invariant.

mod backend;
mod diagnostics;
pub(crate) mod document;
pub mod encoding;
mod handlers;
mod lint;
mod session;
mod transport;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use tower_lsp_server::{LspService, Server};

use backend::Backend;

/// Serves LSP on `input`/`output` until the client exits or input ends.
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (service, socket) = LspService::new(Backend::new);
    let (to_service, service_input) = tokio::io::duplex(1 << 16);
    let (service_output, from_service) = tokio::io::duplex(1 << 16);
    let (answers_tx, answers_rx) = mpsc::unbounded_channel();
    let (frames_tx, frames_rx) = mpsc::unbounded_channel();
    let input_task = tokio::spawn(transport::pump_input(input, to_service, answers_tx));
    let reader_task = tokio::spawn(transport::read_service_output(from_service, frames_tx));
    let output_task = tokio::spawn(transport::pump_output(output, frames_rx, answers_rx));
    Server::new(service_input, service_output, socket)
        .serve(service)
        .await;
    // The service has stopped (after `exit`, or at end of input): stop
    // reading, then let the output drain.
    input_task.abort();
    let _ = reader_task.await;
    let _ = output_task.await;
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

/// `copydesk lsp`: serve on stdin and stdout. Logs go to stderr.
pub fn run_stdio() -> i32 {
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("copydesk: cannot start the server: {err}");
            return 2;
        }
    };
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // stdin may still be blocked in a read; do not wait for it.
    runtime.shutdown_background();
    0
}
