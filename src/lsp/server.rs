//! The server loop: one thread, one message at a time. Requests are answered from the
//! analysis of the document's latest text; diagnostics are published after a document is
//! opened, and after changes once no further message is waiting (so a burst of keystrokes
//! is analysed once, at its end).

use super::document::Document;
use super::position::{self, Encoding};
use super::{completion, diagnostics, format, hover, navigate, rename, symbols};
use crate::analysis::Options;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CompletionOptions, CompletionResponse, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentFormattingParams, DocumentHighlight, DocumentHighlightKind,
    DocumentHighlightParams, DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverContents, HoverParams, HoverProviderCapability,
    InitializeResult, Location, MarkupContent, MarkupKind, OneOf, PositionEncodingKind,
    PrepareRenameResponse, PublishDiagnosticsParams, ReferenceParams, RenameOptions, RenameParams,
    ServerCapabilities, ServerInfo, TextDocumentPositionParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextEdit, Uri, WorkspaceEdit,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};

/// Where the server is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Waiting for `initialize`.
    Starting,
    /// Answering requests.
    Running,
    /// `shutdown` received; waiting for `exit`.
    ShutDown,
}

/// A failed request: the JSON-RPC error code and a message for the user.
type Failure = (ErrorCode, String);

/// The state of one session.
pub struct Server {
    sender: crossbeam_channel::Sender<Message>,
    docs: HashMap<String, Document>,
    encoding: Encoding,
    state: State,
}

