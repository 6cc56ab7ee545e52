//! A workspace folder as a set of files (see [`crate::set`]): every `.proto-gov` file
//! under it that `protogov check DIR` would read, with the text of each open document in
//! place of what is on disk. The set is analysed as one after each change; its
//! diagnostics are split by file and published for every file whose diagnostics changed,
//! so a declaration edited in one file updates the others.
//!
//! Each file keeps a slot in the set's text, with room to grow, and its items as last
//! read there ([`ReadFile`]): after an edit only the edited file is read again, in its
//! slot, and the model, graph and checks are built anew from every file's items
//! ([`analyse_read_set`]), so the diagnostics are those of the whole set analysed afresh.
//! The slots move (and every file is read again) only when the files change or one
//! outgrows its slot.

use super::diagnostics::convert_in;
use super::position::{self, Encoding};
use super::rename;
use crate::analysis::{analyse_read_set, analyse_set, read_file, Analysis, Options, ReadFile};
use crate::set::{self, Config, FileMap, SetError, SourceSet};
use crate::source::{SourceFile, Span};
use lsp_types::{Location, PublishDiagnosticsParams, Uri};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Edits of one file of a set: its index and its edits, in source order.
pub type FileEdits = (usize, Vec<(Span, String)>);

/// One file of the set.
#[derive(Debug, Clone)]
pub struct Member {
    /// Its path.
    pub path: PathBuf,
    /// Its URI: as the client wrote it once opened, else made from the path.
    pub uri: Uri,
    /// Its latest text, named by its path below the folder.
    pub source: SourceFile,
    /// The client's version of the text while the file is open.
    pub version: Option<i32>,
    /// The diagnostics last published for it.
    published: Vec<lsp_types::Diagnostic>,
    /// True when its text changed since its diagnostics were last published.
    changed: bool,
    /// Its items as read in its slot of the set's text, until its text changes.
    read: Option<ReadFile>,
}

/// A workspace folder read as a set.
#[derive(Debug)]
pub struct Workspace {
    /// The folder.
    pub root: PathBuf,
    root_uri: Uri,
    config: Config,
    members: Vec<Member>,
    /// Files that left the set and had diagnostics, to be cleared at the next publish.
    cleared: Vec<Uri>,
    analysis: Option<Analysis>,
    /// True when a file changed since the diagnostics were last published.
    stale: bool,
    /// The set's text: each file in its slot, in order, the rest of a slot blank.
    text: String,
    /// Each file's slot in `text`; empty when the files changed since they were placed.
    slots: Vec<Span>,
}

/// One file of a set as the set last read it.
pub struct SetFile<'w> {
    /// The file, as the editor has it.
    pub source: &'w SourceFile,
    /// The set's analysis.
    pub analysis: &'w Analysis,
    /// The file's items, as read in its region.
    pub items: &'w [crate::syntax::ast::Item],
    /// Its region of the set's text.
    pub region: Span,
}

impl SetFile<'_> {
    /// An editor's range in this file, as a span of the set's text.
    pub fn span(&self, range: lsp_types::Range, encoding: Encoding) -> Span {
        let local = super::position::span(self.source, range, encoding);
        Span::new(
            self.region.start + local.start,
            self.region.start + local.end,
        )
    }
}

impl Workspace {
    /// Read the set under `root`. A file that cannot be read is left out of the set, and
    /// said on standard error.
    pub fn load(root: &Path) -> Result<Workspace, SetError> {
        let root_uri = uri_of(root).ok_or_else(|| {
            SetError::Load(crate::analysis::LoadError::Io(
                root.display().to_string(),
                std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a UTF-8 path"),
            ))
        })?;
        let mut ws = Workspace {
            root: root.to_path_buf(),
            root_uri,
            config: Config::default(),
            members: Vec::new(),
            cleared: Vec::new(),
            analysis: None,
            stale: true,
            text: String::new(),
            slots: Vec::new(),
        };
        ws.rescan()?;
        Ok(ws)
    }

