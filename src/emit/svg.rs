//! The reporting graph as SVG, drawn by Graphviz from [`super::dot`] when `dot` is
//! installed, or by a small layout of protogov's own when it is not.
//!
//! The embedded layout puts each kind of node in a band of its own (escalation meetings,
//! office holders, parties, other bodies, bodies outside the protocol), orders each band to
//! shorten lines, and numbers duty lines: a table under the drawing says what each number
//! sends to whom and how often, so labels never pile up on the lines. A sub-group says so in
//! its box, and a key explains shapes and line styles, as in the Graphviz drawing.

use super::{drawn, protocol_title, shorten, wrap, DRAWN_MAX};
use crate::analysis::Analysis;
use crate::graph::{EdgeKind, NodeKind};
use petgraph::graph::NodeIndex;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Who lays out and draws the SVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    /// Graphviz's `dot -Tsvg`.
    Graphviz,
    /// protogov's own layout, with no external program.
    Embedded,
}

/// Why Graphviz could not draw the graph.
#[derive(Debug)]
pub enum Error {
    /// `dot` could not be started.
    NotFound(std::io::Error),
    /// `dot` failed: how it ended ("exit status 1", "killed by signal 11") and what it
    /// printed on standard error.
    Failed(String, String),
    /// `dot` ended successfully but printed nothing, or no whole SVG; what it printed on
    /// standard error.
    Empty(String),
    /// `dot` ran longer than its time limit and was stopped.
    TimedOut(Duration),
    /// Reading from or writing to `dot` failed.
    Io(std::io::Error),
}

/// ": what it said", or " and printed nothing" when it said nothing.
fn said(stderr: &str) -> String {
    match stderr.trim() {
        "" => " and printed nothing".to_string(),
        s => format!(": {s}"),
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NotFound(e) => write!(
                f,
                "cannot run Graphviz `dot` ({e}); install Graphviz or use `--renderer embedded`"
            ),
            Error::Failed(how, err) => {
                write!(f, "Graphviz `dot` failed ({how}){}", said(err))
            }
            Error::Empty(err) => write!(
                f,
                "Graphviz `dot` printed nothing, or no whole SVG, though it reported success{}",
                match err.trim() {
                    "" => String::new(),
                    s => format!("; it said: {s}"),
                }
            ),
            Error::TimedOut(limit) => write!(
                f,
                "Graphviz `dot` was stopped after {} s without finishing; use `--renderer embedded`",
                limit.as_secs()
            ),
            Error::Io(e) => write!(f, "cannot talk to Graphviz `dot`: {e}"),
        }
    }
}

impl std::error::Error for Error {}

/// How a process ended, in words: "exit status 1", "killed by signal 11".
fn ending(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(c), _) => format!("exit status {c}"),
        (None, Some(s)) => format!("killed by signal {s}"),
        (None, None) => "no exit status".to_string(),
    }
}

/// How Graphviz is run: the program and how long it may take.
#[derive(Debug, Clone)]
pub struct Graphviz {
    /// The program, `dot` (found on PATH) unless told otherwise.
    pub program: std::path::PathBuf,
    /// How long `dot` may run before it is stopped.
    pub time_limit: Duration,
}

impl Default for Graphviz {
    fn default() -> Self {
        Graphviz {
            program: "dot".into(),
            time_limit: Duration::from_secs(60),
        }
    }
}

/// Run `dot` with `args` on `input`; its standard output, or why it failed. Standard error
/// is returned too, so that callers can insist on a run without warnings.
pub fn run_dot(args: &[&str], input: &str) -> Result<(Vec<u8>, String), Error> {
    Graphviz::default().run(args, input)
}

/// Read all of a pipe on a thread of its own.
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        buf
    })
}

