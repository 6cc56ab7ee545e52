//! The reporting graph in the Graphviz language, laid out for an A4 page printed in grey:
//! kinds of node differ by shape and outline, kinds of line by style and label, never by
//! colour alone. Sub-groups sit in a box with their parent body; a key explains it all.
//!
//! protogov decides the rows itself: escalation meetings at the top, then office holders,
//! parties, other bodies and bodies outside the protocol, each band split into rows narrow
//! enough for the page. Duty lines carry a number, and a table under the drawing lists each
//! number's artefact, cadence and bodies, so that long labels never widen the drawing.
//!
//! Names are quoted DOT strings escaped by [`quote`]; the duty table is an HTML-like label
//! escaped by [`html`]. Helper nodes (the key, the table) have names with a `.`, which a
//! declared name never holds, so they cannot collide with the protocol's own names.

use super::{drawn, protocol_id, protocol_title, shorten, unprintable, wrap, DRAWN_MAX};
use crate::analysis::Analysis;
use crate::graph::{EdgeKind, NodeKind};
use petgraph::graph::NodeIndex;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Characters per line of a node's label.
const NODE_WIDTH: usize = 18;
/// The widest a row of nodes may be, in points, before the band is split into another row.
const MAX_ROW: f64 = 520.0;
/// The page: at most 7 inches wide and 10.3 inches tall, A4 portrait inside its margins.
pub const PAGE_SIZE: &str = "7,10.3";
/// The smallest font in the drawing, in points, before Graphviz scales it to the page.
pub const SMALLEST_FONT: f64 = 11.0;

/// A string as a quoted DOT string: quotes and backslashes escaped, line breaks as `\n`,
/// `&` as `&amp;` (Graphviz reads entities in labels); unprintable characters (see
/// [`super::unprintable`]) dropped. A backslash is doubled, so `\N` or `\G` in a title stays text
/// and is not replaced by Graphviz with the node's or the graph's name.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '&' => out.push_str("&amp;"),
            c if unprintable(c) => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for an HTML-like label: markup characters as entities, a backslash doubled (Graphviz
/// replaces `\N` and `\G` in HTML-like labels too, even when the backslash is written
/// `&#92;`, and reads `\\` as one backslash), line breaks as spaces, unprintable characters
/// dropped.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\\' => out.push_str("\\\\"),
            '\n' | '\t' => out.push(' '),
            c if unprintable(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Text for a `//` comment: one line, unprintable characters dropped (with a NUL in its
/// first-line comment, Graphviz draws an empty graph and says nothing).
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .filter(|c| !unprintable(*c))
        .collect()
}

/// A label shortened (see [`super::drawn`]), wrapped to `width` characters a line, quoted.
fn label(text: &str, width: usize) -> String {
    quote(&wrap(&drawn(text), width).join("\n"))
}

/// The longest declared name used as a node's name in the DOT. A longer one (Graphviz reads
/// no string over 16,384 characters) is replaced by `node.N`: a name with a `.`, which a
/// declared name never holds.
const LONGEST_ID: usize = 200;

/// A node's name in the DOT: its declared name, or `node.N` when that is too long.
fn plain_id(g: &crate::graph::ReportingGraph, n: NodeIndex) -> String {
    let id = &g.graph[n].id;
    if id.chars().count() <= LONGEST_ID {
        id.to_string()
    } else {
        format!("node.{}", n.index())
    }
}

/// A node's name in the DOT, quoted.
fn node_id(g: &crate::graph::ReportingGraph, n: NodeIndex) -> String {
    quote(&plain_id(g, n))
}

/// The attributes of a node of a kind.
pub fn node_style(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Party => {
            "shape=\"box\", style=\"filled,bold\", penwidth=\"2.5\", fillcolor=\"#d9d9d9\", fontname=\"Helvetica-Bold\""
        }
        NodeKind::Body => "shape=\"box\", style=\"filled\", fillcolor=\"#ffffff\"",
        NodeKind::External => "shape=\"box\", style=\"filled,dashed\", fillcolor=\"#ffffff\"",
        NodeKind::Role => "shape=\"ellipse\", style=\"filled\", fillcolor=\"#f2f2f2\"",
        NodeKind::Escalation => {
            "shape=\"octagon\", style=\"filled\", peripheries=\"2\", fillcolor=\"#ffffff\""
        }
        NodeKind::Stage => {
            "shape=\"cds\", style=\"filled\", penwidth=\"1.5\", margin=\"0.3,0.1\", fillcolor=\"#ffffff\""
        }
        NodeKind::Document => "shape=\"note\", style=\"filled\", fillcolor=\"#fff8dc\"",
    }
}

/// The attributes of an edge of a kind (its label apart), or `None` for edges the drawing
/// shows otherwise (a sub-group sits inside its parent's box).
pub fn edge_style(kind: EdgeKind) -> Option<&'static str> {
    Some(match kind {
        EdgeKind::Duty => "style=\"solid\", penwidth=\"1.5\", arrowhead=\"normal\"",
        EdgeKind::ReportsTo => "style=\"solid\", penwidth=\"1\", arrowhead=\"empty\"",
        EdgeKind::SubgroupOf => return None,
        EdgeKind::Chair => "style=\"dashed\", penwidth=\"1.5\", arrowhead=\"none\"",
        EdgeKind::Member => "style=\"dashed\", arrowhead=\"none\"",
        EdgeKind::Observer => "style=\"dotted\", penwidth=\"1.5\", arrowhead=\"none\"",
        EdgeKind::Appoints => "style=\"dashed\", arrowhead=\"vee\"",
        EdgeKind::Attends => "style=\"dotted\", penwidth=\"1.5\", arrowhead=\"none\"",
        EdgeKind::Convenes => "style=\"dashed\", penwidth=\"1.5\", arrowhead=\"vee\"",
        EdgeKind::Escalates => "style=\"solid\", penwidth=\"2\", arrowhead=\"normal\"",
        EdgeKind::Oversees => {
            "style=\"bold\", color=\"#7a1f5c\", fontcolor=\"#7a1f5c\", arrowhead=\"odiamond\""
        }
        EdgeKind::Binds => {
            "style=\"dotted\", color=\"#8b7500\", fontcolor=\"#8b7500\", arrowhead=\"none\""
        }
    })
}

