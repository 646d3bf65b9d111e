//! The stdio guard in front of tower-lsp-server's transport.
//!
//! tower-lsp-server's framed reader stops for good after the first message
//! it cannot decode. This layer frames the input itself: a body that is not
//! JSON is answered with `-32700 Parse error` (id `null`), a JSON body that
//! is not a JSON-RPC message with `-32600 Invalid Request`, and only sound
//! messages reach the service. The service's output, these answers and the
//! pushed diagnostics (`Outbox`) are merged frame by frame, so they never
//! interleave inside a message.
//!
//! Only input is limited in size: the server's own frames (a pull response
//! for a long document) pass whatever their length. Memory is bounded on
//! the way out: the service's frames and the answers go through bounded
//! channels (a reader that stalls stalls the server's output, then its
//! input), and diagnostics wait in the outbox, one publish per document.

use std::sync::Arc;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

use super::outbox::Outbox;

/// The largest message body accepted from the client (a story of hundreds
/// of megabytes is not a story), and the longest header line.
#[cfg(not(test))]
const MAX_MESSAGE: usize = 256 << 20;
/// Small in unit tests, so that a frame over it is cheap to make.
#[cfg(test)]
const MAX_MESSAGE: usize = 64 << 10;
/// Frames from the service or answers waiting for the client, at most.
pub const OUTPUT_QUEUE: usize = 32;
const MAX_HEADER_LINE: usize = 8 << 10;

/// What one attempt to read a frame found.
enum Frame {
    Body(Vec<u8>),
    /// A message that cannot be used. With `lost`, where its body ends is
    /// unknown: the caller answers it, then calls `resync`.
    Skipped {
        reason: String,
        lost: bool,
    },
    End,
}

/// The start of the header every message carries.
const MARK: &[u8] = b"Content-Length:";

/// Moves the reader past the next `Content-Length:` (true), or to the end
/// of input (false): after a broken header block nobody knows where its
/// body ends, but the next message announces itself. The mark is matched
/// byte by byte, so it is found even when it straddles two reads.
async fn resync<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> std::io::Result<bool> {
    let mut matched = 0;
    loop {
        let buffer = reader.fill_buf().await?;
        if buffer.is_empty() {
            return Ok(false);
        }
        for (i, &b) in buffer.iter().enumerate() {
            // No proper prefix of the mark recurs inside it, so a mismatch
            // can only restart the match at this byte.
            matched = if b == MARK[matched] {
                matched + 1
            } else {
                usize::from(b == MARK[0])
            };
            if matched == MARK.len() {
                reader.consume(i + 1);
                return Ok(true);
            }
        }
        let consumed = buffer.len();
        reader.consume(consumed);
    }
}

/// Reads one framed message. Header lines are read as bytes (a stray
/// non-UTF-8 byte is not fatal) and capped in length; a body over the limit
/// is skipped in small reads, never allocated. `consumed` is the start of
/// the first header line when `resync` has already read it. A body longer
/// than `limit` is skipped.
async fn read_frame<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
    consumed: &[u8],
    limit: usize,
) -> std::io::Result<Frame> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    let mut first = consumed;
    loop {
        let mut line = std::mem::take(&mut first).to_vec();
        let read = (&mut *reader)
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut line)
            .await?;
        if read == 0 {
            return Ok(Frame::End);
        }
        if !line.ends_with(b"\n") && read >= MAX_HEADER_LINE {
            return Ok(Frame::Skipped {
                reason: "a header line too long".to_string(),
                lost: true,
            });
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue; // stray blank line between messages
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
    let Some(length) = length else {
        return Ok(Frame::Skipped {
            reason: "missing or invalid Content-Length header".to_string(),
            lost: true,
        });
    };
    if length > limit {
        tokio::io::copy(
            &mut (&mut *reader).take(length as u64),
            &mut tokio::io::sink(),
        )
        .await?;
        let reason = format!("a message of {length} bytes is over the {limit}-byte limit");
        return Ok(Frame::Skipped {
            reason,
            lost: false,
        });
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await?;
    Ok(Frame::Body(body))
}

/// `body` with its header: one whole message.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error_frame(id: Value, code: i64, message: &str) -> Vec<u8> {
    let body = json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } });
    frame(body.to_string().as_bytes())
}

/// Checks one body: `Ok` to pass it on, `Err(frame)` to answer it here.
fn vet(body: &[u8]) -> Result<(), Vec<u8>> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(_) => return Err(error_frame(Value::Null, -32700, "Parse error")),
    };
    let is_message = serde_json::from_value::<Request>(value.clone()).is_ok()
        || serde_json::from_value::<Response>(value.clone()).is_ok();
    if is_message {
        Ok(())
    } else {
        let id = value
            .get("id")
            .cloned()
            .filter(|id| id.is_number() || id.is_string())
            .unwrap_or(Value::Null);
        Err(error_frame(id, -32600, "Invalid Request"))
    }
}

