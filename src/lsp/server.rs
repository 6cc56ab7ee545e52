//! The server loop: one thread, one message at a time. Requests are answered from the
//! analysis of the document's latest text; diagnostics are published after a document is
//! opened, and after changes once no further message is waiting (so a burst of keystrokes
//! is analysed once, at its end).

use super::document::Document;
use super::position::{self, Encoding};
use super::workspace::{path_of, uri_of, Workspace};
use super::{
    actions, completion, diagnostics, format, hints, hover, names, navigate, rename, symbols,
};
use crate::analysis::Options;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CompletionOptions, CompletionResponse,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DocumentFormattingParams, DocumentHighlight, DocumentHighlightKind, DocumentHighlightParams,
    DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams, GotoDefinitionResponse,
    Hover, HoverContents, HoverParams, HoverProviderCapability, InitializeResult, InlayHint,
    InlayHintLabel, InlayHintParams, Location, MarkupContent, MarkupKind, OneOf,
    PositionEncodingKind, PrepareRenameResponse, PublishDiagnosticsParams, Range, ReferenceParams,
    RenameOptions, RenameParams, ServerCapabilities, ServerInfo, TextDocumentPositionParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextEdit, Uri,
    WorkspaceEdit, WorkspaceSymbol, WorkspaceSymbolParams,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;

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
    /// The workspace folders, each a set.
    workspaces: Vec<Workspace>,
    /// Diagnostics found while initialising (a folder's settings that do not read), sent
    /// once the client says it is ready.
    pending: Vec<PublishDiagnosticsParams>,
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
        workspace_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        inlay_hint_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// Serve a connection until `exit` or the end of input. Returns the process exit status:
/// 0 when `shutdown` came first, 1 otherwise.
pub fn run(connection: &Connection) -> u8 {
    let mut server = Server {
        sender: connection.sender.clone(),
        docs: HashMap::new(),
        workspaces: Vec::new(),
        pending: Vec::new(),
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
            "workspace/symbol" => self.workspace_symbols(params(req.params)?),
            "textDocument/codeAction" => self.code_actions(params(req.params)?),
            "textDocument/inlayHint" => self.inlay_hints(params(req.params)?),
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
        self.open_folders(&params);
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
            "initialized" => {
                for p in std::mem::take(&mut self.pending) {
                    self.send_diagnostics(p);
                }
            }
            "workspace/didChangeWatchedFiles" => {
                // Files made, changed or deleted on disk: each folder is read again.
                for ws in &mut self.workspaces {
                    if let Err(e) = ws.refresh() {
                        eprintln!("protogov lsp: {e}");
                    }
                }
            }
            "textDocument/didOpen" => {
                let p: DidOpenTextDocumentParams = params(n.params)?;
                let uri = p.text_document.uri;
                let key = uri.as_str().to_string();
                let version = p.text_document.version;
                let doc = Document::new(key.clone(), version, p.text_document.text);
                if let Some((w, i)) = self.join(&uri) {
                    self.workspaces[w].edit(i, &uri, version, &doc.source.text);
                    self.docs.insert(key, doc);
                } else {
                    self.docs.insert(key, doc);
                    self.publish(&uri);
                }
            }
            "textDocument/didChange" => {
                let p: DidChangeTextDocumentParams = params(n.params)?;
                let encoding = self.encoding;
                let uri = p.text_document.uri;
                let version = p.text_document.version;
                let member = self.member(&uri);
                if let Some(doc) = self.docs.get_mut(uri.as_str()) {
                    doc.apply(version, p.content_changes, encoding);
                    if let Some((w, i)) = member {
                        self.workspaces[w].edit(i, &uri, version, &doc.source.text);
                    }
                }
            }
            "textDocument/didClose" => {
                let p: DidCloseTextDocumentParams = params(n.params)?;
                let closed = self.docs.remove(p.text_document.uri.as_str()).is_some();
                if let Some((w, i)) = self.member(&p.text_document.uri) {
                    // Its diagnostics are the set's, and stay: they change with the text
                    // on disk, which it has again.
                    self.workspaces[w].close(i);
                } else if closed {
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

    /// Read each workspace folder the client names as a set. A folder that cannot be read
    /// as one leaves its files independent; settings that do not read are reported on
    /// `protogov.toml`.
    fn open_folders(&mut self, params: &Value) {
        let mut roots: Vec<PathBuf> = Vec::new();
        if let Some(folders) = params.get("workspaceFolders").and_then(Value::as_array) {
            roots.extend(
                folders
                    .iter()
                    .filter_map(|f| f.get("uri")?.as_str()?.parse::<Uri>().ok())
                    .filter_map(|u| path_of(&u)),
            );
        }
        if roots.is_empty() {
            let root_uri = params.get("rootUri").and_then(Value::as_str);
            let root_path = params.get("rootPath").and_then(Value::as_str);
            if let Some(root) = root_uri.and_then(|u| path_of(&u.parse::<Uri>().ok()?)) {
                roots.push(root);
            } else if let Some(root) = root_path {
                roots.push(PathBuf::from(root));
            }
        }
        for root in roots {
            match Workspace::load(&root) {
                Ok(ws) => self.workspaces.push(ws),
                Err(e) => {
                    eprintln!(
                        "protogov lsp: `{}` is not read as a set: {e}",
                        root.display()
                    );
                    if let Some((file, d)) = e.diagnostic() {
                        if let Some(uri) = uri_of(&root.join(crate::set::CONFIG_FILE)) {
                            let diagnostics = diagnostics::to_lsp(file, &[d], &uri, self.encoding);
                            self.pending.push(PublishDiagnosticsParams {
                                uri,
                                diagnostics,
                                version: None,
                            });
                        }
                    }
                }
            }
        }
    }

    /// The workspace folder and file of the set that `uri` is in, if it is in one.
    fn member(&self, uri: &Uri) -> Option<(usize, usize)> {
        let path = path_of(uri)?;
        self.workspaces
            .iter()
            .enumerate()
            .find_map(|(w, ws)| Some((w, ws.member(&path)?)))
    }

    /// [`Server::member`], for a file being opened: a `.proto-gov` file below a folder
    /// that is not yet in its set (made since the folder was read) joins it when the
    /// set's rules take it in.
    fn join(&mut self, uri: &Uri) -> Option<(usize, usize)> {
        if let Some(found) = self.member(uri) {
            return Some(found);
        }
        let path = path_of(uri)?;
        let w = self.workspaces.iter().position(|ws| ws.holds(&path))?;
        if let Err(e) = self.workspaces[w].rescan() {
            eprintln!("protogov lsp: {e}");
        }
        Some((w, self.workspaces[w].member(&path)?))
    }

    fn send_diagnostics(&self, p: PublishDiagnosticsParams) {
        self.send(Notification::new(
            "textDocument/publishDiagnostics".to_string(),
            p,
        ));
    }

    /// Analyse workspace folder `w` and publish the diagnostics that changed.
    fn publish_set(&mut self, w: usize) {
        let encoding = self.encoding;
        let Some(ws) = self.workspaces.get_mut(w) else {
            return;
        };
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| ws.publish(encoding)));
        match outcome {
            Ok(all) => {
                for p in all {
                    self.send_diagnostics(p);
                }
            }
            Err(_) => {
                eprintln!(
                    "protogov lsp: internal error while checking the set `{}`",
                    ws.root.display()
                );
                // Do not try the same texts again on the next message.
                ws.give_up();
            }
        }
    }

    /// Analyse and publish every document changed since its diagnostics were published,
    /// and every set with a changed file.
    fn publish_stale(&mut self) {
        for w in 0..self.workspaces.len() {
            if self.workspaces[w].is_stale() {
                self.publish_set(w);
            }
        }
        let stale: Vec<String> = self
            .docs
            .iter()
            .filter(|(_, d)| d.is_stale())
            .map(|(k, _)| k.clone())
            .filter(|k| k.parse::<Uri>().is_ok_and(|u| self.member(&u).is_none()))
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
        if self.docs.get(uri.as_str())?.is_stale() && self.member(uri).is_none() {
            self.publish(uri);
        }
        let encoding = self.encoding;
        let doc = self.docs.get_mut(uri.as_str())?;
        let analysis = doc.analysis(&Options::default());
        let offset = position::offset(&analysis.source, at.position, encoding);
        Some((analysis, offset))
    }

    fn analysis_of(&mut self, uri: &Uri) -> Option<&crate::analysis::Analysis> {
        if self.docs.get(uri.as_str())?.is_stale() && self.member(uri).is_none() {
            self.publish(uri);
        }
        let doc = self.docs.get_mut(uri.as_str())?;
        Some(doc.analysis(&Options::default()))
    }

    /// For a file of a set: the workspace folder, the file and the offset of `at` in the
    /// set's joined text, with the set analysed and its diagnostics published.
    fn in_set(&mut self, at: &TextDocumentPositionParams) -> Option<(usize, usize, usize)> {
        let (w, i) = self.member(&at.text_document.uri)?;
        if self.workspaces[w].is_stale() {
            self.publish_set(w);
        }
        let offset = self.workspaces[w].offset(i, at.position, self.encoding);
        Some((w, i, offset))
    }

    /// For a file of a set: the workspace folder and the file, with the set analysed and
    /// its diagnostics published.
    fn analysed_member(&mut self, uri: &Uri) -> Option<(usize, usize)> {
        let (w, i) = self.member(uri)?;
        if self.workspaces[w].is_stale() {
            self.publish_set(w);
        }
        self.workspaces[w].analysis();
        Some((w, i))
    }

    /// The locations of spans of workspace folder `w`'s joined text.
    fn set_locations(&self, w: usize, spans: Vec<crate::source::Span>) -> Vec<Location> {
        let ws = &self.workspaces[w];
        spans
            .into_iter()
            .filter_map(|s| Some(ws.locate(s, self.encoding)?.1))
            .collect()
    }

    fn hover(&mut self, p: HoverParams) -> Result<Value, Failure> {
        let encoding = self.encoding;
        // A name is described from the whole set; anything else from its file alone.
        if let Some((w, _, offset)) = self.in_set(&p.text_document_position_params) {
            let ws = &self.workspaces[w];
            if let Some(info) = ws.current().and_then(|a| hover::hover(a, offset)) {
                if let Some((_, at)) = ws.locate(info.span, encoding) {
                    return to_value(Hover {
                        contents: HoverContents::Markup(MarkupContent {
                            kind: MarkupKind::Markdown,
                            value: info.markdown,
                        }),
                        range: Some(at.range),
                    });
                }
            }
        }
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
        if let Some((w, _, offset)) = self.in_set(&p.text_document_position_params) {
            let spans = self.workspaces[w]
                .current()
                .map(|a| navigate::definition(a, offset))
                .unwrap_or_default();
            let locations = self.set_locations(w, spans);
            if locations.is_empty() {
                return Ok(Value::Null);
            }
            return to_value(GotoDefinitionResponse::Array(locations));
        }
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
        if let Some((w, _, offset)) = self.in_set(&p.text_document_position) {
            let Some(spans) = self.workspaces[w]
                .current()
                .and_then(|a| navigate::references(a, offset, include))
            else {
                return Ok(Value::Null);
            };
            return to_value(self.set_locations(w, spans));
        }
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
        if let Some((w, i, offset)) = self.in_set(&p.text_document_position_params) {
            let ws = &self.workspaces[w];
            let found = ws
                .current()
                .map(|a| navigate::highlights(a, offset))
                .unwrap_or_default();
            let out: Vec<DocumentHighlight> = found
                .into_iter()
                .filter_map(|(s, decl)| {
                    let (file, at) = ws.locate(s, encoding)?;
                    (file == i).then_some(DocumentHighlight {
                        range: at.range,
                        kind: Some(if decl {
                            DocumentHighlightKind::WRITE
                        } else {
                            DocumentHighlightKind::READ
                        }),
                    })
                })
                .collect();
            return to_value(out);
        }
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
        // In a file of a set, the names of the whole set are offered.
        if let Some((w, _, _)) = self.in_set(&p.text_document_position) {
            let uri = &p.text_document_position.text_document.uri;
            let encoding = self.encoding;
            let (Some(doc), Some(set)) = (
                self.docs.get_mut(uri.as_str()),
                self.workspaces[w].current(),
            ) else {
                return Ok(Value::Null);
            };
            let analysis = doc.analysis(&Options::default());
            let offset = position::offset(
                &analysis.source,
                p.text_document_position.position,
                encoding,
            );
            return to_value(CompletionResponse::Array(completion::complete_with(
                analysis, set, offset,
            )));
        }
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
        if let Some((w, _, offset)) = self.in_set(&p) {
            let ws = &self.workspaces[w];
            let found = ws.current().and_then(|a| rename::prepare(a, offset));
            return match found.and_then(|(s, name)| Some((ws.locate(s, encoding)?.1, name))) {
                Some((at, name)) => to_value(PrepareRenameResponse::RangeWithPlaceholder {
                    range: at.range,
                    placeholder: name,
                }),
                None => Ok(Value::Null),
            };
        }
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
        if let Some((w, _, offset)) = self.in_set(&p.text_document_position) {
            let ws = &mut self.workspaces[w];
            let by_file = ws
                .rename(offset, &p.new_name)
                .map_err(|e| (ErrorCode::RequestFailed, e.to_string()))?;
            let members = ws.members();
            let changes = by_file.into_iter().filter_map(|(i, edits)| {
                let m = members.get(i)?;
                let edits = edits
                    .into_iter()
                    .map(|(s, text)| TextEdit::new(position::range(&m.source, s, encoding), text))
                    .collect();
                Some((m.uri.clone(), edits))
            });
            return to_value(WorkspaceEdit {
                changes: Some(changes.collect()),
                ..WorkspaceEdit::default()
            });
        }
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

    /// Every declaration of every set, and of every open file outside them, whose name
    /// holds the query's characters in order (any case).
    fn workspace_symbols(&mut self, p: WorkspaceSymbolParams) -> Result<Value, Failure> {
        let encoding = self.encoding;
        let query = p.query.to_lowercase();
        let wanted = |name: &str| {
            let mut name = name.chars().flat_map(char::to_lowercase);
            query.chars().all(|q| name.any(|c| c == q))
        };
        let mut out: Vec<WorkspaceSymbol> = Vec::new();
        for w in 0..self.workspaces.len() {
            if self.workspaces[w].is_stale() {
                self.publish_set(w);
            }
            let ws = &mut self.workspaces[w];
            ws.analysis();
            let ws = &self.workspaces[w];
            let Some(analysis) = ws.current() else {
                continue;
            };
            for occ in names::occurrences(analysis) {
                let names::Role::Declaration(Some(kind)) = occ.role else {
                    continue;
                };
                if !wanted(occ.name) {
                    continue;
                }
                if let Some((i, location)) = ws.locate(occ.span, encoding) {
                    out.push(workspace_symbol(
                        occ.name,
                        kind,
                        location,
                        ws.members().get(i).map(|m| m.source.name.clone()),
                    ));
                }
            }
        }
        let standalone: Vec<String> = self
            .docs
            .keys()
            .filter(|k| k.parse::<Uri>().is_ok_and(|u| self.member(&u).is_none()))
            .cloned()
            .collect();
        for key in standalone {
            let Ok(uri) = key.parse::<Uri>() else {
                continue;
            };
            let Some(analysis) = self.analysis_of(&uri) else {
                continue;
            };
            for d in names::declared(analysis) {
                if wanted(&d.name.name) {
                    let at = position::range(&analysis.source, d.name.span, encoding);
                    out.push(workspace_symbol(
                        &d.name.name,
                        d.kind,
                        Location::new(uri.clone(), at),
                        None,
                    ));
                }
            }
        }
        to_value(out)
    }

    /// The code actions for the diagnostics in the range: in a file of a set, from the
    /// set's analysis, each editing that file only.
    fn code_actions(&mut self, p: CodeActionParams) -> Result<Value, Failure> {
        let quickfix = CodeActionKind::QUICKFIX;
        if let Some(only) = &p.context.only {
            if !only
                .iter()
                .any(|k| quickfix.as_str().starts_with(k.as_str()))
            {
                return to_value(Vec::<CodeActionOrCommand>::new());
            }
        }
        let uri = p.text_document.uri;
        let encoding = self.encoding;
        let out: Vec<CodeActionOrCommand> = if let Some((w, i)) = self.analysed_member(&uri) {
            let ws = &self.workspaces[w];
            let Some(f) = ws.file(i) else {
                return Ok(Value::Null);
            };
            let (analysis, items, region) = (f.analysis, f.items, f.region);
            let range = f.span(p.range, encoding);
            let shift = |s: crate::source::Span| {
                let local = crate::source::Span::new(
                    s.start.saturating_sub(region.start),
                    s.end.saturating_sub(region.start),
                );
                position::range(f.source, local, encoding)
            };
            let nowhere = Location::new(uri.clone(), Range::default());
            encode_actions(
                actions::actions(analysis, items, region, range),
                analysis,
                &uri,
                shift,
                |d| {
                    diagnostics::convert_in(d, |s| {
                        ws.locate(s, encoding).map_or(nowhere.clone(), |(_, l)| l)
                    })
                },
            )
        } else {
            let Some(analysis) = self.analysis_of(&uri) else {
                return Ok(Value::Null);
            };
            let source = &analysis.source;
            let whole = crate::source::Span::new(0, source.text.len());
            let range = position::span(source, p.range, encoding);
            encode_actions(
                actions::actions(analysis, analysis.items(), whole, range),
                analysis,
                &uri,
                |s| position::range(source, s, encoding),
                |d| diagnostics::convert(source, d, &uri, encoding),
            )
        };
        to_value(out)
    }

    /// The inlay hints of the range, judged against the server's today (a set's own
    /// `today` when its settings give one).
    fn inlay_hints(&mut self, p: InlayHintParams) -> Result<Value, Failure> {
        let uri = p.text_document.uri;
        let encoding = self.encoding;
        let hint = |position, label: String| InlayHint {
            position,
            label: InlayHintLabel::String(label),
            kind: None,
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        };
        let out: Vec<InlayHint> = if let Some((w, i)) = self.analysed_member(&uri) {
            let ws = &self.workspaces[w];
            let Some(f) = ws.file(i) else {
                return Ok(Value::Null);
            };
            let range = f.span(p.range, encoding);
            hints::hints(f.analysis, f.items, range, ws.options().today)
                .into_iter()
                .map(|h| {
                    hint(
                        position::position(f.source, h.at.saturating_sub(f.region.start), encoding),
                        h.label,
                    )
                })
                .collect()
        } else {
            let Some(analysis) = self.analysis_of(&uri) else {
                return Ok(Value::Null);
            };
            let source = &analysis.source;
            let range = position::span(source, p.range, encoding);
            hints::hints(analysis, analysis.items(), range, Options::default().today)
                .into_iter()
                .map(|h| hint(position::position(source, h.at, encoding), h.label))
                .collect()
        };
        to_value(out)
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

fn workspace_symbol(
    name: &str,
    kind: crate::syntax::ast::DeclKind,
    location: Location,
    container: Option<String>,
) -> WorkspaceSymbol {
    WorkspaceSymbol {
        name: name.to_string(),
        kind: symbols::symbol_kind(kind),
        tags: None,
        container_name: container,
        location: OneOf::Left(location),
        data: None,
    }
}

/// Code actions as the protocol has them: each a quick fix editing the file at `uri`,
/// with the diagnostics it resolves.
fn encode_actions(
    found: Vec<actions::Action>,
    analysis: &crate::analysis::Analysis,
    uri: &Uri,
    range: impl Fn(crate::source::Span) -> Range,
    diagnostic: impl Fn(&crate::diagnostic::Diagnostic) -> lsp_types::Diagnostic,
) -> Vec<CodeActionOrCommand> {
    found
        .into_iter()
        .map(|a| {
            let edits = a
                .edits
                .iter()
                .map(|e| TextEdit::new(range(e.span), e.text.clone()))
                .collect();
            let resolved = a
                .diagnostics
                .iter()
                .filter_map(|&k| analysis.diagnostics.get(k))
                .map(&diagnostic)
                .collect();
            CodeActionOrCommand::CodeAction(CodeAction {
                title: a.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(resolved),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(a.preferred),
                ..CodeAction::default()
            })
        })
        .collect()
}

fn not_open(uri: &Uri) -> Failure {
    (
        ErrorCode::RequestFailed,
        format!("`{}` is not open in the server", uri.as_str()),
    )
}