/// What the server can do, for the `initialize` reply.
pub fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions::default()),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_formatting_provider: format::FORMATTER.map(|_| OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// Serve a connection until `exit` or the end of input. Returns the process exit status:
/// 0 when `shutdown` came first, 1 otherwise.
pub fn run(connection: &Connection) -> u8 {
    let mut server = Server {
        sender: connection.sender.clone(),
        docs: HashMap::new(),
        encoding: Encoding::Utf16,
        state: State::Starting,
    };
    while let Ok(msg) = connection.receiver.recv() {
        match msg {
            Message::Request(req) => server.on_request(req),
            Message::Notification(n) if n.method == "exit" => break,
            Message::Notification(n) => server.on_notification(n),
            Message::Response(_) => {}
        }
        if connection.receiver.is_empty() {
            server.publish_stale();
        }
    }
    if server.state == State::ShutDown {
        0
    } else {
        1
    }
}

fn params<P: DeserializeOwned>(value: Value) -> Result<P, Failure> {
    serde_json::from_value(value).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn to_value(v: impl serde::Serialize) -> Result<Value, Failure> {
    serde_json::to_value(v).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

impl Server {
    fn send(&self, msg: impl Into<Message>) {
        // The writer thread only stops when the client has gone; nothing is left to tell.
        let _ = self.sender.send(msg.into());
    }

    fn on_request(&mut self, req: Request) {
        let id: RequestId = req.id.clone();
        let method = req.method.clone();
        let result = panic::catch_unwind(AssertUnwindSafe(|| self.handle(req)));
        let response = match result {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => {
                eprintln!("protogov lsp: internal error while answering {method}");
                Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    format!("protogov failed while answering {method}; please report this"),
                )
            }
        };
        self.send(response);
    }

    fn handle(&mut self, req: Request) -> Result<Value, Failure> {
        match (self.state, req.method.as_str()) {
            (State::Starting, "initialize") => return self.initialize(req.params),
            (State::Starting, _) => {
                return Err((
                    ErrorCode::ServerNotInitialized,
                    "the server has not been initialised".to_string(),
                ))
            }
            (_, "initialize") => {
                return Err((
                    ErrorCode::InvalidRequest,
                    "the server is already initialised".to_string(),
                ))
            }
            (State::ShutDown, _) => {
                return Err((
                    ErrorCode::InvalidRequest,
                    "the server is shutting down".to_string(),
                ))
            }
            (State::Running, "shutdown") => {
                self.state = State::ShutDown;
                return Ok(Value::Null);
            }
            _ => {}
        }
        match req.method.as_str() {
            "textDocument/hover" => self.hover(params(req.params)?),
            "textDocument/definition" => self.definition(params(req.params)?),
            "textDocument/references" => self.references(params(req.params)?),
            "textDocument/documentHighlight" => self.highlight(params(req.params)?),
            "textDocument/completion" => self.completion(params(req.params)?),
            "textDocument/documentSymbol" => self.symbols(params(req.params)?),
            "textDocument/prepareRename" => self.prepare_rename(params(req.params)?),
            "textDocument/rename" => self.rename(params(req.params)?),
            "textDocument/formatting" if format::FORMATTER.is_some() => {
                self.format(params(req.params)?)
            }
            other => Err((
                ErrorCode::MethodNotFound,
                format!("protogov does not handle `{other}`"),
            )),
        }
    }

    fn initialize(&mut self, params: Value) -> Result<Value, Failure> {
        let offered: Option<Vec<PositionEncodingKind>> = params
            .pointer("/capabilities/general/positionEncodings")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|k| k.as_str())
                    .map(|k| PositionEncodingKind::from(k.to_string()))
                    .collect()
            });
        self.encoding = Encoding::negotiate(offered.as_deref());
        self.state = State::Running;
        to_value(InitializeResult {
            capabilities: capabilities(self.encoding),
            server_info: Some(ServerInfo {
                name: "protogov".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        })
    }

    fn on_notification(&mut self, n: Notification) {
        if self.state == State::Starting {
            return;
        }
        let method = n.method.clone();
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| self.notified(n)));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err((_, why))) => eprintln!("protogov lsp: ignored {method}: {why}"),
            Err(_) => eprintln!("protogov lsp: internal error while handling {method}"),
        }
    }

    fn notified(&mut self, n: Notification) -> Result<(), Failure> {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let p: DidOpenTextDocumentParams = params(n.params)?;
                let key = p.text_document.uri.as_str().to_string();
                let doc = Document::new(key.clone(), p.text_document.version, p.text_document.text);
                self.docs.insert(key.clone(), doc);
                self.publish(&p.text_document.uri);
            }
            "textDocument/didChange" => {
                let p: DidChangeTextDocumentParams = params(n.params)?;
                let encoding = self.encoding;
                if let Some(doc) = self.docs.get_mut(p.text_document.uri.as_str()) {
                    doc.apply(p.text_document.version, p.content_changes, encoding);
                }
            }
            "textDocument/didClose" => {
                let p: DidCloseTextDocumentParams = params(n.params)?;
                if self.docs.remove(p.text_document.uri.as_str()).is_some() {
                    self.send(Notification::new(
                        "textDocument/publishDiagnostics".to_string(),
                        PublishDiagnosticsParams {
                            uri: p.text_document.uri,
                            diagnostics: Vec::new(),
                            version: None,
                        },
                    ));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Analyse and publish every document changed since its diagnostics were published.
    fn publish_stale(&mut self) {
        let stale: Vec<String> = self
            .docs
            .iter()
            .filter(|(_, d)| d.is_stale())
            .map(|(k, _)| k.clone())
            .collect();
        for key in stale {
            if let Ok(uri) = key.parse::<Uri>() {
                let outcome = panic::catch_unwind(AssertUnwindSafe(|| self.publish(&uri)));
                if outcome.is_err() {
                    eprintln!("protogov lsp: internal error while checking {key}");
                    // Do not try the same text again on the next message.
                    self.docs.remove(&key);
                }
            }
        }
    }

    fn publish(&mut self, uri: &Uri) {
        let encoding = self.encoding;
        let options = Options::default();
        let Some(doc) = self.docs.get_mut(uri.as_str()) else {
            return;
        };
        let version = doc.version;
        let analysis = doc.analysis(&options);
        let diags = diagnostics::to_lsp(&analysis.source, &analysis.diagnostics, uri, encoding);
        self.send(Notification::new(
            "textDocument/publishDiagnostics".to_string(),
            PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics: diags,
                version: Some(version),
            },
        ));
    }

    /// The document at `uri` with its analysis up to date and diagnostics published, and
    /// the byte offset of `pos`; `None` when the document is not open.
    fn locate(
        &mut self,
        at: &TextDocumentPositionParams,
    ) -> Option<(&crate::analysis::Analysis, usize)> {
        let uri = &at.text_document.uri;
        if self.docs.get(uri.as_str())?.is_stale() {
            self.publish(uri);
        }
        let encoding = self.encoding;
        let doc = self.docs.get_mut(uri.as_str())?;
        let analysis = doc.analysis(&Options::default());
        let offset = position::offset(&analysis.source, at.position, encoding);
        Some((analysis, offset))
    }

    fn analysis_of(&mut self, uri: &Uri) -> Option<&crate::analysis::Analysis> {
        if self.docs.get(uri.as_str())?.is_stale() {
            self.publish(uri);
        }
        let doc = self.docs.get_mut(uri.as_str())?;
        Some(doc.analysis(&Options::default()))
    }

    fn hover(&mut self, p: HoverParams) -> Result<Value, Failure> {
        let encoding = self.encoding;
        let Some((analysis, offset)) = self.locate(&p.text_document_position_params) else {
            return Ok(Value::Null);
        };
        let Some(info) = hover::hover(analysis, offset) else {
            return Ok(Value::Null);
        };
        to_value(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: info.markdown,
            }),
            range: Some(position::range(&analysis.source, info.span, encoding)),
        })
    }

    fn definition(&mut self, p: GotoDefinitionParams) -> Result<Value, Failure> {
        let uri = p.text_document_position_params.text_document.uri.clone();
        let encoding = self.encoding;
        let Some((analysis, offset)) = self.locate(&p.text_document_position_params) else {
            return Ok(Value::Null);
        };
        let spans = navigate::definition(analysis, offset);
        if spans.is_empty() {
            return Ok(Value::Null);
        }
        let locations: Vec<Location> = spans
            .into_iter()
            .map(|s| Location::new(uri.clone(), position::range(&analysis.source, s, encoding)))
            .collect();
        to_value(GotoDefinitionResponse::Array(locations))
    }

    fn references(&mut self, p: ReferenceParams) -> Result<Value, Failure> {
        let uri = p.text_document_position.text_document.uri.clone();
        let include = p.context.include_declaration;
        let encoding = self.encoding;
        let Some((analysis, offset)) = self.locate(&p.text_document_position) else {
            return Ok(Value::Null);
        };
        let Some(spans) = navigate::references(analysis, offset, include) else {
            return Ok(Value::Null);
        };
        let locations: Vec<Location> = spans
            .into_iter()
            .map(|s| Location::new(uri.clone(), position::range(&analysis.source, s, encoding)))
            .collect();
        to_value(locations)
    }

    fn highlight(&mut self, p: DocumentHighlightParams) -> Result<Value, Failure> {
        let encoding = self.encoding;
        let Some((analysis, offset)) = self.locate(&p.text_document_position_params) else {
            return Ok(Value::Null);
        };
        let out: Vec<DocumentHighlight> = navigate::highlights(analysis, offset)
            .into_iter()
            .map(|(s, decl)| DocumentHighlight {
                range: position::range(&analysis.source, s, encoding),
                kind: Some(if decl {
                    DocumentHighlightKind::WRITE
                } else {
                    DocumentHighlightKind::READ
                }),
            })
            .collect();
        to_value(out)
    }

    fn completion(&mut self, p: lsp_types::CompletionParams) -> Result<Value, Failure> {
        let Some((analysis, offset)) = self.locate(&p.text_document_position) else {
            return Ok(Value::Null);
        };
        to_value(CompletionResponse::Array(completion::complete(
            analysis, offset,
        )))
    }

    fn symbols(&mut self, p: DocumentSymbolParams) -> Result<Value, Failure> {
        let encoding = self.encoding;
        let Some(analysis) = self.analysis_of(&p.text_document.uri) else {
            return Ok(Value::Null);
        };
        to_value(DocumentSymbolResponse::Nested(symbols::document_symbols(
            analysis, encoding,
        )))
    }

    fn prepare_rename(&mut self, p: TextDocumentPositionParams) -> Result<Value, Failure> {
        let encoding = self.encoding;
        let Some((analysis, offset)) = self.locate(&p) else {
            return Ok(Value::Null);
        };
        match rename::prepare(analysis, offset) {
            Some((span, name)) => to_value(PrepareRenameResponse::RangeWithPlaceholder {
                range: position::range(&analysis.source, span, encoding),
                placeholder: name,
            }),
            None => Ok(Value::Null),
        }
    }

    fn rename(&mut self, p: RenameParams) -> Result<Value, Failure> {
        let uri = p.text_document_position.text_document.uri.clone();
        let encoding = self.encoding;
        let Some((analysis, offset)) = self.locate(&p.text_document_position) else {
            return Err(not_open(&uri));
        };
        let edits = rename::rename(analysis, offset, &p.new_name, &Options::default())
            .map_err(|e| (ErrorCode::RequestFailed, e.to_string()))?;
        let edits: Vec<TextEdit> = edits
            .into_iter()
            .map(|(s, text)| TextEdit::new(position::range(&analysis.source, s, encoding), text))
            .collect();
        to_value(WorkspaceEdit {
            changes: Some(HashMap::from([(uri, edits)])),
            ..WorkspaceEdit::default()
        })
    }

    fn format(&mut self, p: DocumentFormattingParams) -> Result<Value, Failure> {
        let uri = p.text_document.uri;
        let encoding = self.encoding;
        let Some(doc) = self.docs.get(uri.as_str()) else {
            return Err(not_open(&uri));
        };
        let source = &doc.source;
        match format::format(source).map_err(|e| (ErrorCode::RequestFailed, e.to_string()))? {
            None => to_value(Vec::<TextEdit>::new()),
            Some((span, text)) => to_value(vec![TextEdit::new(
                position::range(source, span, encoding),
                text,
            )]),
        }
    }
}

fn not_open(uri: &Uri) -> Failure {
    (
        ErrorCode::RequestFailed,
        format!("`{}` is not open in the server", uri.as_str()),
    )
}