/// The fixed label of a non-duty edge.
pub fn edge_word(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Duty => "",
        EdgeKind::ReportsTo => "reports to",
        EdgeKind::SubgroupOf => "sub-group of",
        EdgeKind::Chair => "chair",
        EdgeKind::Member => "member",
        EdgeKind::Observer => "observer",
        EdgeKind::Appoints => "appoints",
        EdgeKind::Attends => "attends",
        EdgeKind::Convenes => "convenes",
        EdgeKind::Escalates => "escalates",
        EdgeKind::Oversees => "oversees",
        EdgeKind::Binds => "binds",
    }
}

fn node_line(out: &mut String, indent: &str, g: &crate::graph::ReportingGraph, n: NodeIndex) {
    let node = &g.graph[n];
    let _ = writeln!(
        out,
        "{indent}{} [label={}, {}];",
        node_id(g, n),
        label(&node.label, NODE_WIDTH),
        node_style(node.kind)
    );
}

/// The band a node is drawn in, top to bottom: escalation meetings, office holders who
/// appoint other office holders, other office holders, parties, other bodies, bodies
/// outside the protocol. (An appointment between two office holders of one row would be
/// drawn as an arc over the row, through the heading.)
fn band(g: &crate::graph::ReportingGraph, n: NodeIndex) -> usize {
    match g.graph[n].kind {
        NodeKind::Escalation | NodeKind::Stage | NodeKind::Document => 0,
        NodeKind::Role => {
            let appoints_a_role = g.graph.edges(n).any(|e| {
                e.weight().kind == EdgeKind::Appoints
                    && g.graph[petgraph::visit::EdgeRef::target(&e)].kind == NodeKind::Role
            });
            if appoints_a_role {
                1
            } else {
                2
            }
        }
        NodeKind::Party => 3,
        NodeKind::Body => 4,
        NodeKind::External => 5,
    }
}

/// The body a node is drawn with: the outermost body of its sub-group boxes.
fn cluster_root(g: &crate::graph::ReportingGraph, n: NodeIndex) -> NodeIndex {
    let mut at = n;
    for _ in 0..g.graph.node_count() {
        match g.graph[at].parent.as_deref().and_then(|p| g.node(p)) {
            Some(p) if p != at => at = p,
            _ => break,
        }
    }
    at
}

