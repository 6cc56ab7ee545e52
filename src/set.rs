//! Sets: the `.proto-gov` files under a folder compiled as one. A name declared in any
//! file is visible in all of them; each file holds one document. The files are joined
//! into one text, each read on its own (a syntax error never runs into the next file),
//! into one model, so every stage after reading works on a set as on a file. Spans count
//! from the start of the joined text; [`FileMap`] turns them back into each file's.
//!
//! An optional `protogov.toml` at the folder's root names the set and sets defaults:
//!
//! ```toml
//! [set]
//! name = "Middlesbrough children's partnerships"
//! exclude = ["drafts/**"]
//!
//! [defaults]
//! today = "2026-04-01"
//! holidays = "england and wales"
//! renderer = "embedded"
//! ```

use crate::analysis::LoadError;
use crate::diagnostic::Diagnostic;
use crate::holidays::Region;
use crate::source::{SourceFile, Span};
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// The name of a set's settings file, at the folder's root.
pub const CONFIG_FILE: &str = "protogov.toml";

/// The extension of the files a set reads.
pub const EXTENSION: &str = "proto-gov";

/// A set's settings, from `protogov.toml` or the defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The set's name (the folder's name unless given).
    pub name: String,
    /// Patterns of paths, relative to the root, of files left out (`drafts/**`).
    pub exclude: Vec<String>,
    /// The date outputs are judged against when `--today` is not given.
    pub today: Option<Date>,
    /// Whose bank holidays a document without a `holidays` line skips.
    pub holidays: Option<Region>,
    /// Who draws the SVG unless `--renderer` says: `embedded` or `graphviz`.
    pub renderer: Option<String>,
}

/// The text of `protogov.toml`, as read.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigText {
    #[serde(default)]
    set: SetText,
    #[serde(default)]
    defaults: DefaultsText,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SetText {
    name: Option<String>,
    #[serde(default)]
    exclude: Vec<toml::Spanned<String>>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct DefaultsText {
    /// A TOML date (`2026-04-01`) or a string.
    today: Option<toml::Spanned<toml::Value>>,
    holidays: Option<toml::Spanned<String>>,
    renderer: Option<toml::Spanned<String>>,
}

/// Why a set could not be read.
#[derive(Debug)]
pub enum SetError {
    /// A file or folder could not be read.
    Load(LoadError),
    /// The folder holds no `.proto-gov` file (after the exclusions).
    Empty(String),
    /// `protogov.toml` does not read: the file, where and why.
    Config {
        /// The settings file.
        source: Box<SourceFile>,
        /// Where the problem is.
        span: Span,
        /// What is wrong.
        message: String,
        /// How to put it right.
        help: String,
    },
}

impl std::fmt::Display for SetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetError::Load(e) => e.fmt(f),
            SetError::Empty(dir) => write!(
                f,
                "`{dir}` holds no .{EXTENSION} file; a folder is checked as a set of the \
                 .{EXTENSION} files under it"
            ),
            SetError::Config {
                source,
                span,
                message,
                ..
            } => {
                let at = source.lines.line_col(&source.text, span.start);
                write!(f, "{}:{}:{}: {message}", source.name, at.line, at.column)
            }
        }
    }
}

impl std::error::Error for SetError {}

/// A set's settings do not read.
pub static PG0013: crate::diagnostic::CodeInfo = crate::diagnostic::CodeInfo {
    code: "PG0013",
    severity: crate::diagnostic::Severity::Error,
    phase: crate::diagnostic::Phase::Semantic,
    summary: "a set's protogov.toml does not read",
    explanation: "\
## What it means
The `protogov.toml` at the root of a folder checked as a set is not TOML, has a key
protogov does not know, or gives a value it cannot use (a date that is not a date, a
region or renderer it does not know, a pattern that is not one).

## Why it matters
The settings decide which files are in the set and how dates are worked out; protogov
does not guess at them, and checks nothing until they read.

## Example
```
[set]
nme = \"Middlesbrough\"
[defaults]
holidays = \"wales and england\"
```

## Fix
Use the keys `[set]` `name` and `exclude`, and `[defaults]` `today`, `holidays`
(`england and wales`, `scotland`, `northern ireland`) and `renderer` (`embedded`,
`graphviz`):
```
[set]
name = \"Middlesbrough\"
[defaults]
holidays = \"england and wales\"
```",
};

/// Every code of this module.
pub static CODES: &[&crate::diagnostic::CodeInfo] = &[&PG0013];