    /// List the folder again: files new on disk join the set, files gone from it leave
    /// unless open; settings are read again.
    pub fn rescan(&mut self) -> Result<(), SetError> {
        let (config, paths) = set::list(&self.root)?;
        self.config = config;
        let mut old: HashMap<PathBuf, Member> = std::mem::take(&mut self.members)
            .into_iter()
            .map(|m| (m.path.clone(), m))
            .collect();
        for rel in paths {
            let path = self.root.join(&rel);
            if let Some(m) = old.remove(&path) {
                self.members.push(m);
                continue;
            }
            let Some(uri) = uri_of(&path) else { continue };
            match crate::analysis::load(&path) {
                Ok(file) => self.members.push(Member {
                    source: SourceFile::new(set::slashed(&rel), file.text),
                    path,
                    uri,
                    version: None,
                    published: Vec::new(),
                    changed: false,
                    read: None,
                }),
                Err(e) => eprintln!("protogov lsp: left out of the set: {e}"),
            }
        }
        for (_, m) in old {
            if m.version.is_some() {
                // Open, so still being written: it stays, in path order.
                let at = self.members.partition_point(|o| o.path < m.path);
                self.members.insert(at, m);
            } else if !m.published.is_empty() {
                self.cleared.push(m.uri);
            }
        }
        self.analysis = None;
        self.stale = true;
        // The files may have changed: they are placed and read again.
        self.slots.clear();
        Ok(())
    }

    /// Read the folder again after files changed on disk: its settings, its list of files,
    /// and the text of every file that is not open.
    pub fn refresh(&mut self) -> Result<(), SetError> {
        self.rescan()?;
        for m in self.members.iter_mut().filter(|m| m.version.is_none()) {
            match crate::analysis::load(&m.path) {
                Ok(file) if file.text != m.source.text => {
                    m.source = SourceFile::new(m.source.name.clone(), file.text);
                    m.read = None;
                }
                Ok(_) => {}
                Err(e) => eprintln!("protogov lsp: {e}"),
            }
        }
        Ok(())
    }

    /// The files of the set, in the set's order.
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// The index of the file at `path`, if it is in the set.
    pub fn member(&self, path: &Path) -> Option<usize> {
        self.members.iter().position(|m| m.path == path)
    }

    /// True when `path` is below the folder.
    pub fn holds(&self, path: &Path) -> bool {
        path.starts_with(&self.root)
    }

    /// Give file `i` the text of the open document at `uri`.
    pub fn edit(&mut self, i: usize, uri: &Uri, version: i32, text: &str) {
        if let Some(m) = self.members.get_mut(i) {
            m.uri = uri.clone();
            m.version = Some(version);
            m.source = SourceFile::new(m.source.name.clone(), text.to_string());
            m.read = None;
            m.changed = true;
            self.analysis = None;
            self.stale = true;
        }
    }

    /// File `i` was closed: it has its text on disk again (it stays as it was if it can
    /// no longer be read).
    pub fn close(&mut self, i: usize) {
        if let Some(m) = self.members.get_mut(i) {
            m.version = None;
            match crate::analysis::load(&m.path) {
                Ok(file) => m.source = SourceFile::new(m.source.name.clone(), file.text),
                Err(e) => eprintln!("protogov lsp: {e}"),
            }
            m.read = None;
            m.changed = true;
            self.analysis = None;
            self.stale = true;
        }
    }

    /// True when the set changed since its diagnostics were last published.
    pub fn is_stale(&self) -> bool {
        self.stale
    }

    /// Publish nothing more until the next change (the analysis failed).
    pub fn give_up(&mut self) {
        self.stale = false;
    }

    /// The options the set is checked with: its `today` if its settings give one.
    pub fn options(&self) -> Options {
        match self.config.today {
            Some(today) => Options { today },
            None => Options::default(),
        }
    }

    /// The set's files as they are now, to analyse.
    pub fn source_set(&self) -> SourceSet {
        SourceSet {
            root: self.root.clone(),
            config: self.config.clone(),
            files: self.members.iter().map(|m| m.source.clone()).collect(),
        }
    }

    /// The analysis of the set as it is now, computed if anything changed.
    pub fn analysis(&mut self) -> &Analysis {
        let analysis = match self.analysis.take() {
            Some(a) => a,
            None => self.analyse(),
        };
        self.analysis.insert(analysis)
    }