impl Graphviz {
    /// Run the program with `args` on `input`: its standard output and standard error, or
    /// why it failed. A run that fails, prints nothing or outlives the time limit is an
    /// error that says so, with what the program printed on standard error.
    pub fn run(&self, args: &[&str], input: &str) -> Result<(Vec<u8>, String), Error> {
        let mut child = Command::new(&self.program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(Error::NotFound)?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| Error::Io(std::io::Error::other("no standard input")))?;
        let text = input.to_string();
        // Write and read on threads of their own so that no pipe can block another.
        let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
        let out = drain(child.stdout.take());
        let err = drain(child.stderr.take());
        let started = Instant::now();
        let status = loop {
            match child.try_wait().map_err(Error::Io)? {
                Some(status) => break status,
                None if started.elapsed() >= self.time_limit => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(Error::TimedOut(self.time_limit));
                }
                None => std::thread::sleep(Duration::from_millis(5)),
            }
        };
        let joined = |h: std::thread::JoinHandle<Vec<u8>>| {
            h.join()
                .map_err(|_| Error::Io(std::io::Error::other("reader thread failed")))
        };
        let out = joined(out)?;
        let err = String::from_utf8_lossy(&joined(err)?).into_owned();
        let written = writer
            .join()
            .map_err(|_| Error::Io(std::io::Error::other("writer thread failed")))?;
        if !status.success() {
            return Err(Error::Failed(ending(status), err));
        }
        if out.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::Empty(err));
        }
        written.map_err(Error::Io)?;
        Ok((out, err))
    }
}

/// The SVG drawn by Graphviz from DOT text.
pub fn graphviz(dot: &str) -> Result<Vec<u8>, Error> {
    let (out, err) = run_dot(&["-Tsvg"], dot)?;
    let whole = String::from_utf8_lossy(&out).trim_end().ends_with("</svg>");
    if whole {
        Ok(out)
    } else {
        Err(Error::Empty(err))
    }
}

/// The SVG of an analysis with the chosen renderer.
pub fn emit(analysis: &Analysis, renderer: Renderer) -> Result<Vec<u8>, Error> {
    match renderer {
        Renderer::Graphviz => graphviz(&super::dot::emit(analysis)),
        Renderer::Embedded => Ok(embedded(analysis).into_bytes()),
    }
}

// ---------------------------------------------------------------- the embedded layout

const FONT: &str = "Helvetica, Arial, sans-serif";
const FONT_SIZE: f64 = 12.0;
const SMALL: f64 = 10.0;
const LINE: f64 = 15.0;
const CHAR: f64 = 6.7;
const GAP_X: f64 = 28.0;
const GAP_Y: f64 = 48.0;
const MAX_ROW: f64 = 620.0;
const MARGIN: f64 = 24.0;

/// Rectangles a label must keep out of, filed by the cells of a grid they touch, so that
/// a point is tested only against the rectangles near it, not against every one drawn.
#[derive(Default)]
struct Clearance {
    /// Centre and half extents of each rectangle.
    boxes: Vec<(f64, f64, f64, f64)>,
    /// The rectangles touching each cell.
    cells: std::collections::HashMap<(i64, i64), Vec<usize>>,
    /// Rectangles with a coordinate that is not finite, tested against every point.
    unfiled: Vec<usize>,
}

impl Clearance {
    /// The side of a grid cell, in pixels.
    const CELL: f64 = 64.0;

    fn cell(v: f64) -> i64 {
        (v / Self::CELL).floor() as i64
    }

    /// Keep points within `hw` across and `hh` up or down of (`x`, `y`) clear.
    fn add(&mut self, x: f64, y: f64, hw: f64, hh: f64) {
        let id = self.boxes.len();
        self.boxes.push((x, y, hw, hh));
        if !(x.is_finite() && y.is_finite() && hw.is_finite() && hh.is_finite()) {
            self.unfiled.push(id);
            return;
        }
        // One cell more on each side, so rounding at a cell's edge cannot miss a box.
        for cx in Self::cell(x - hw) - 1..=Self::cell(x + hw) + 1 {
            for cy in Self::cell(y - hh) - 1..=Self::cell(y + hh) + 1 {
                self.cells.entry((cx, cy)).or_default().push(id);
            }
        }
    }