/// Pumps client input into the service, answering what cannot go there.
pub async fn pump_input<R, W>(input: R, mut to_service: W, answers: mpsc::Sender<Vec<u8>>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(input);
    // What `resync` read of the next header line.
    let mut consumed: &[u8] = b"";
    loop {
        match read_frame(&mut reader, std::mem::take(&mut consumed), MAX_MESSAGE).await {
            Ok(Frame::End) | Err(_) => break,
            Ok(Frame::Skipped { reason, lost }) => {
                eprintln!("copydesk: skipped a message: {reason}");
                // Answer first: the client may wait for it before sending more.
                let _ = answers
                    .send(error_frame(Value::Null, -32600, "Invalid Request"))
                    .await;
                if lost {
                    match resync(&mut reader).await {
                        Ok(true) => consumed = MARK,
                        Ok(false) | Err(_) => break,
                    }
                }
            }
            Ok(Frame::Body(body)) => match vet(&body) {
                Ok(()) => {
                    if to_service.write_all(&frame(&body)).await.is_err()
                        || to_service.flush().await.is_err()
                    {
                        break;
                    }
                }
                Err(answer) => {
                    eprintln!("copydesk: answered a malformed message");
                    let _ = answers.send(answer).await;
                }
            },
        }
    }
    let _ = to_service.shutdown().await;
}

/// Reads the service's output frames into `frames`, whatever their size.
/// A task of its own, so that a frame is never abandoned half read (reading
/// is not cancel-safe, receiving from a channel is).
pub async fn read_service_output<R: AsyncRead + Unpin>(
    from_service: R,
    frames: mpsc::Sender<Vec<u8>>,
) {
    let mut reader = BufReader::new(from_service);
    let mut consumed: &[u8] = b"";
    loop {
        match read_frame(&mut reader, std::mem::take(&mut consumed), usize::MAX).await {
            Ok(Frame::Body(body)) => {
                if frames.send(frame(&body)).await.is_err() {
                    return;
                }
            }
            Ok(Frame::Skipped { lost, .. }) => {
                if lost {
                    match resync(&mut reader).await {
                        Ok(true) => consumed = MARK,
                        Ok(false) | Err(_) => return,
                    }
                }
            }
            Ok(Frame::End) | Err(_) => return,
        }
    }
}

/// Writes the service's frames, our own answers and the waiting
/// diagnostics to the client, whole frames only, until the service and the
/// input are done; then what is left in the outbox.
pub async fn pump_output<W: AsyncWrite + Unpin>(
    mut output: W,
    mut frames: mpsc::Receiver<Vec<u8>>,
    mut answers: mpsc::Receiver<Vec<u8>>,
    outbox: Arc<Outbox>,
) {
    let (mut frames_open, mut answers_open) = (true, true);
    while frames_open || answers_open {
        let bytes = tokio::select! {
            biased;
            frame = frames.recv(), if frames_open => match frame {
                Some(bytes) => bytes,
                None => {
                    frames_open = false;
                    continue;
                }
            },
            answer = answers.recv(), if answers_open => match answer {
                Some(bytes) => bytes,
                None => {
                    answers_open = false;
                    continue;
                }
            },
            bytes = outbox.next() => bytes,
        };
        if output.write_all(&bytes).await.is_err() || output.flush().await.is_err() {
            return;
        }
    }
    while let Some(bytes) = outbox.take() {
        if output.write_all(&bytes).await.is_err() || output.flush().await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_header_split_across_reads_is_found_after_garbage() {
        // A buffer of 16 bytes puts the mark across two reads whatever the
        // length of the garbage before it.
        for garbage in 0..40 {
            let input = format!("{}Content-Length: 5\r\n\r\nhello", "x".repeat(garbage));
            let mut reader = BufReader::with_capacity(16, input.as_bytes());
            assert!(resync(&mut reader).await.unwrap(), "garbage {garbage}");
            match read_frame(&mut reader, MARK, MAX_MESSAGE).await.unwrap() {
                Frame::Body(body) => assert_eq!(body, b"hello", "garbage {garbage}"),
                _ => panic!("no frame after {garbage} bytes of garbage"),
            }
        }
        let mut reader = BufReader::with_capacity(16, &b"no header here at all"[..]);
        assert!(!resync(&mut reader).await.unwrap());
    }

    #[tokio::test]
    async fn only_input_is_limited_in_size() {
        let body = "x".repeat(1000);
        let input = format!("Content-Length: 1000\r\n\r\n{body}");
        let mut reader = BufReader::new(input.as_bytes());
        assert!(matches!(
            read_frame(&mut reader, b"", 999).await.unwrap(),
            Frame::Skipped { lost: false, .. }
        ));
        // The service's output passes whatever its size: a frame over the
        // input limit reaches the client whole.
        let (tx, mut rx) = mpsc::channel(1);
        let mut big = Vec::new();
        big.extend_from_slice(format!("Content-Length: {}\r\n\r\n", MAX_MESSAGE + 1).as_bytes());
        big.resize(big.len() + MAX_MESSAGE + 1, b' ');
        let total = big.len();
        tokio::spawn(read_service_output(std::io::Cursor::new(big), tx));
        assert_eq!(rx.recv().await.map(|f| f.len()), Some(total));
    }

    #[test]
    fn bodies_are_vetted() {
        assert!(vet(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#).is_ok());
        assert!(vet(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#).is_ok());
        let parse_error = String::from_utf8(vet(b"{not json").unwrap_err()).unwrap();
        assert!(
            parse_error.ends_with(
                r#"{"error":{"code":-32700,"message":"Parse error"},"id":null,"jsonrpc":"2.0"}"#
            ),
            "{parse_error}"
        );
        let invalid = String::from_utf8(vet(br#"{"id":7,"hello":1}"#).unwrap_err()).unwrap();
        assert!(
            invalid.contains(r#""code":-32600"#) && invalid.contains(r#""id":7"#),
            "{invalid}"
        );
    }
}