    /// Analyse the set, reading again only the files whose text changed since they were
    /// last read (all of them when a file outgrew its slot or the files changed).
    fn analyse(&mut self) -> Analysis {
        let fits = self.slots.len() == self.members.len()
            && (self.members.iter().zip(&self.slots)).all(|(m, s)| m.source.text.len() <= s.len());
        if !fits {
            self.lay_out();
        }
        for (m, slot) in self.members.iter_mut().zip(&self.slots) {
            if m.read.is_some() {
                continue;
            }
            let text = &m.source.text;
            let mut filled = String::with_capacity(slot.len());
            filled.push_str(text);
            filled.extend(std::iter::repeat_n(' ', slot.len() - text.len()));
            self.text.replace_range(slot.start..slot.end, &filled);
            let region = Span::new(slot.start, slot.start + text.len());
            m.read = Some(read_file(&self.text, region));
        }
        let read: Vec<&ReadFile> = self
            .members
            .iter()
            .filter_map(|m| m.read.as_ref())
            .collect();
        let map = FileMap {
            name: self.config.name.clone(),
            files: self.members.iter().map(|m| m.source.clone()).collect(),
            regions: read.iter().map(|r| r.region).collect(),
        };
        let source = SourceFile::new(self.root.display().to_string(), self.text.clone());
        analyse_read_set(source, map, &read, self.config.holidays, &self.options())
    }

    /// Give each file a slot in the set's text, with room to grow, to be read there.
    fn lay_out(&mut self) {
        self.text.clear();
        self.slots.clear();
        for m in &mut self.members {
            let len = m.source.text.len();
            let start = self.text.len();
            let room = len / 4 + 1024;
            self.text.extend(std::iter::repeat_n(' ', len + room));
            self.slots.push(Span::new(start, start + len + room));
            m.read = None;
        }
    }

    /// File `i` as the set last read it. `None` before the set is analysed.
    pub fn file(&self, i: usize) -> Option<SetFile<'_>> {
        let analysis = self.analysis.as_ref()?;
        let member = self.members.get(i)?;
        let read = member.read.as_ref()?;
        Some(SetFile {
            source: &member.source,
            analysis,
            items: read.items(),
            region: read.region,
        })
    }

    /// The analysis last computed, if the set has not changed since.
    pub fn current(&self) -> Option<&Analysis> {
        self.analysis.as_ref()
    }

    /// Analyse the set if it changed, and the diagnostics to publish: those of every file
    /// whose diagnostics changed or whose text changed since they were last published.
    pub fn publish(&mut self, encoding: Encoding) -> Vec<PublishDiagnosticsParams> {
        self.stale = false;
        self.analysis();
        let mut out: Vec<PublishDiagnosticsParams> = std::mem::take(&mut self.cleared)
            .into_iter()
            .map(|uri| PublishDiagnosticsParams {
                uri,
                diagnostics: Vec::new(),
                version: None,
            })
            .collect();
        let Some(analysis) = &self.analysis else {
            return out;
        };
        let by_file = self.by_file(analysis, encoding);
        for (m, diagnostics) in self.members.iter_mut().zip(by_file) {
            if m.changed || m.published != diagnostics {
                m.changed = false;
                m.published = diagnostics.clone();
                out.push(PublishDiagnosticsParams {
                    uri: m.uri.clone(),
                    diagnostics,
                    version: m.version,
                });
            }
        }
        out
    }

    /// The diagnostics of `analysis`, an analysis of the set, for each file.
    fn by_file(&self, analysis: &Analysis, encoding: Encoding) -> Vec<Vec<lsp_types::Diagnostic>> {
        let mut by_file: Vec<Vec<lsp_types::Diagnostic>> = vec![Vec::new(); self.members.len()];
        if let Some(map) = &analysis.set {
            for d in &analysis.diagnostics {
                let i = map.file_of(d.span);
                let converted = convert_in(d, |s| self.place(map, s, encoding));
                if let Some(v) = by_file.get_mut(i) {
                    v.push(converted);
                }
            }
        }
        by_file
    }

    /// The offset in the set's joined text of `pos` in file `i`, with the set analysed.
    pub fn offset(&mut self, i: usize, pos: lsp_types::Position, encoding: Encoding) -> usize {
        let start = self
            .analysis()
            .set
            .as_ref()
            .and_then(|m| m.regions.get(i).map(|r| r.start))
            .unwrap_or(0);
        let local = self
            .members
            .get(i)
            .map_or(0, |m| position::offset(&m.source, pos, encoding));
        start + local
    }

    /// Where a span of the set's joined text is: its file and its range there. `None`
    /// before the set is analysed.
    pub fn locate(&self, span: Span, encoding: Encoding) -> Option<(usize, Location)> {
        let map = self.analysis.as_ref()?.set.as_ref()?;
        Some((map.file_of(span), self.place(map, span, encoding)))
    }

    fn place(&self, map: &FileMap, span: Span, encoding: Encoding) -> Location {
        let (i, local) = map.local(span);
        let range = map
            .files
            .get(i)
            .map(|f| position::range(f, local, encoding))
            .unwrap_or_default();
        let uri = self.members.get(i).map_or(&self.root_uri, |m| &m.uri);
        Location::new(uri.clone(), range)
    }

    /// The edits that rename the name at `offset` (in the joined text) across the set, by
    /// file: refused, as in one file, when the new name is not a free name or the renamed
    /// set would have more errors.
    pub fn rename(
        &mut self,
        offset: usize,
        new_name: &str,
    ) -> Result<Vec<FileEdits>, rename::RenameError> {
        let options = self.options();
        let set = self.source_set();
        let analysis = self.analysis();
        let Some(map) = analysis.set.clone() else {
            return Err(rename::RenameError::NotAName);
        };
        let edits = rename::rename_with(analysis, offset, new_name, |edits| {
            let files = split(&map, edits)
                .into_iter()
                .map(|(i, local)| {
                    let f = &set.files[i];
                    SourceFile::new(f.name.clone(), rename::apply(&f.text, &local))
                })
                .collect();
            analyse_set(SourceSet { files, ..set }, &options)
        })?;
        Ok(split(&map, &edits)
            .into_iter()
            .enumerate()
            .filter(|(_, (_, e))| !e.is_empty())
            .map(|(_, (i, e))| (i, e))
            .collect())
    }
}

