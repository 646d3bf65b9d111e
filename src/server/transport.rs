//! The stdio guard in front of tower-lsp-server's transport.
//!
//! tower-lsp-server's framed reader stops for good after the first message
//! it cannot decode. This layer frames the input itself: a body that is not
//! JSON is answered with `-32700 Parse error` (id `null`), a JSON body that
//! is not a JSON-RPC message with `-32600 Invalid Request`, and only sound
//! messages reach the service. The service's output and these answers are
//! merged frame by frame, so they never interleave inside a message.

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// The largest message body accepted (a story of hundreds of megabytes is
/// not a story).
const MAX_MESSAGE: usize = 256 << 20;

/// Reads one framed message: `Ok(None)` at end of input, `Err` for a
/// header block without a usable `Content-Length` (skipped by the caller).
async fn read_frame<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
) -> std::io::Result<Option<Result<Vec<u8>, String>>> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
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
        return Ok(Some(Err(
            "missing or invalid Content-Length header".to_string()
        )));
    };
    if length > MAX_MESSAGE {
        // Never allocate what a broken or hostile header asks for: skip the
        // body in small reads.
        tokio::io::copy(
            &mut (&mut *reader).take(length as u64),
            &mut tokio::io::sink(),
        )
        .await?;
        return Ok(Some(Err(format!(
            "a message of {length} bytes is over the {MAX_MESSAGE}-byte limit"
        ))));
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await?;
    Ok(Some(Ok(body)))
}

fn frame(body: &[u8]) -> Vec<u8> {
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
pub async fn pump_input<R, W>(input: R, mut to_service: W, answers: mpsc::UnboundedSender<Vec<u8>>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(input);
    loop {
        match read_frame(&mut reader).await {
            Ok(None) | Err(_) => break,
            Ok(Some(Err(reason))) => {
                eprintln!("copydesk: skipped a message: {reason}");
                let _ = answers.send(error_frame(Value::Null, -32600, "Invalid Request"));
            }
            Ok(Some(Ok(body))) => match vet(&body) {
                Ok(()) => {
                    if to_service.write_all(&frame(&body)).await.is_err()
                        || to_service.flush().await.is_err()
                    {
                        break;
                    }
                }
                Err(answer) => {
                    eprintln!("copydesk: answered a malformed message");
                    let _ = answers.send(answer);
                }
            },
        }
    }
    let _ = to_service.shutdown().await;
}

/// Copies the service's output frames and our own answers to the client,
/// until both the service's output and the answer channel are closed.
pub async fn pump_output<R, W>(
    from_service: R,
    mut output: W,
    mut answers: mpsc::UnboundedReceiver<Vec<u8>>,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(from_service);
    let mut service_open = true;
    let mut answers_open = true;
    while service_open || answers_open {
        let bytes = tokio::select! {
            read = read_frame(&mut reader), if service_open => match read {
                Ok(Some(Ok(body))) => frame(&body),
                Ok(Some(Err(_))) => continue,
                Ok(None) | Err(_) => {
                    service_open = false;
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
        };
        if output.write_all(&bytes).await.is_err() || output.flush().await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