/// About how wide a node is drawn, in points, to split bands into rows.
fn node_width(label: &str, kind: NodeKind) -> f64 {
    let chars = wrap(&drawn(label), NODE_WIDTH)
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0) as f64;
    let text = chars * 6.8;
    let shape = match kind {
        NodeKind::Role => text * 1.3 + 20.0,
        NodeKind::Escalation => text + 40.0,
        _ => text + 16.0,
    };
    shape + 20.0
}

/// The rows of the drawing, top to bottom: each band split into rows of even length when
/// it would be wider than [`MAX_ROW`].
fn rows(g: &crate::graph::ReportingGraph) -> Vec<Vec<NodeIndex>> {
    let mut bands: BTreeMap<usize, Vec<NodeIndex>> = BTreeMap::new();
    for n in g.graph.node_indices() {
        bands.entry(band(g, n)).or_default().push(n);
    }
    let mut rows = Vec::new();
    // For each outermost sub-group box (named by its root body): its first node in
    // declaration order, and the bands its nodes are drawn in.
    let mut boxes: BTreeMap<NodeIndex, (NodeIndex, BTreeSet<usize>)> = BTreeMap::new();
    let mut root_of: Vec<NodeIndex> = Vec::with_capacity(g.graph.node_count());
    for n in g.graph.node_indices() {
        let root = cluster_root(g, n);
        root_of.push(root);
        boxes
            .entry(root)
            .or_insert((n, BTreeSet::new()))
            .1
            .insert(band(g, n));
    }
    for mut members in bands.into_values() {
        // First the nodes whose sub-group box reaches into another band (they are drawn
        // next to it), then the members of one box together, in declaration order.
        let key = |n: NodeIndex| {
            let root = root_of.get(n.index()).copied().unwrap_or(n);
            match boxes.get(&root) {
                Some((first, bands)) => (bands.len() < 2, *first, n),
                None => (true, n, n),
            }
        };
        members.sort_by_key(|n| key(*n));
        let widths: Vec<f64> = members
            .iter()
            .map(|n| node_width(&g.graph[*n].label, g.graph[*n].kind))
            .collect();
        let total: f64 = widths.iter().sum();
        // Rows of even length rather than a full row and a lonely node.
        let count = (total / MAX_ROW).ceil().max(1.0) as usize;
        let per_row = members.len().div_ceil(count).max(1);
        let mut row = Vec::new();
        let mut width = 0.0;
        for (n, w) in members.into_iter().zip(widths) {
            if !row.is_empty() && (row.len() == per_row || width + w > MAX_ROW) {
                rows.push(std::mem::take(&mut row));
                width = 0.0;
            }
            width += w;
            row.push(n);
        }
        if !row.is_empty() {
            rows.push(row);
        }
    }
    rows
}

/// The duties drawn, numbered in the order their first line appears.
struct DutyRow {
    number: usize,
    artefact: String,
    when: String,
    from: String,
    to: Vec<String>,
}

