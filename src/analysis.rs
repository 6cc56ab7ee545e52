//! One entry point from text to everything the compiler knows about it. The command line
//! and the language server both call [`analyse`]; neither does any checking of its own.

use crate::checks;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::graph::{self, ReportingGraph};
use crate::model::{self, Model};
use crate::set::FileMap;
use crate::source::{SourceFile, Span};
use crate::syntax::{self, ast};
use std::path::Path;

/// Settings that change what the checks report.
#[derive(Debug, Clone)]
pub struct Options {
    /// The date against which reviews and due dates are judged.
    pub today: jiff::civil::Date,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            today: jiff::ZonedDateTime::now().date(),
        }
    }
}

/// Everything known about one file.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The source text.
    pub source: SourceFile,
    /// The syntax tree, when kept: [`analyse`] keeps it (the language server reads it),
    /// [`analyse_without_tree`] never holds it whole.
    pub file: Option<ast::File>,
    /// The resolved model.
    pub model: Model,
    /// The reporting graph.
    pub graph: ReportingGraph,
    /// Every diagnostic, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// For a set of files (see [`analyse_set`]): the files, and where each starts in
    /// `source`, their joined text. `None` for one file.
    pub set: Option<std::sync::Arc<FileMap>>,
}

impl Analysis {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The top-level items of the syntax tree (none when the tree was not kept).
    pub fn items(&self) -> &[ast::Item] {
        self.file.as_ref().map_or(&[], |f| f.items.as_slice())
    }

    /// The number of diagnostics of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == severity)
            .count()
    }
}

/// Parse and check one file, keeping its syntax tree.
///
/// The model, graph and checks run even when the text has syntax errors: declarations that
/// parsed are checked, so one typo does not hide every other problem.
pub fn analyse(source: SourceFile, options: &Options) -> Analysis {
    run(source, options, true)
}

/// [`analyse`] for callers that need the model, graph and diagnostics but not the tree
/// (checking, building outputs): each item goes to the model as soon as it is read and is
/// freed there, so no whole tree is ever held. The results are the same.
pub fn analyse_without_tree(source: SourceFile, options: &Options) -> Analysis {
    run(source, options, false)
}

fn run(source: SourceFile, options: &Options, keep_tree: bool) -> Analysis {
    let (file, mut diagnostics, model) = if keep_tree {
        let parsed = syntax::parse(&source.text);
        let model = model::resolve(&parsed.file, options.today);
        (Some(parsed.file), parsed.diagnostics, model)
    } else {
        // Each item goes to the model as soon as it is read, and is freed there.
        let mut builder = model::ModelBuilder::new(options.today);
        let parsed = syntax::parse_into(&source.text, &mut builder);
        (None, parsed.diagnostics, builder.finish())
    };
    let graph = graph::build(&model);
    diagnostics.extend(checks::run(&model, &graph, options.today));
    checks::allows::apply(&model, &mut diagnostics);
    diagnostic::sort(&mut diagnostics);
    Analysis {
        source,
        file,
        model,
        graph,
        diagnostics,
        set: None,
    }
}

/// Parse and check a set of files as one (see [`crate::set`]): names declared in any file
/// are visible in all, each file's document dates its own schedules, and the checks that
/// compare documents run. The analysis's source is the files' joined text, named after the
/// folder; [`Analysis::set`] maps its spans back to each file. The set's own settings
/// (its default holidays) apply; `options` are used as given.
pub fn analyse_set(set: crate::set::SourceSet, options: &Options) -> Analysis {
    let (source, mut map) = FileMap::join(set.root.display().to_string(), set.files);
    map.name = set.config.name;
    let mut builder = set_builder(set.config.holidays, options);
    let mut diagnostics = Vec::new();
    for i in 0..map.files.len() {
        let region = map.region(i);
        builder.begin_file(region);
        // Each item goes to the model as soon as it is read, and is freed there.
        let parsed =
            syntax::parse_region_into(&source.text, region.start..region.end, &mut builder);
        diagnostics.extend(parsed.diagnostics);
    }
    finish_set(source, map, builder, diagnostics, options)
}

/// One file of a set read on its own out of the set's text: its items and syntax
/// diagnostics, spans counted from the start of that text. The language server keeps each
/// file's, so that an edit reads again only the file it changed ([`analyse_read_set`]).
#[derive(Debug, Clone)]
pub struct ReadFile {
    /// The file's bytes in the set's text.
    pub region: Span,
    items: Vec<ast::Item>,
    diagnostics: Vec<Diagnostic>,
}

impl ReadFile {
    /// The file's top-level items.
    pub fn items(&self) -> &[ast::Item] {
        &self.items
    }
}

/// Read the file at `region` of a set's text `text`, as [`analyse_set`] reads it.
pub fn read_file(text: &str, region: Span) -> ReadFile {
    let mut items = Vec::new();
    let parsed = syntax::parse_region_into(text, region.start..region.end, &mut items);
    ReadFile {
        region,
        items,
        diagnostics: parsed.diagnostics,
    }
}