impl SetError {
    /// The settings' problem as a diagnostic of `protogov.toml`, with that file; `None`
    /// for the other errors, which are not about text.
    pub fn diagnostic(&self) -> Option<(&SourceFile, Diagnostic)> {
        match self {
            SetError::Config {
                source,
                span,
                message,
                help,
            } => Some((
                source,
                Diagnostic::new(&PG0013, *span, message.clone())
                    .with_primary("here")
                    .with_help(help.clone()),
            )),
            _ => None,
        }
    }
}

/// The files of a set, in the order they are read (by path, below the root).
#[derive(Debug, Clone)]
pub struct SourceSet {
    /// The folder.
    pub root: PathBuf,
    /// Its settings.
    pub config: Config,
    /// Each file, named by its path as the folder was given plus its path below it.
    pub files: Vec<SourceFile>,
}

/// The files of a set, and where each starts in their joined text.
#[derive(Debug, Clone)]
pub struct FileMap {
    /// The set's name (see [`Config::name`]).
    pub name: String,
    /// Each file as read.
    pub files: Vec<SourceFile>,
    /// The bytes of each file in the joined text, in order.
    pub regions: Vec<Span>,
}

/// The file, by position in `regions` (each file's bytes in a joined text, in order), that
/// holds the start of `span`. An empty span where one file ends and the next begins is the
/// end of the first: an error at the end of a file. Shared by [`FileMap`] and the model
/// ([`crate::model::Model::file_of`]).
pub fn file_at(regions: &[Span], span: Span) -> usize {
    let i = regions
        .partition_point(|r| r.start <= span.start)
        .saturating_sub(1);
    if span.is_empty() && i > 0 && regions[i].start == span.start {
        // The last non-empty file ending here.
        return (0..i).rev().find(|&j| !regions[j].is_empty()).unwrap_or(i);
    }
    i
}

impl FileMap {
    /// The files joined into one text, named `name`, and the map back to each.
    pub fn join(name: String, files: Vec<SourceFile>) -> (SourceFile, FileMap) {
        let mut text = String::with_capacity(files.iter().map(|f| f.text.len()).sum());
        let mut regions = Vec::with_capacity(files.len());
        for f in &files {
            let start = text.len();
            text.push_str(&f.text);
            regions.push(Span::new(start, text.len()));
        }
        let map = FileMap {
            name: name.clone(),
            files,
            regions,
        };
        (SourceFile::new(name, text), map)
    }

    /// The bytes of file `i` in the joined text.
    pub fn region(&self, i: usize) -> Span {
        self.regions.get(i).copied().unwrap_or(Span::new(0, 0))
    }

    /// The file that holds the start of `span` (see [`file_at`]).
    pub fn file_of(&self, span: Span) -> usize {
        file_at(&self.regions, span)
    }

    /// A span of the joined text as a span of file `i`, clamped to it.
    fn within(&self, i: usize, span: Span) -> Span {
        let r = self.region(i);
        let clamp = |o: usize| o.saturating_sub(r.start).min(r.end - r.start);
        Span::new(clamp(span.start), clamp(span.end))
    }

    /// A span of the joined text as a span of its file.
    pub fn local(&self, span: Span) -> (usize, Span) {
        let i = self.file_of(span);
        (i, self.within(i, span))
    }

    /// `path:line:column` of a span of the joined text, for people.
    pub fn place(&self, span: Span) -> String {
        let (i, local) = self.local(span);
        let f = &self.files[i];
        let at = f.lines.line_col(&f.text, local.start);
        format!("{}:{}:{}", f.name, at.line, at.column)
    }

    /// The diagnostics of a set, each turned into one of the file that holds its primary
    /// span, grouped by file in file order. A label in another file becomes a note saying
    /// where it is; a fix that would edit another file is dropped.
    pub fn localise(&self, diagnostics: &[Diagnostic]) -> Vec<(usize, Vec<Diagnostic>)> {
        let mut by_file: Vec<Vec<Diagnostic>> = vec![Vec::new(); self.files.len()];
        for d in diagnostics {
            let (i, _) = self.local(d.span);
            let mut d = d.clone();
            let mut labels = Vec::with_capacity(d.labels.len());
            for l in std::mem::take(&mut d.labels) {
                if self.local(l.span).0 == i {
                    labels.push(l);
                } else {
                    d.notes
                        .push(format!("{}: {}", self.place(l.span), l.message));
                }
            }
            d.labels = labels;
            d.fixes
                .retain(|f| f.edits.iter().all(|e| self.local(e.span).0 == i));
            d.map_spans(|s| self.within(i, s));
            if let Some(v) = by_file.get_mut(i) {
                v.push(d);
            }
        }
        by_file
            .into_iter()
            .enumerate()
            .filter(|(_, v)| !v.is_empty())
            .collect()
    }
}