/// The DOT text of the reporting graph.
pub fn emit(analysis: &Analysis) -> String {
    let g = &analysis.graph;
    let model = &analysis.model;
    let title = protocol_title(analysis);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// The reporting graph of the {}.",
        comment(&drawn(&title))
    );
    out.push_str("// Generated by protogov. Render with: dot -Tsvg FILE.dot -o FILE.svg\n");
    let id = protocol_id(analysis);
    let id = if id.chars().count() <= LONGEST_ID {
        id
    } else {
        "protocol".to_string()
    };
    let _ = writeln!(out, "digraph {} {{", quote(&id));
    let mut subtitle = String::from("Who reports what to whom, who sits where, and escalation");
    if let Some(v) = model.protocol.as_ref().and_then(|p| p.version.as_ref()) {
        // A version is short: a long one would widen the heading's one line.
        subtitle.push_str(&format!(" · version {}", shorten(v, 40)));
    }
    let heading = format!("{}\n{subtitle}", wrap(&drawn(&title), 64).join("\n"));
    let _ = writeln!(
        out,
        "  graph [fontname=\"Helvetica\", fontsize=\"{SMALLEST_FONT}\", size=\"{PAGE_SIZE}\", margin=\"0.2\", nodesep=\"0.2\", ranksep=\"0.4\", newrank=\"true\", outputorder=\"edgesfirst\", forcelabels=\"true\"];"
    );
    let _ = writeln!(
        out,
        "  node [fontname=\"Helvetica\", fontsize=\"12\", margin=\"0.1,0.05\"];"
    );
    let _ = writeln!(
        out,
        "  edge [fontname=\"Helvetica\", fontsize=\"{SMALLEST_FONT}\", color=\"#333333\", fontcolor=\"#000000\", constraint=\"false\"];"
    );

    // Sub-groups sit in a box with their parent, recursively.
    let mut children: BTreeMap<NodeIndex, Vec<NodeIndex>> = BTreeMap::new();
    let mut roots = Vec::new();
    for n in g.graph.node_indices() {
        match g.graph[n].parent.as_deref().and_then(|p| g.node(p)) {
            Some(p) if p != n => children.entry(p).or_default().push(n),
            _ => roots.push(n),
        }
    }
    let mut done = BTreeSet::new();
    // The page: the heading over every body, office holder and meeting.
    out.push('\n');
    out.push_str("  subgraph \"cluster.page\" {\n");
    let _ = writeln!(
        out,
        "    graph [label={}, labelloc=\"t\", fontname=\"Helvetica-Bold\", fontsize=\"15\", peripheries=\"0\", margin=\"4\"];",
        quote(&heading)
    );
    for n in roots {
        emit_node(&mut out, g, n, &children, &mut done, 2);
    }
    // Nodes caught in a sub-group cycle have no root: draw them plainly.
    for n in g.graph.node_indices() {
        if !done.contains(&n) {
            done.insert(n);
            node_line(&mut out, "    ", g, n);
        }
    }
    out.push_str("  }\n");

    // The rows, and an invisible line from each row to the next to keep them in order.
    out.push('\n');
    let rows = rows(g);
    for row in &rows {
        let names: Vec<String> = row.iter().map(|n| node_id(g, *n)).collect();
        let _ = writeln!(out, "  {{ rank=\"same\"; {}; }}", names.join("; "));
    }
    let middles: Vec<String> = rows
        .iter()
        .filter_map(|r| r.get(r.len() / 2).map(|n| node_id(g, *n)))
        .collect();
    for pair in middles.windows(2) {
        let _ = writeln!(
            out,
            "  {} -> {} [style=\"invis\", weight=\"0\", constraint=\"true\"];",
            pair[0], pair[1]
        );
    }

    // Lines. Duties between the same two bodies share one line with their numbers.
    out.push('\n');
    let mut duties: Vec<DutyRow> = Vec::new();
    // Each duty's position in `duties`, by name.
    let mut duty_at: BTreeMap<&str, usize> = BTreeMap::new();
    let mut duty_lines: BTreeMap<(NodeIndex, NodeIndex), Vec<usize>> = BTreeMap::new();
    let mut line_order: Vec<(NodeIndex, NodeIndex)> = Vec::new();
    for e in g.graph.edge_indices() {
        let Some((a, b)) = g.graph.edge_endpoints(e) else {
            continue;
        };
        let edge = &g.graph[e];
        if edge.kind == EdgeKind::Duty {
            let name = edge.duty.as_deref().unwrap_or("");
            let number = match duty_at.get(name).and_then(|i| duties.get_mut(*i)) {
                Some(d) => {
                    d.to.push(g.graph[b].label.to_string());
                    d.number
                }
                None => {
                    let number = duties.len() + 1;
                    duty_at.insert(name, duties.len());
                    let (artefact, when) = duty_words(analysis, edge);
                    duties.push(DutyRow {
                        number,
                        artefact,
                        when,
                        from: g.graph[a].label.to_string(),
                        to: vec![g.graph[b].label.to_string()],
                    });
                    number
                }
            };
            let numbers = duty_lines.entry((a, b)).or_default();
            if numbers.is_empty() {
                line_order.push((a, b));
            }
            if !numbers.contains(&number) {
                numbers.push(number);
            }
            continue;
        }
        let Some(style) = edge_style(edge.kind) else {
            continue;
        };
        // Oversight is labelled with its verb: `scrutinises`, `holds to account`.
        let word = match (edge.kind, &edge.label) {
            (EdgeKind::Oversees, Some(l)) => l.as_str(),
            _ => edge_word(edge.kind),
        };
        let _ = writeln!(
            out,
            "  {} -> {} [xlabel={}, {style}];",
            node_id(g, a),
            node_id(g, b),
            quote(word),
        );
    }
    for (a, b) in line_order {
        let numbers: Vec<String> = duty_lines
            .get(&(a, b))
            .map(|v| v.iter().map(usize::to_string).collect())
            .unwrap_or_default();
        let style = edge_style(EdgeKind::Duty).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} -> {} [xlabel={}, {style}];",
            node_id(g, a),
            node_id(g, b),
            label(&numbers.join(", "), NODE_WIDTH),
        );
    }
    out.push('\n');
    // The key and the duty table are the graph's own label, under the drawing.
    let mut foot = String::from("<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">");
    foot.push_str(KEY);
    if !duties.is_empty() {
        let _ = write!(
            foot,
            "<TR><TD BORDER=\"0\">{}</TD></TR>",
            duty_table(&duties)
        );
    }
    foot.push_str("</TABLE>");
    // One table row a line, for whoever edits the DOT.
    let foot = foot.replace("</TR>", "</TR>\n");
    let _ = writeln!(
        out,
        "  graph [label=<{foot}>, labelloc=\"b\", labeljust=\"c\"];"
    );
    out.push_str("}\n");
    out
}