    /// True when (`x`, `y`) is outside every rectangle.
    fn free(&self, x: f64, y: f64) -> bool {
        let outside =
            |&(bx, by, hw, hh): &(f64, f64, f64, f64)| (bx - x).abs() > hw || (by - y).abs() > hh;
        if !(x.is_finite() && y.is_finite()) {
            return self.boxes.iter().all(outside);
        }
        self.unfiled.iter().all(|&i| outside(&self.boxes[i]))
            && self
                .cells
                .get(&(Self::cell(x), Self::cell(y)))
                .is_none_or(|ids| ids.iter().all(|&i| outside(&self.boxes[i])))
    }
}

/// Text escaped for XML: markup characters as entities, line breaks and tabs as spaces;
/// characters XML forbids (controls, U+FFFE, U+FFFF) and bidirectional overrides dropped
/// (see [`super::unprintable`]).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(' '),
            c if super::unprintable(c) => {}
            c => out.push(c),
        }
    }
    out
}

struct Placed {
    lines: Vec<String>,
    note: Vec<String>,
    kind: NodeKind,
    w: f64,
    h: f64,
    x: f64,
    y: f64,
}

fn band(kind: NodeKind) -> usize {
    match kind {
        NodeKind::Escalation => 0,
        NodeKind::Role => 1,
        NodeKind::Party => 2,
        NodeKind::Body => 3,
        NodeKind::External => 4,
    }
}

fn text_width(lines: &[String], size: f64) -> f64 {
    lines
        .iter()
        .map(|l| l.chars().count() as f64)
        .fold(0.0, f64::max)
        * CHAR
        * size
        / FONT_SIZE
}

fn text_block(out: &mut String, x: f64, y: f64, lines: &[String], size: f64, extra: &str) {
    for (i, l) in lines.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"<text x="{x:.1}" y="{:.1}" font-size="{size}" text-anchor="middle"{extra}>{}</text>"#,
            y + i as f64 * size * 1.25,
            xml(l)
        );
    }
}

fn shape(out: &mut String, p: &Placed) {
    let (x, y, w, h) = (p.x - p.w / 2.0, p.y - p.h / 2.0, p.w, p.h);
    match p.kind {
        NodeKind::Party => {
            let _ = writeln!(
                out,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="#d9d9d9" stroke="#000" stroke-width="2.5"/>"##
            );
        }
        NodeKind::Body => {
            let _ = writeln!(
                out,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="#fff" stroke="#000"/>"##
            );
        }
        NodeKind::External => {
            let _ = writeln!(
                out,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="#fff" stroke="#000" stroke-dasharray="6 4"/>"##
            );
        }
        NodeKind::Role => {
            let _ = writeln!(
                out,
                r##"<ellipse cx="{:.1}" cy="{:.1}" rx="{:.1}" ry="{:.1}" fill="#f2f2f2" stroke="#000"/>"##,
                p.x,
                p.y,
                w / 2.0,
                h / 2.0
            );
        }
        NodeKind::Escalation => {
            for inset in [0.0, 4.0] {
                let c = (h / 3.5).min(w / 4.0);
                let (x0, y0, x1, y1) = (x + inset, y + inset, x + w - inset, y + h - inset);
                let pts = [
                    (x0 + c, y0),
                    (x1 - c, y0),
                    (x1, y0 + c),
                    (x1, y1 - c),
                    (x1 - c, y1),
                    (x0 + c, y1),
                    (x0, y1 - c),
                    (x0, y0 + c),
                ];
                let pts: Vec<String> = pts.iter().map(|(a, b)| format!("{a:.1},{b:.1}")).collect();
                let _ = writeln!(
                    out,
                    r##"<polygon points="{}" fill="{}" stroke="#000"/>"##,
                    pts.join(" "),
                    if inset == 0.0 { "#fff" } else { "none" }
                );
            }
        }
    }
}

struct Line {
    from: usize,
    to: usize,
    kind: EdgeKind,
    number: Option<usize>,
}