/// Read the set under `dir`: its settings and every `.proto-gov` file below it not left
/// out, in path order. Hidden files and folders (`.git`) are skipped, and symbolic links
/// to folders are not followed.
pub fn load(dir: &Path) -> Result<SourceSet, SetError> {
    let shown = dir.display().to_string();
    let (config, paths) = list(dir)?;
    let mut files = Vec::with_capacity(paths.len());
    for rel in paths {
        let rel_text = slashed(&rel);
        let mut file = crate::analysis::load(&dir.join(&rel)).map_err(SetError::Load)?;
        file.name = if shown.ends_with('/') {
            format!("{shown}{rel_text}")
        } else {
            format!("{shown}/{rel_text}")
        };
        files.push(file);
    }
    if files.is_empty() {
        return Err(SetError::Empty(shown));
    }
    Ok(SourceSet {
        root: dir.to_path_buf(),
        config,
        files,
    })
}

/// A path below a set's root written with `/` between its parts, as exclusions match it.
pub fn slashed(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The settings of the set under `dir` and the paths, relative to `dir`, of the files
/// [`load`] reads, in its order, without reading them (none is not an error here).
pub fn list(dir: &Path) -> Result<(Config, Vec<PathBuf>), SetError> {
    let config = read_config(dir)?;
    let exclude = {
        let mut b = globset::GlobSetBuilder::new();
        for p in &config.exclude {
            // Checked when the settings were read.
            if let Ok(g) = globset::Glob::new(p) {
                b.add(g);
            }
        }
        b.build().unwrap_or_else(|_| globset::GlobSet::empty())
    };
    let mut paths = Vec::new();
    walk(dir, Path::new(""), &mut paths)?;
    paths.sort();
    paths.retain(|rel| !exclude.is_match(slashed(rel)));
    Ok((config, paths))
}

/// Every `.proto-gov` file below `dir`, relative to the root.
fn walk(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> Result<(), SetError> {
    let here = root.join(rel);
    let io = |e: std::io::Error| SetError::Load(LoadError::Io(here.display().to_string(), e));
    for entry in std::fs::read_dir(&here).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type().map_err(io)?;
        let path = rel.join(&name);
        // A link is followed only to a file.
        if kind.is_symlink() && std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
            continue;
        }
        if kind.is_dir() {
            walk(root, &path, out)?;
        } else if Path::new(&name).extension().is_some_and(|e| e == EXTENSION) {
            out.push(path);
        }
    }
    Ok(())
}

/// The settings of the set under `dir`: `protogov.toml` if there is one, else defaults.
pub fn read_config(dir: &Path) -> Result<Config, SetError> {
    let fallback = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| dir.display().to_string());
    let path = dir.join(CONFIG_FILE);
    if !path.exists() {
        return Ok(Config {
            name: fallback,
            ..Config::default()
        });
    }
    let source = crate::analysis::load(&path).map_err(SetError::Load)?;
    parse_config(source, fallback)
}

