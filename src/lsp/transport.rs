//! Messages over standard input and output, framed by `Content-Length` headers.
//!
//! This replaces `lsp_server::Connection::stdio`, whose reader stops at the first message
//! it cannot parse. Here a body that is not JSON is answered with a parse error, a JSON
//! value that is no message with an invalid-request error, and a broken header is skipped;
//! reading then goes on with the next message. Only the end of input stops the reader.

use crossbeam_channel::{unbounded, Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message};
use serde_json::{json, Value};
use std::io::{self, BufRead, Read, Write};
use std::thread;

/// The largest message body read; larger bodies are skipped and answered with an error.
pub const MAX_BODY_BYTES: usize = 256 * 1024 * 1024;

/// One framed message as read from the stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// The body of a message.
    Body(Vec<u8>),
    /// A header block that could not be read, or a body too large to read; why.
    Broken(String),
}

/// Read the next frame. `Ok(None)` at the end of the input.
///
/// Headers end at an empty line; lines may end with `\r\n` or `\n`. A `Content-Length`
/// header found after other text on a line is still taken, so a stream that lost its place
/// finds the next message again.
pub fn read_frame(r: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length: Option<usize> = None;
    let mut problem: Option<String> = None;
    let mut seen_any = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line)? == 0 {
            return Ok(if seen_any {
                Some(Frame::Broken("the input ended inside a header".to_string()))
            } else {
                None
            });
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !seen_any {
                continue;
            }
            break;
        }
        seen_any = true;
        let lower = text.to_ascii_lowercase();
        if let Some(at) = lower.find("content-length:") {
            let value = text[at + "content-length:".len()..].trim();
            match value.parse::<usize>() {
                Ok(n) => {
                    length = Some(n);
                    problem = None;
                }
                Err(_) => problem = Some(format!("bad Content-Length `{value}`")),
            }
        } else if !text.contains(':') {
            problem.get_or_insert_with(|| format!("malformed header line `{}`", clip(text)));
        }
    }
    if let Some(p) = problem {
        return Ok(Some(Frame::Broken(p)));
    }
    let Some(length) = length else {
        return Ok(Some(Frame::Broken(
            "a message without a Content-Length header".to_string(),
        )));
    };
    if length > MAX_BODY_BYTES {
        io::copy(&mut r.take(length as u64), &mut io::sink())?;
        return Ok(Some(Frame::Broken(format!(
            "a message of {length} bytes; the server reads messages up to {MAX_BODY_BYTES} bytes"
        ))));
    }
    let mut body = vec![0; length];
    r.read_exact(&mut body)?;
    Ok(Some(Frame::Body(body)))
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

/// Decode a body into a message, or the error response it deserves.
pub fn decode(body: &[u8]) -> Result<Message, Value> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Err(error_response(
                Value::Null,
                ErrorCode::ParseError,
                &e.to_string(),
            ))
        }
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    let is_request = value.get("method").is_some() && value.get("id").is_some();
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Ok(m),
        Err(e) => {
            let id = match id {
                Value::Number(_) | Value::String(_) if is_request => id,
                _ => Value::Null,
            };
            Err(error_response(
                id,
                ErrorCode::InvalidRequest,
                &format!("not a JSON-RPC message: {e}"),
            ))
        }
    }
}

/// A JSON-RPC error response.
pub fn error_response(id: Value, code: ErrorCode, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code as i32, "message": message}})
}

/// Write one framed JSON value.
pub fn write_value(w: &mut impl Write, value: &Value) -> io::Result<()> {
    let text = value.to_string();
    write!(w, "Content-Length: {}\r\n\r\n", text.len())?;
    w.write_all(text.as_bytes())?;
    w.flush()
}

/// The writer side of a stdio connection; join it to make sure every message is written.
pub struct Writer {
    handle: thread::JoinHandle<io::Result<()>>,
}

impl Writer {
    /// Wait until every message sent before the connection was dropped is written.
    pub fn join(self) -> io::Result<()> {
        self.handle
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

/// A connection over standard input and output. The reader thread runs until the input
/// ends (or `exit` arrives); drop the connection and join the [`Writer`] before exiting.
pub fn stdio() -> io::Result<(Connection, Writer)> {
    let (to_server, from_client): (Sender<Message>, Receiver<Message>) = unbounded();
    let (to_client, outgoing): (Sender<Message>, Receiver<Message>) = unbounded();
    let writer = thread::Builder::new()
        .name("protogov-lsp-writer".to_string())
        .spawn(move || {
            for msg in outgoing {
                let stdout = io::stdout();
                let mut out = stdout.lock();
                msg.write(&mut out)?;
                out.flush()?;
            }
            Ok(())
        })?;
    thread::Builder::new()
        .name("protogov-lsp-reader".to_string())
        .spawn(move || {
            let stdin = io::stdin();
            let mut input = stdin.lock();
            while let Ok(Some(frame)) = read_frame(&mut input) {
                let reply = match frame {
                    Frame::Body(body) => match decode(&body) {
                        Ok(msg) => {
                            let exit =
                                matches!(&msg, Message::Notification(n) if n.method == "exit");
                            if to_server.send(msg).is_err() || exit {
                                break;
                            }
                            continue;
                        }
                        Err(reply) => reply,
                    },
                    Frame::Broken(why) => {
                        eprintln!("protogov lsp: skipped a message: {why}");
                        error_response(Value::Null, ErrorCode::ParseError, &why)
                    }
                };
                let stdout = io::stdout();
                let mut out = stdout.lock();
                if write_value(&mut out, &reply).is_err() {
                    break;
                }
            }
        })?;
    Ok((
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        Writer { handle: writer },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut r = io::BufReader::new(input);
        let mut out = Vec::new();
        while let Some(f) = read_frame(&mut r).unwrap() {
            out.push(f);
        }
        out
    }

    #[test]
    fn reads_consecutive_frames_with_either_line_ending() {
        let input = b"Content-Length: 2\r\n\r\n{}content-length: 3\n\n[1]";
        assert_eq!(
            frames(input),
            vec![Frame::Body(b"{}".to_vec()), Frame::Body(b"[1]".to_vec())]
        );
    }

    #[test]
    fn broken_headers_are_reported_and_reading_goes_on() {
        let input = b"Content-Length: x\r\n\r\nContent-Length: 2\r\n\r\n{}";
        let f = frames(input);
        assert!(matches!(&f[0], Frame::Broken(m) if m.contains("bad Content-Length")));
        assert_eq!(f[1], Frame::Body(b"{}".to_vec()));
        let input = b"garbage\r\n\r\nContent-Length: 2\r\n\r\n{}";
        let f = frames(input);
        assert!(matches!(&f[0], Frame::Broken(_)));
        assert_eq!(f[1], Frame::Body(b"{}".to_vec()));
    }

    #[test]
    fn decode_answers_bad_bodies_with_json_rpc_errors() {
        let e = decode(b"{not json").unwrap_err();
        assert_eq!(e["error"]["code"], -32700);
        assert_eq!(e["id"], Value::Null);
        let e = decode(br#"{"jsonrpc":"2.0","id":7,"method":3}"#).unwrap_err();
        assert_eq!(e["error"]["code"], -32600);
        assert_eq!(e["id"], 7);
        assert!(decode(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#).is_ok());
    }
}