/// Edits of a set's joined text as edits of each file (every file, in order, with its
/// edits in source order).
fn split(map: &FileMap, edits: &[(Span, String)]) -> Vec<FileEdits> {
    let mut out: Vec<FileEdits> = (0..map.files.len()).map(|i| (i, Vec::new())).collect();
    for (span, text) in edits {
        let (i, local) = map.local(*span);
        if let Some((_, v)) = out.get_mut(i) {
            v.push((local, text.clone()));
        }
    }
    out
}

/// The path a `file:` URI names; `None` for other schemes.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // An authority (`localhost`) may stand before the path.
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&a), Some(&b)) if hex(a).is_some() && hex(b).is_some() => {
                out.push((hex(a)? * 16 + hex(b)?) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    Some(PathBuf::from(String::from_utf8(out).ok()?))
}

/// The `file:` URI of an absolute path.
pub fn uri_of(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let mut out = String::from("file://");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_whose_diagnostics_changed_are_published() {
        let dir = tempfile::tempdir().unwrap();
        let a = "protocol pa \"A\" {\n  between x and y\n  next review 2099-01\n}\nbody x \"X\"\nbody y \"Y\"\nartefact r \"R\"\nduty d \"D\" {\n  x submits r to y\n  yearly in march\n}\n";
        let b = "protocol pb \"B\" {\n  between y and x\n  next review 2099-01\n}\nartefact s \"S\"\nduty e \"E\" {\n  y submits s to x\n  yearly in june\n}\n";
        std::fs::write(dir.path().join("a.proto-gov"), a).unwrap();
        std::fs::write(dir.path().join("b.proto-gov"), b).unwrap();
        std::fs::create_dir(dir.path().join(".hidden")).unwrap();
        std::fs::write(dir.path().join(".hidden/c.proto-gov"), "body x \"X\"\n").unwrap();
        let mut ws = Workspace::load(dir.path()).unwrap();
        assert_eq!(ws.members().len(), 2);
        // A clean set: nothing to say, and nothing said twice.
        assert!(ws.publish(Encoding::Utf16).is_empty());
        let uri_a = ws.members()[0].uri.clone();
        ws.edit(0, &uri_a, 2, &a.replace("body x \"X\"\n", ""));
        let published = ws.publish(Encoding::Utf16);
        let counts: Vec<(usize, Option<i32>)> = published
            .iter()
            .map(|p| (p.diagnostics.len(), p.version))
            .collect();
        // A, edited (its uses of `x`), then B, whose uses of `x` are now unknown.
        assert_eq!(counts, [(2, Some(2)), (2, None)]);
        assert_eq!(published[1].uri, ws.members()[1].uri);
        assert_eq!(published[1].diagnostics[0].range.start.line, 1);
        assert!(ws.publish(Encoding::Utf16).is_empty());
        // Closed, A has its text on disk again: both are clean.
        ws.close(0);
        let published = ws.publish(Encoding::Utf16);
        assert_eq!(published.len(), 2);
        assert!(published.iter().all(|p| p.diagnostics.is_empty()));
    }

    /// What was last published for each file, and what a fresh analysis of the whole set
    /// as it is now gives.
    fn published_and_full(
        ws: &Workspace,
    ) -> (
        Vec<Vec<lsp_types::Diagnostic>>,
        Vec<Vec<lsp_types::Diagnostic>>,
    ) {
        let published = ws.members().iter().map(|m| m.published.clone()).collect();
        let full = analyse_set(ws.source_set(), &ws.options());
        (published, ws.by_file(&full, Encoding::Utf16))
    }

    #[test]
    fn reading_only_the_edited_file_gives_the_whole_sets_diagnostics() {
        let dir = tempfile::tempdir().unwrap();
        let a = "protocol pa \"A\" {\n  between x and y\n  next review 2099-01\n}\nbody x \"X\" {\n  meets quarterly in march, june, september and december\n}\nbody y \"Y\"\nartefact r \"R\"\nduty d \"D\" {\n  x submits r to y\n  yearly in march\n}\n";
        let b = "protocol pb \"B\" {\n  between y and x\n  next review 2099-01\n}\nartefact s \"S\"\nduty e \"E\" {\n  y submits s to x\n  yearly in june\n}\n";
        let c = "terms of reference tc \"C\" for y {\n  next review 2099-01\n}\nduty f \"F\" {\n  y submits r to x\n  monthly on the 3rd\n}\n";
        for (name, text) in [("a", a), ("b", b), ("c", c)] {
            std::fs::write(dir.path().join(format!("{name}.proto-gov")), text).unwrap();
        }
        let mut ws = Workspace::load(dir.path()).unwrap();
        ws.publish(Encoding::Utf16);
        let (published, full) = published_and_full(&ws);
        assert_eq!(published, full);
        let long_note = format!("body z \"Z\" {{\n  note \"{}\"\n}}\n", "long ".repeat(2000));
        let edits = [
            // A syntax error in the middle file.
            (
                1,
                b.replace("yearly in june", "yearly in jnue\n  bogus line"),
            ),
            // A declaration the other files use removed from the first.
            (0, a.replace("body y \"Y\"\n", "")),
            // The first file outgrows its room: every file is placed again.
            (0, format!("{a}{long_note}")),
            // A name the first file declares declared again in the last.
            (2, format!("{c}artefact r \"R again\"\n")),
            // The first file shrinks: the others stay where they are.
            (
                0,
                a.replace(
                    "body x \"X\" {\n  meets quarterly in march, june, september and december\n}\n",
                    "body x \"X\"\n",
                ),
            ),
            (1, b.to_string()),
        ];
        let mut seen = std::collections::HashSet::new();
        for (version, (i, text)) in edits.into_iter().enumerate() {
            let uri = ws.members()[i].uri.clone();
            ws.edit(i, &uri, version as i32 + 2, &text);
            ws.publish(Encoding::Utf16);
            let (published, full) = published_and_full(&ws);
            assert_eq!(published, full, "after edit {version}");
            seen.extend(full.iter().flatten().map(|d| format!("{:?}", d.code)));
        }
        // The edits made errors of several kinds, in several files.
        assert!(seen.len() >= 3, "{seen:?}");
        ws.close(0);
        ws.publish(Encoding::Utf16);
        let (published, full) = published_and_full(&ws);
        assert_eq!(published, full);
    }

    #[test]
    fn paths_and_uris_round_trip() {
        let p = Path::new("/tmp/a set/Board’s terms.proto-gov");
        let uri = uri_of(p).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///tmp/a%20set/Board%E2%80%99s%20terms.proto-gov"
        );
        assert_eq!(path_of(&uri).unwrap(), p);
        let host = Uri::from_str("file://localhost/x/y.proto-gov").unwrap();
        assert_eq!(path_of(&host).unwrap(), Path::new("/x/y.proto-gov"));
        assert!(path_of(&Uri::from_str("untitled:Untitled-1").unwrap()).is_none());
    }
}