/// The duty table: number, artefact, when it falls due, from whom to whom.
fn duty_table(duties: &[DutyRow]) -> String {
    // A cell of at most `max` characters, wrapped to `width`.
    let cell = |text: &str, width: usize, max: usize| -> String {
        wrap(&shorten(text, max), width)
            .iter()
            .map(|l| html(l))
            .collect::<Vec<_>>()
            .join("<BR ALIGN=\"LEFT\"/>")
            + "<BR ALIGN=\"LEFT\"/>"
    };
    let mut t = String::from(
        "<TABLE BORDER=\"1\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"2\" COLOR=\"#555555\">",
    );
    t.push_str("<TR><TD COLSPAN=\"4\" ALIGN=\"LEFT\" BORDER=\"0\"><B>Duties: the numbers on the lines</B></TD></TR>");
    t.push_str("<TR><TD><B>No.</B></TD><TD ALIGN=\"LEFT\"><B>What</B></TD><TD ALIGN=\"LEFT\"><B>When</B></TD><TD ALIGN=\"LEFT\"><B>From → to</B></TD></TR>");
    for d in duties {
        let to: Vec<String> = d.to.iter().map(|t| drawn(t)).collect();
        let route = format!(
            "{} → {}",
            drawn(&d.from),
            crate::model::join_and(&to.iter().map(String::as_str).collect::<Vec<_>>())
        );
        let _ = write!(
            t,
            "<TR><TD VALIGN=\"TOP\">{}</TD><TD ALIGN=\"LEFT\" VALIGN=\"TOP\" BALIGN=\"LEFT\">{}</TD><TD ALIGN=\"LEFT\" VALIGN=\"TOP\" BALIGN=\"LEFT\">{}</TD><TD ALIGN=\"LEFT\" VALIGN=\"TOP\" BALIGN=\"LEFT\">{}</TD></TR>",
            d.number,
            cell(&d.artefact, 32, DRAWN_MAX),
            cell(&d.when, 28, DRAWN_MAX),
            // A route names several bodies, each shortened on its own.
            cell(&route, 44, 3 * DRAWN_MAX),
        );
    }
    t.push_str("</TABLE>");
    t
}

/// A duty's artefact (or title) and when it falls due, in words.
fn duty_words(analysis: &Analysis, edge: &crate::graph::Edge) -> (String, String) {
    let model = &analysis.model;
    let Some(duty) = edge.duty.as_deref().and_then(|d| model.duty(d)) else {
        return (
            edge.label.as_deref().unwrap_or("").to_string(),
            String::new(),
        );
    };
    let what = match &duty.artefact {
        Some(a) => super::ref_title(model, a),
        None => duty.common.label().to_string(),
    };
    (what, super::when_words(model, duty))
}