fn line_style(kind: EdgeKind) -> (&'static str, &'static str, f64) {
    // (dash array, marker, width)
    match kind {
        EdgeKind::Duty => ("", "arrow", 1.5),
        EdgeKind::ReportsTo => ("", "open", 1.0),
        EdgeKind::SubgroupOf => ("2 3", "open", 1.0),
        EdgeKind::Chair => ("6 4", "", 1.5),
        EdgeKind::Member => ("6 4", "", 1.0),
        EdgeKind::Observer | EdgeKind::Attends => ("1.5 3", "", 1.5),
        EdgeKind::Appoints | EdgeKind::Convenes => ("6 4", "vee", 1.2),
    }
}

/// The SVG drawn by protogov's own layout.
pub fn embedded(analysis: &Analysis) -> String {
    let g = &analysis.graph;
    let model = &analysis.model;
    let index: Vec<NodeIndex> = g.graph.node_indices().collect();
    let pos_of: BTreeMap<NodeIndex, usize> =
        index.iter().enumerate().map(|(i, n)| (*n, i)).collect();

    let mut nodes: Vec<Placed> = index
        .iter()
        .map(|n| {
            let node = &g.graph[*n];
            let lines = wrap(&drawn(&node.label), 18);
            let note = match &node.parent {
                Some(p) => wrap(
                    &format!("sub-group of {}", drawn(&super::title(model, p))),
                    30,
                ),
                None => Vec::new(),
            };
            let tw = text_width(&lines, FONT_SIZE).max(text_width(&note, SMALL));
            let th = lines.len() as f64 * LINE + note.len() as f64 * SMALL * 1.25;
            let (w, h) = match node.kind {
                NodeKind::Role => (tw * 1.15 + 24.0, th * 1.3 + 14.0),
                NodeKind::Escalation => (tw + 48.0, th + 30.0),
                _ => (tw + 24.0, th + 16.0),
            };
            Placed {
                lines,
                note,
                kind: node.kind,
                w,
                h,
                x: 0.0,
                y: 0.0,
            }
        })
        .collect();

    // Lines, and a number for each duty drawn.
    let mut lines = Vec::new();
    let mut duty_numbers: BTreeMap<&str, usize> = BTreeMap::new();
    for e in g.graph.edge_indices() {
        let Some((a, b)) = g.graph.edge_endpoints(e) else {
            continue;
        };
        let edge = &g.graph[e];
        if edge.kind == EdgeKind::SubgroupOf {
            continue; // said in the sub-group's box
        }
        let number = edge.duty.as_ref().map(|d| {
            let next = duty_numbers.len() + 1;
            *duty_numbers.entry(d.as_str()).or_insert(next)
        });
        lines.push(Line {
            from: pos_of[&a],
            to: pos_of[&b],
            kind: edge.kind,
            number,
        });
    }

    // Rows: each band, split when wider than the page.
    let mut bands: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        bands.entry(band(n.kind)).or_default().push(i);
    }
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let row_width = |row: &[usize]| row.iter().map(|i| nodes[*i].w + GAP_X).sum::<f64>();
    for (b, members) in bands {
        // Other bodies share the parties' last row when there is room: a row saved.
        let joins = b == band(NodeKind::Body)
            && rows.last().is_some_and(|r| {
                r.first().is_some_and(|i| nodes[*i].kind == NodeKind::Party)
                    && row_width(r) + row_width(&members) - GAP_X <= MAX_ROW
            });
        if joins {
            if let Some(r) = rows.last_mut() {
                r.extend(members);
            }
            continue;
        }
        let mut row = Vec::new();
        let mut width = 0.0;
        for i in members {
            if !row.is_empty() && width + nodes[i].w > MAX_ROW {
                rows.push(std::mem::take(&mut row));
                width = 0.0;
            }
            width += nodes[i].w + GAP_X;
            row.push(i);
        }
        rows.push(row);
    }
    let page_w = rows
        .iter()
        .map(|r| row_width(r) - GAP_X)
        .fold(620.0_f64, f64::max)
        + 2.0 * MARGIN;

    let place_row = |nodes: &mut Vec<Placed>, row: &[usize]| {
        let width: f64 = row.iter().map(|i| nodes[*i].w + GAP_X).sum::<f64>() - GAP_X;
        let mut x = (page_w - width) / 2.0;
        for i in row {
            nodes[*i].x = x + nodes[*i].w / 2.0;
            x += nodes[*i].w + GAP_X;
        }
    };
    for r in &rows {
        place_row(&mut nodes, r);
    }
    // Order each row by the mean position of its neighbours, a few sweeps.
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for l in &lines {
        neighbours[l.from].push(l.to);
        if l.to != l.from {
            neighbours[l.to].push(l.from);
        }
    }
    let mut row_index = vec![usize::MAX; nodes.len()];
    for (ri, r) in rows.iter().enumerate() {
        for i in r {
            row_index[*i] = ri;
        }
    }
    for _ in 0..4 {
        for (ri, r) in rows.iter_mut().enumerate() {
            let key: BTreeMap<usize, f64> = r
                .iter()
                .map(|i| {
                    let ns: Vec<f64> = neighbours[*i]
                        .iter()
                        .filter(|j| row_index[**j] != ri)
                        .map(|j| nodes[*j].x)
                        .collect();
                    let k = if ns.is_empty() {
                        nodes[*i].x
                    } else {
                        ns.iter().sum::<f64>() / ns.len() as f64
                    };
                    (*i, k)
                })
                .collect();
            r.sort_by(|a, b| key[a].total_cmp(&key[b]).then(a.cmp(b)));
            place_row(&mut nodes, r);
        }
    }

    // Heading.
    let title = drawn(&protocol_title(analysis));
    // Bold 16px letters are about 9.5px wide, capitals about 11.5px.
    let capitals = title.chars().filter(|c| c.is_uppercase()).count() * 2 > title.chars().count();
    let letter = if capitals { 11.5 } else { 9.5 };
    let heading = wrap(&title, ((page_w - 2.0 * MARGIN) / letter) as usize);
    let mut y = MARGIN + 18.0;
    let mut body = String::new();
    for l in &heading {
        let _ = writeln!(
            body,
            r#"<text x="{:.1}" y="{y:.1}" font-size="16" font-weight="bold" text-anchor="middle">{}</text>"#,
            page_w / 2.0,
            xml(l)
        );
        y += 20.0;
    }
    let _ = writeln!(
        body,
        r#"<text x="{:.1}" y="{y:.1}" font-size="{SMALL}" text-anchor="middle">Who reports what to whom, who sits where, and escalation. Numbered lines are duties: see the table below.</text>"#,
        page_w / 2.0
    );
    y += 36.0;

    for r in &rows {
        let h = r.iter().map(|i| nodes[*i].h).fold(0.0, f64::max);
        for i in r {
            nodes[*i].y = y + h / 2.0;
        }
        y += h + GAP_Y;
    }
    let row_of: BTreeMap<usize, usize> = rows
        .iter()
        .enumerate()
        .flat_map(|(ri, r)| r.iter().map(move |i| (*i, ri)))
        .collect();

    // Lines first, so that boxes sit on top of them.
    let mut edges_svg = String::new();
    let mut badges: Vec<(f64, f64, String)> = Vec::new();
    let mut labels: Vec<(f64, f64, &'static str)> = Vec::new();
    let mut pair_count: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    // Where a duty's number or a line's word may go: clear of every box and of the
    // numbers and words already placed.
    let mut clear = Clearance::default();
    for n in &nodes {
        clear.add(n.x, n.y, n.w / 2.0 + 12.0, n.h / 2.0 + 10.0);
    }
    // The lowest point of the drawing: the last row, or an arc dipping under it.
    let mut lowest = nodes.iter().map(|n| n.y + n.h / 2.0).fold(0.0, f64::max);
    for l in &lines {
        let k = {
            let key = (l.from.min(l.to), l.from.max(l.to));
            let c = pair_count.entry(key).or_insert(0);
            *c += 1;
            *c - 1
        };
        let offset = (k as f64 - 0.0) * 10.0 * if k % 2 == 0 { 1.0 } else { -1.0 };
        let (a, b) = (&nodes[l.from], &nodes[l.to]);
        let (ra, rb) = (row_of[&l.from], row_of[&l.to]);
        let (p0, p1, p2, p3) = if ra == rb {
            // Same row: an arc under the row.
            let ya = a.y + a.h / 2.0;
            let yb = b.y + b.h / 2.0;
            let dip = 34.0 + 14.0 * k as f64 + (a.x - b.x).abs() * 0.08;
            lowest = lowest.max(ya.max(yb) + dip * 0.75 + 12.0);
            (
                (a.x + offset, ya),
                (a.x + offset, ya + dip),
                (b.x + offset, yb + dip),
                (b.x + offset, yb),
            )
        } else {
            let down = rb > ra;
            let ya = if down {
                a.y + a.h / 2.0
            } else {
                a.y - a.h / 2.0
            };
            let yb = if down {
                b.y - b.h / 2.0
            } else {
                b.y + b.h / 2.0
            };
            let mid = (ya + yb) / 2.0;
            (
                (a.x + offset, ya),
                (a.x + offset, mid),
                (b.x + offset, mid),
                (b.x + offset, yb),
            )
        };
        let (dash, marker, width) = line_style(l.kind);
        let mut attrs = format!(r##"fill="none" stroke="#222" stroke-width="{width}""##);
        if !dash.is_empty() {
            let _ = write!(attrs, r#" stroke-dasharray="{dash}""#);
        }
        if !marker.is_empty() {
            let _ = write!(attrs, r#" marker-end="url(#{marker})""#);
        }
        let _ = writeln!(
            edges_svg,
            r#"<path d="M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" {attrs}/>"#,
            p0.0, p0.1, p1.0, p1.1, p2.0, p2.1, p3.0, p3.1
        );
        let at = |t: f64| {
            let u = 1.0 - t;
            (
                u * u * u * p0.0
                    + 3.0 * u * u * t * p1.0
                    + 3.0 * u * t * t * p2.0
                    + t * t * t * p3.0,
                u * u * u * p0.1
                    + 3.0 * u * u * t * p1.1
                    + 3.0 * u * t * t * p2.1
                    + t * t * t * p3.1,
            )
        };
        let spot = [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85]
            .iter()
            .map(|t| at(*t))
            .find(|(x, y)| clear.free(*x, *y))
            .unwrap_or_else(|| at(0.5));
        match l.number {
            Some(n) => {
                clear.add(spot.0, spot.1, 20.0, 20.0);
                badges.push((spot.0, spot.1, n.to_string()))
            }
            None => {
                clear.add(spot.0, spot.1, 40.0, 14.0);
                labels.push((spot.0, spot.1, super::dot::edge_word(l.kind)))
            }
        }
    }

    let mut nodes_svg = String::new();
    for p in &nodes {
        shape(&mut nodes_svg, p);
        let total = p.lines.len() as f64 * LINE + p.note.len() as f64 * SMALL * 1.25;
        let top = p.y - total / 2.0 + FONT_SIZE * 0.85;
        let weight = if p.kind == NodeKind::Party {
            r#" font-weight="bold""#
        } else {
            ""
        };
        text_block(&mut nodes_svg, p.x, top, &p.lines, FONT_SIZE, weight);
        text_block(
            &mut nodes_svg,
            p.x,
            top + p.lines.len() as f64 * LINE,
            &p.note,
            SMALL,
            r#" font-style="italic""#,
        );
    }
    let mut marks = String::new();
    for (x, y, word) in &labels {
        let w = word.chars().count() as f64 * CHAR * SMALL / FONT_SIZE + 6.0;
        let _ = writeln!(
            marks,
            r##"<rect x="{:.1}" y="{:.1}" width="{w:.1}" height="13" fill="#fff" opacity="0.9"/><text x="{x:.1}" y="{:.1}" font-size="{SMALL}" font-style="italic" text-anchor="middle">{}</text>"##,
            x - w / 2.0,
            y - 8.0,
            y + 3.0,
            xml(word)
        );
    }
    for (x, y, n) in &badges {
        let _ = writeln!(
            marks,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="10" fill="#fff" stroke="#000" stroke-width="1.2"/><text x="{x:.1}" y="{:.1}" font-size="{SMALL}" font-weight="bold" text-anchor="middle">{n}</text>"##,
            y + 3.5
        );
    }
    // Arcs under the last row dip below it.
    y = lowest + 36.0;

    // The table of duties.
    let mut table = String::new();
    if !duty_numbers.is_empty() {
        let _ = writeln!(
            table,
            r#"<text x="{MARGIN}" y="{y:.1}" font-size="13" font-weight="bold">Duties (the numbers on the lines)</text>"#
        );
        y += 20.0;
        let mut numbered: Vec<(&usize, &&str)> = duty_numbers.iter().map(|(d, n)| (n, d)).collect();
        numbered.sort();
        let width = ((page_w - 2.0 * MARGIN - 30.0) / (CHAR * SMALL / FONT_SIZE)) as usize;
        for (n, d) in numbered {
            let Some(duty) = model.duty(d) else { continue };
            let mut text = super::action_sentence(model, duty);
            match &duty.cadence {
                Some(c) => {
                    let _ = write!(text, ", {}", c.text);
                }
                None => {
                    if let Some(t) = &duty.trigger {
                        let _ = write!(text, ", when {}", super::title(model, &t.name));
                    }
                    if let Some(dl) = &duty.deadline {
                        let _ = write!(text, ", {}", dl.text);
                    }
                }
            }
            if let Some(c) = &duty.common.clause {
                let _ = write!(text, " (clause {c})");
            }
            let _ = writeln!(
                table,
                r#"<text x="{MARGIN}" y="{y:.1}" font-size="{SMALL}" font-weight="bold">{n}</text>"#
            );
            for l in wrap(&shorten(&text, 3 * DRAWN_MAX), width) {
                let _ = writeln!(
                    table,
                    r#"<text x="{:.1}" y="{y:.1}" font-size="{SMALL}">{}</text>"#,
                    MARGIN + 24.0,
                    xml(&l)
                );
                y += 13.0;
            }
            y += 3.0;
        }
        y += 14.0;
    }

    // The key.
    let key_top = y;
    let mut key = String::new();
    let _ = writeln!(
        key,
        r#"<text x="{:.1}" y="{:.1}" font-size="13" font-weight="bold">Key</text>"#,
        MARGIN + 10.0,
        y + 18.0
    );
    y += 30.0;
    let samples = [
        (NodeKind::Party, "Party to the protocol"),
        (NodeKind::Body, "Other body"),
        (NodeKind::External, "Body outside the protocol"),
        (NodeKind::Role, "Office holder"),
        (NodeKind::Escalation, "Escalation meeting"),
    ];
    let mut x = MARGIN + 10.0;
    for (kind, text) in samples {
        let lines = wrap(text, 14);
        let w = text_width(&lines, SMALL) + 28.0;
        let h = lines.len() as f64 * 13.0 + 14.0;
        let p = Placed {
            lines: lines.clone(),
            note: Vec::new(),
            kind,
            w,
            h,
            x: x + w / 2.0,
            y: y + 20.0,
        };
        shape(&mut key, &p);
        text_block(
            &mut key,
            p.x,
            p.y - (lines.len() as f64 * 13.0) / 2.0 + 10.0,
            &lines,
            SMALL,
            "",
        );
        x += w + 14.0;
    }
    y += 52.0;
    let styles = [
        (EdgeKind::Duty, "duty: sends or presents (numbered)"),
        (EdgeKind::ReportsTo, "standing reporting line"),
        (EdgeKind::Chair, "seat: chair or member"),
        (EdgeKind::Appoints, "appoints, convenes"),
        (EdgeKind::Observer, "observer seat; attends"),
    ];
    let mut x = MARGIN + 10.0;
    for (i, (kind, text)) in styles.iter().enumerate() {
        if i > 0 && i % 2 == 0 {
            x = MARGIN + 10.0;
            y += 22.0;
        }
        let (dash, marker, width) = line_style(*kind);
        let mut attrs = format!(r##"stroke="#222" stroke-width="{width}""##);
        if !dash.is_empty() {
            let _ = write!(attrs, r#" stroke-dasharray="{dash}""#);
        }
        if !marker.is_empty() {
            let _ = write!(attrs, r#" marker-end="url(#{marker})""#);
        }
        let _ = writeln!(
            key,
            r#"<line x1="{x:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" {attrs}/><text x="{:.1}" y="{:.1}" font-size="{SMALL}">{}</text>"#,
            x + 44.0,
            x + 52.0,
            y + 3.5,
            xml(text)
        );
        x += 60.0 + text.chars().count() as f64 * CHAR * SMALL / FONT_SIZE + 24.0;
    }
    y += 16.0;
    let _ = writeln!(
        key,
        r#"<text x="{:.1}" y="{:.1}" font-size="{SMALL}" font-style="italic">A body that is a sub-group of another says so in its box.</text>"#,
        MARGIN + 10.0,
        y + 4.0
    );
    y += 14.0;
    let _ = writeln!(
        key,
        r##"<rect x="{MARGIN}" y="{key_top:.1}" width="{:.1}" height="{:.1}" rx="8" fill="none" stroke="#555"/>"##,
        page_w - 2.0 * MARGIN,
        y - key_top
    );
    y += MARGIN;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xml:space="preserve" width="{page_w:.0}" height="{y:.0}" viewBox="0 0 {page_w:.1} {y:.1}" font-family="{FONT}">
<title>{}</title>
<defs>
<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#222"/></marker>
<marker id="open" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#fff" stroke="#222"/></marker>
<marker id="vee" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10" fill="none" stroke="#222" stroke-width="1.5"/></marker>
</defs>
<rect width="100%" height="100%" fill="#fff"/>"##,
        xml(&title)
    );
    svg.push_str(&body);
    svg.push_str(&edges_svg);
    svg.push_str(&nodes_svg);
    svg.push_str(&marks);
    svg.push_str(&table);
    svg.push_str(&key);
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup() {
        assert_eq!(
            xml("a & <b> \"c\" 'd'"),
            "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;"
        );
    }

    #[test]
    fn xml_drops_what_xml_forbids_and_bidi_overrides() {
        assert_eq!(
            xml("a\u{0}\u{FFFE}b\u{FFFF}\u{202E}c\u{200F}"),
            "abc\u{200F}"
        );
    }

    #[test]
    fn the_grid_of_clearances_answers_as_testing_every_rectangle() {
        // A small generator, so the test needs no dependency and is the same every run.
        let mut state = 0x5eed_u64;
        let mut next = move |range: f64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64 * range
        };
        let mut clear = Clearance::default();
        let mut boxes = Vec::new();
        for i in 0..400 {
            let b = if i % 50 == 0 {
                (f64::NAN, next(2000.0), 20.0, 20.0)
            } else {
                (
                    next(3000.0) - 500.0,
                    next(2000.0) - 300.0,
                    next(120.0),
                    next(40.0),
                )
            };
            clear.add(b.0, b.1, b.2, b.3);
            boxes.push(b);
        }
        let brute = |x: f64, y: f64| {
            boxes
                .iter()
                .all(|&(bx, by, hw, hh): &(f64, f64, f64, f64)| {
                    (bx - x).abs() > hw || (by - y).abs() > hh
                })
        };
        let mut free = 0;
        for _ in 0..20_000 {
            let (x, y) = (next(3200.0) - 600.0, next(2200.0) - 400.0);
            assert_eq!(clear.free(x, y), brute(x, y), "at {x}, {y}");
            free += usize::from(brute(x, y));
        }
        // Points on the edges of rectangles and on the edges of cells.
        for &(bx, by, hw, hh) in boxes.iter().take(60) {
            for (x, y) in [
                (bx + hw, by),
                (bx - hw, by + hh),
                (bx, by - hh),
                (64.0 * 3.0, by),
            ] {
                assert_eq!(clear.free(x, y), brute(x, y), "at {x}, {y}");
            }
        }
        assert!(free > 100 && free < 19_900, "the points test both answers");
    }
}
