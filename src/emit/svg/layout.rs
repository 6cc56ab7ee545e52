//! The embedded layout: each node sized from its wrapped label, each kind of node in a band
//! of its own (escalation meetings, office holders, parties, other bodies, bodies outside
//! the protocol), each band split into rows no wider than the page, and each row ordered
//! by the mean position of its neighbours to shorten its lines.

use crate::analysis::Analysis;
use crate::emit::{drawn, wrap};
use crate::graph::{EdgeKind, NodeKind, ReportingGraph};
use petgraph::graph::NodeIndex;
use std::collections::BTreeMap;

pub(super) const FONT_SIZE: f64 = 12.0;
pub(super) const SMALL: f64 = 10.0;
pub(super) const LINE: f64 = 15.0;
pub(super) const CHAR: f64 = 6.7;
const GAP_X: f64 = 28.0;
const GAP_Y: f64 = 48.0;
const MAX_ROW: f64 = 620.0;
pub(super) const MARGIN: f64 = 24.0;

/// A node as drawn: its label's lines, a note under them, its size and its centre.
pub(super) struct Placed {
    pub(super) lines: Vec<String>,
    pub(super) note: Vec<String>,
    pub(super) kind: NodeKind,
    pub(super) w: f64,
    pub(super) h: f64,
    pub(super) x: f64,
    pub(super) y: f64,
}

fn band(kind: NodeKind) -> usize {
    match kind {
        NodeKind::Escalation | NodeKind::Stage | NodeKind::Document => 0,
        NodeKind::Role => 1,
        NodeKind::Party => 2,
        NodeKind::Body => 3,
        NodeKind::External => 4,
    }
}

pub(super) fn text_width(lines: &[String], size: f64) -> f64 {
    lines
        .iter()
        .map(|l| l.chars().count() as f64)
        .fold(0.0, f64::max)
        * CHAR
        * size
        / FONT_SIZE
}

/// A line between two nodes (by their place in [`Layout::nodes`]), numbered for a duty.
pub(super) struct Line {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) kind: EdgeKind,
    pub(super) number: Option<usize>,
}

/// The embedded layout of a reporting graph: every node sized and placed across the page,
/// in rows top to bottom.
pub(super) struct Layout<'a> {
    /// The nodes, in the graph's order.
    pub(super) nodes: Vec<Placed>,
    /// The lines, in the graph's order; sub-group relations are said in the boxes instead.
    pub(super) lines: Vec<Line>,
    /// The rows, top to bottom: places in `nodes`.
    pub(super) rows: Vec<Vec<usize>>,
    /// The width of the page.
    pub(super) page_w: f64,
    /// The number of each duty drawn, by the duty's name.
    pub(super) duty_numbers: BTreeMap<&'a str, usize>,
}

impl<'a> Layout<'a> {
    /// Size the nodes, number the duties, make the rows and order them across the page.
    pub(super) fn new(analysis: &'a Analysis) -> Layout<'a> {
        let g = &analysis.graph;
        let index: Vec<NodeIndex> = g.graph.node_indices().collect();
        let pos_of: BTreeMap<NodeIndex, usize> =
            index.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let mut nodes = measure(analysis, &index);
        let (lines, duty_numbers) = lines(g, &pos_of);
        let mut rows = rows(&nodes);
        let page_w = rows
            .iter()
            .map(|r| row_width(&nodes, r) - GAP_X)
            .fold(620.0_f64, f64::max)
            + 2.0 * MARGIN;
        order_rows(&mut nodes, &mut rows, &lines, page_w);
        Layout {
            nodes,
            lines,
            rows,
            page_w,
            duty_numbers,
        }
    }

    /// Put the rows one under another, the first at `y`.
    pub(super) fn stack(&mut self, mut y: f64) {
        for r in &self.rows {
            let h = r.iter().map(|i| self.nodes[*i].h).fold(0.0, f64::max);
            for i in r {
                self.nodes[*i].y = y + h / 2.0;
            }
            y += h + GAP_Y;
        }
    }

    /// The row of each node.
    pub(super) fn row_of(&self) -> BTreeMap<usize, usize> {
        self.rows
            .iter()
            .enumerate()
            .flat_map(|(ri, r)| r.iter().map(move |i| (*i, ri)))
            .collect()
    }
}

/// Each node sized from its label, wrapped, and its "sub-group of …" note.
fn measure(analysis: &Analysis, index: &[NodeIndex]) -> Vec<Placed> {
    let g = &analysis.graph;
    let model = &analysis.model;
    index
        .iter()
        .map(|n| {
            let node = &g.graph[*n];
            let lines = wrap(&drawn(&node.label), 18);
            let note = match &node.parent {
                Some(p) => wrap(
                    &format!("sub-group of {}", drawn(&crate::emit::title(model, p))),
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
        .collect()
}

/// The lines drawn, and a number for each duty.
fn lines<'a>(
    g: &'a ReportingGraph,
    pos_of: &BTreeMap<NodeIndex, usize>,
) -> (Vec<Line>, BTreeMap<&'a str, usize>) {
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
    (lines, duty_numbers)
}

/// The width of a row, with a gap after each node.
fn row_width(nodes: &[Placed], row: &[usize]) -> f64 {
    row.iter().map(|i| nodes[*i].w + GAP_X).sum::<f64>()
}

/// The rows: each band, split when wider than the page.
fn rows(nodes: &[Placed]) -> Vec<Vec<usize>> {
    let mut bands: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        bands.entry(band(n.kind)).or_default().push(i);
    }
    let mut rows: Vec<Vec<usize>> = Vec::new();
    for (b, members) in bands {
        // Other bodies share the parties' last row when there is room: a row saved.
        let joins = b == band(NodeKind::Body)
            && rows.last().is_some_and(|r| {
                r.first().is_some_and(|i| nodes[*i].kind == NodeKind::Party)
                    && row_width(nodes, r) + row_width(nodes, &members) - GAP_X <= MAX_ROW
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
    rows
}

/// Centre a row across the page.
fn place_row(nodes: &mut [Placed], row: &[usize], page_w: f64) {
    let width: f64 = row.iter().map(|i| nodes[*i].w + GAP_X).sum::<f64>() - GAP_X;
    let mut x = (page_w - width) / 2.0;
    for i in row {
        nodes[*i].x = x + nodes[*i].w / 2.0;
        x += nodes[*i].w + GAP_X;
    }
}

/// Place each row, then order each by the mean position of its neighbours, a few sweeps.
fn order_rows(nodes: &mut [Placed], rows: &mut [Vec<usize>], lines: &[Line], page_w: f64) {
    for r in rows.iter() {
        place_row(nodes, r, page_w);
    }
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for l in lines {
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
            place_row(nodes, r, page_w);
        }
    }
}