fn emit_node(
    out: &mut String,
    g: &crate::graph::ReportingGraph,
    n: NodeIndex,
    children: &BTreeMap<NodeIndex, Vec<NodeIndex>>,
    done: &mut BTreeSet<NodeIndex>,
    depth: usize,
) {
    if !done.insert(n) {
        return;
    }
    let indent = "  ".repeat(depth);
    match children.get(&n) {
        Some(kids) => {
            let node = &g.graph[n];
            let what = if kids.len() == 1 {
                "sub-group"
            } else {
                "sub-groups"
            };
            let style = if node.kind == NodeKind::External {
                "dashed,rounded"
            } else {
                "rounded"
            };
            let _ = writeln!(
                out,
                "{indent}subgraph {} {{",
                quote(&format!("cluster.{}", plain_id(g, n)))
            );
            let _ = writeln!(
                out,
                "{indent}  graph [label={}, style=\"{style}\", fontname=\"Helvetica\", fontsize=\"{SMALLEST_FONT}\", labeljust=\"l\", labelloc=\"t\", peripheries=\"1\", color=\"#555555\"];",
                label(&format!("{} and its {what}", node.label), 40)
            );
            node_line(out, &format!("{indent}  "), g, n);
            for k in kids {
                emit_node(out, g, *k, children, done, depth + 1);
            }
            let _ = writeln!(out, "{indent}}}");
        }
        None => node_line(out, &indent, g, n),
    }
}

/// The key: what each shape and line style means, as rows of an HTML-like table.
const KEY: &str = concat!(
    "<TR><TD ALIGN=\"LEFT\" BORDER=\"0\"><B>Key</B></TD></TR>",
    "<TR><TD BORDER=\"0\"><TABLE BORDER=\"0\" CELLSPACING=\"6\" CELLPADDING=\"4\"><TR>",
    "<TD BORDER=\"3\" BGCOLOR=\"#d9d9d9\"><B>Party to<BR/>the protocol</B></TD>",
    "<TD BORDER=\"1\">Other<BR/>body</TD>",
    "<TD BORDER=\"1\" STYLE=\"dashed\">Body outside<BR/>the protocol</TD>",
    "<TD BORDER=\"1\" STYLE=\"rounded\">Rounded box: a body<BR/>and its sub-groups</TD>",
    "<TD BORDER=\"0\">Ellipse:<BR/>office holder</TD>",
    "<TD BORDER=\"0\">Double octagon:<BR/>escalation meeting</TD>",
    "<TD BORDER=\"0\">Tag:<BR/>escalation stage</TD>",
    "</TR></TABLE></TD></TR>",
    "<TR><TD BORDER=\"0\"><TABLE BORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"2\"><TR>",
    "<TD BORDER=\"0\">━━━▶ duty: its number in the table</TD>",
    "<TD BORDER=\"0\">──▷ standing reporting line</TD>",
    "</TR><TR>",
    "<TD BORDER=\"0\">‒ ‒ ‒ seat (chair, member); appoints, convenes</TD>",
    "<TD BORDER=\"0\">· · · · observer seat; attends</TD>",
    "</TR><TR>",
    "<TD BORDER=\"0\"><FONT COLOR=\"#7a1f5c\"><B>━━━◇</B> oversight: scrutinises, challenges, monitors, holds to account</FONT></TD>",
    "</TR></TABLE></TD></TR>",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_everything_dot_and_svg_care_about() {
        assert_eq!(
            quote("a \"b\" \\ c\nd & <e> --> f; g\u{7}"),
            "\"a \\\"b\\\" \\\\ c\\nd &amp; <e> --> f; g\""
        );
    }

    #[test]
    fn html_text_escapes_markup_and_graphviz_escapes() {
        assert_eq!(
            html("<b>&\"'\\N\u{202E}\u{FFFE}\u{0}x"),
            "&lt;b&gt;&amp;&quot;&#39;\\\\Nx"
        );
    }

    #[test]
    fn quoting_drops_noncharacters_and_bidi_overrides() {
        assert_eq!(
            quote("a\u{FFFE}\u{FFFF}\u{202E}b\u{200F}"),
            "\"ab\u{200F}\""
        );
    }
}