/// Read the text of a `protogov.toml`.
pub fn parse_config(source: SourceFile, fallback: String) -> Result<Config, SetError> {
    let fail = |span: Span, message: String, help: &str| SetError::Config {
        source: Box::new(source.clone()),
        span,
        message,
        help: help.to_string(),
    };
    let raw: ConfigText = toml::from_str(&source.text).map_err(|e| {
        let span = e
            .span()
            .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
        let message = e.message().trim().to_string();
        fail(
            span,
            message,
            "a set's settings are `[set]` with `name` and `exclude`, and `[defaults]` with \
             `today`, `holidays` and `renderer`; see docs/sets.md",
        )
    })?;
    // Where a value stands, for messages about it.
    let find = |r: std::ops::Range<usize>| Span::new(r.start, r.end);
    for spanned in &raw.set.exclude {
        let p = spanned.get_ref();
        if let Err(e) = globset::Glob::new(p) {
            return Err(fail(
                find(spanned.span()),
                format!("`{p}` is not a pattern of paths: {}", e.kind()),
                "write a pattern such as `drafts/**` or `old-*.proto-gov`",
            ));
        }
    }
    let today = match &raw.defaults.today {
        None => None,
        Some(t) => {
            let written = source.text.get(t.span()).unwrap_or("").to_string();
            let text = match t.get_ref() {
                toml::Value::String(s) => s.clone(),
                toml::Value::Datetime(d) => d.to_string(),
                _ => written.clone(),
            };
            Some(text.parse::<Date>().map_err(|_| {
                fail(
                    find(t.span()),
                    format!("`today = {written}` is not a date"),
                    "write the date year first: `today = 2026-04-01`",
                )
            })?)
        }
    };
    let holidays = match &raw.defaults.holidays {
        None => None,
        Some(spanned) => Some(region(spanned.get_ref()).ok_or_else(|| {
            let h = spanned.get_ref();
            fail(
                find(spanned.span()),
                format!("`holidays = \"{h}\"` names no region"),
                "write `england and wales`, `scotland` or `northern ireland`",
            )
        })?),
    };
    if let Some(spanned) = &raw.defaults.renderer {
        let r = spanned.get_ref();
        if r != "embedded" && r != "graphviz" {
            return Err(fail(
                find(spanned.span()),
                format!("`renderer = \"{r}\"` names no renderer"),
                "write `embedded` (protogov's own layout) or `graphviz` (runs `dot`)",
            ));
        }
    }
    Ok(Config {
        name: raw.set.name.unwrap_or(fallback),
        exclude: raw
            .set
            .exclude
            .into_iter()
            .map(|p| p.into_inner())
            .collect(),
        today,
        holidays,
        renderer: raw.defaults.renderer.map(|r| r.into_inner()),
    })
}

/// A region by the words a document's `holidays` line uses.
fn region(words: &str) -> Option<Region> {
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    Region::ALL
        .into_iter()
        .find(|r| r.name().eq_ignore_ascii_case(&words))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Result<Config, SetError> {
        parse_config(SourceFile::new("protogov.toml", text), "x".into())
    }

    #[test]
    fn settings_read_and_default() {
        let c = config(
            "[set]\nname = \"Area\"\nexclude = [\"drafts/**\"]\n[defaults]\ntoday = \"2026-04-01\"\nholidays = \"scotland\"\nrenderer = \"graphviz\"\n",
        )
        .unwrap();
        assert_eq!(c.name, "Area");
        assert_eq!(c.exclude, vec!["drafts/**"]);
        assert_eq!(c.today, Some(jiff::civil::date(2026, 4, 1)));
        assert_eq!(c.holidays, Some(Region::Scotland));
        assert_eq!(c.renderer.as_deref(), Some("graphviz"));
        assert_eq!(config("").unwrap().name, "x");
    }

    #[test]
    fn bad_settings_say_where() {
        let e = config("[set]\nnme = \"Area\"\n").unwrap_err();
        let SetError::Config { span, message, .. } = &e else {
            panic!("{e}")
        };
        assert_eq!(*span, Span::new(6, 9), "{message}");
        assert!(e.to_string().starts_with("protogov.toml:2:1: "), "{e}");
        let e = config("[defaults]\ntoday = \"1.4.26\"\n").unwrap_err();
        assert!(e.to_string().contains("is not a date"), "{e}");
        // A TOML date, and a value's own place even where its text is written before.
        let c = config("[defaults]\ntoday = 2026-04-01\n").unwrap();
        assert_eq!(c.today, Some(jiff::civil::date(2026, 4, 1)));
        let e = config("[set]\nname = \"Tees 2026\"\n[defaults]\ntoday = \"2026\"\n").unwrap_err();
        assert!(e.to_string().starts_with("protogov.toml:4:9: "), "{e}");
        let e = config("[defaults]\nholidays = \"wales and england\"\n").unwrap_err();
        assert!(e.to_string().contains("names no region"), "{e}");
    }

    #[test]
    fn spans_map_back_to_their_files() {
        let (joined, map) = FileMap::join(
            "set".into(),
            vec![SourceFile::new("a", "abc\n"), SourceFile::new("b", "de\nf")],
        );
        assert_eq!(joined.text, "abc\nde\nf");
        assert_eq!(map.local(Span::new(1, 2)), (0, Span::new(1, 2)));
        assert_eq!(map.local(Span::new(4, 6)), (1, Span::new(0, 2)));
        assert_eq!(map.place(Span::new(7, 8)), "b:2:1");
    }
}