/// [`analyse_set`] of files already read out of `source` ([`read_file`]), one for each
/// file of `map`, whose regions they are. The files' regions need not be contiguous:
/// bytes of `source` outside them are never read. With the same files, every diagnostic
/// is that of [`analyse_set`], at the same place in its file.
pub fn analyse_read_set(
    source: SourceFile,
    map: FileMap,
    files: &[&ReadFile],
    holidays: Option<crate::holidays::Region>,
    options: &Options,
) -> Analysis {
    let mut builder = set_builder(holidays, options);
    let mut kinds = [0usize; ast::DeclKind::COUNT];
    for item in files.iter().flat_map(|f| &f.items) {
        if let ast::Item::Decl(d) = item {
            kinds[d.kind as usize] += 1;
        }
    }
    builder.reserve(&kinds);
    let mut diagnostics = Vec::new();
    for f in files {
        builder.begin_file(f.region);
        for item in &f.items {
            builder.add(item);
        }
        diagnostics.extend(f.diagnostics.iter().cloned());
    }
    finish_set(source, map, builder, diagnostics, options)
}

/// The model builder of a set whose settings give `holidays` as the default.
fn set_builder(
    holidays: Option<crate::holidays::Region>,
    options: &Options,
) -> model::ModelBuilder {
    let mut builder = model::ModelBuilder::new(options.today);
    if let Some(region) = holidays {
        builder.default_holidays(region);
    }
    builder
}

/// The rest of a set's analysis, once every file is read into `builder`.
fn finish_set(
    source: SourceFile,
    map: FileMap,
    builder: model::ModelBuilder,
    mut diagnostics: Vec<Diagnostic>,
    options: &Options,
) -> Analysis {
    let model = builder.finish();
    let graph = graph::build(&model);
    diagnostics.extend(checks::run(&model, &graph, options.today));
    diagnostics.extend(checks::set::check(&model, &map, options.today));
    checks::allows::apply(&model, &mut diagnostics);
    diagnostic::sort(&mut diagnostics);
    Analysis {
        source,
        file: None,
        model,
        graph,
        diagnostics,
        set: Some(std::sync::Arc::new(map)),
    }
}

/// Why a file could not be read.
#[derive(Debug)]
pub enum LoadError {
    /// The operating system refused (missing, unreadable, a directory…).
    Io(String, std::io::Error),
    /// The file is a directory.
    Directory(String),
    /// The bytes are not UTF-8: where the first bad byte is.
    NotUtf8(String, BadByte),
    /// The file is larger than the front end accepts: its size in bytes (for a file read
    /// as a stream, the bytes read before giving up: one more than the limit).
    TooLarge(String, u64),
}

/// Where the first byte that is not UTF-8 stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadByte {
    /// Its offset in the file.
    pub offset: usize,
    /// Its line, from 1.
    pub line: usize,
    /// Its column, from 1, counting the characters before it on its line.
    pub column: usize,
}

impl BadByte {
    /// The first bad byte of `bytes`, all of which before `offset` are valid UTF-8.
    fn at(bytes: &[u8], offset: usize) -> BadByte {
        let before = &bytes[..offset.min(bytes.len())];
        let before = std::str::from_utf8(before).unwrap_or("");
        let at = crate::source::LineIndex::new(before).line_col(before, before.len());
        BadByte {
            offset,
            line: at.line,
            column: at.column,
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io(p, e) => write!(f, "cannot read `{p}`: {e}"),
            LoadError::Directory(p) => {
                write!(f, "`{p}` is a directory; give the path of a .proto-gov file")
            }
            LoadError::NotUtf8(p, at) => write!(
                f,
                "`{p}` is not UTF-8 text: the first invalid byte is at line {}, column {} (byte {}); save it as UTF-8",
                at.line, at.column, at.offset
            ),
            LoadError::TooLarge(p, n) if *n as usize > syntax::MAX_FILE_BYTES + 1 => write!(
                f,
                "`{p}` is {} MiB; protogov reads files up to {} MiB",
                n / (1024 * 1024),
                syntax::MAX_FILE_BYTES / (1024 * 1024)
            ),
            LoadError::TooLarge(p, _) => write!(
                f,
                "`{p}` is larger than {} MiB, the most protogov reads",
                syntax::MAX_FILE_BYTES / (1024 * 1024)
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// Read a file as UTF-8 source, refusing directories and oversized files before reading.
///
/// The size is checked again while reading, so a file that grows meanwhile, or a device
/// that never ends (`/dev/zero`), is refused after `MAX_FILE_BYTES` rather than exhausting
/// memory.
pub fn load(path: &Path) -> Result<SourceFile, LoadError> {
    use std::io::Read as _;
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| LoadError::Io(name.clone(), e))?;
    if meta.is_dir() {
        return Err(LoadError::Directory(name));
    }
    let limit = syntax::MAX_FILE_BYTES as u64;
    if meta.len() > limit {
        return Err(LoadError::TooLarge(name, meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| LoadError::Io(name.clone(), e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| LoadError::Io(name.clone(), e))?;
    if bytes.len() as u64 > limit {
        return Err(LoadError::TooLarge(name, bytes.len() as u64));
    }
    source_from_bytes(name, bytes)
}

/// Turn bytes into a source file, refusing text that is not UTF-8.
pub fn source_from_bytes(name: String, bytes: Vec<u8>) -> Result<SourceFile, LoadError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text)),
        Err(e) => {
            let at = BadByte::at(e.as_bytes(), e.utf8_error().valid_up_to());
            Err(LoadError::NotUtf8(name, at))
        }
    }
}
