//! The embedded drawing, from a [`Layout`]: the heading, the lines with their numbers and
//! words (placed clear of the boxes and of each other), the boxes, the duty table and the
//! key, in one SVG document.

use super::layout::{text_width, Layout, Placed, CHAR, FONT_SIZE, LINE, MARGIN, SMALL};
use super::xml;
use crate::analysis::Analysis;
use crate::emit::{action_sentence, drawn, protocol_title, shorten, wrap, DRAWN_MAX};
use crate::graph::{EdgeKind, NodeKind};
use crate::model::Model;
use std::collections::BTreeMap;
use std::fmt::Write as _;

const FONT: &str = "Helvetica, Arial, sans-serif";

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

/// Lines of text centred on `x`, the first at `y`.
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

/// The outline of a node: its kind's shape, as in the key.
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
        NodeKind::Stage => {
            let _ = writeln!(
                out,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="10" fill="#fff" stroke="#000" stroke-width="1.5"/>"##
            );
        }
        NodeKind::Document => {
            let _ = writeln!(
                out,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="#fff8dc" stroke="#8b7500"/>"##
            );
        }
    }
}

/// The colour of a kind of line: oversight stands apart from the lines of delivery.
fn line_colour(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Oversees => "#7a1f5c",
        EdgeKind::Binds => "#8b7500",
        _ => "#222",
    }
}

/// The dash array, the arrowhead and the width of a kind of line.
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
        EdgeKind::Escalates => ("", "arrow", 2.0),
        EdgeKind::Oversees => ("8 3 2 3", "vee", 2.0),
        EdgeKind::Binds => ("1.5 3", "", 1.0),
    }
}

/// The SVG document of a laid-out graph.
pub(super) fn document(analysis: &Analysis, mut layout: Layout) -> String {
    let title = drawn(&protocol_title(analysis));
    let page_w = layout.page_w;
    let (body, y) = heading(&title, page_w);
    layout.stack(y);
    let (edges_svg, marks, lowest) = draw_lines(&layout);
    let nodes_svg = draw_nodes(&layout.nodes);
    // Arcs under the last row dip below it.
    let y = lowest + 36.0;
    let (table, y) = duty_table(&analysis.model, &layout, y);
    let (key, y) = key(page_w, y);
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

/// The heading: the protocol's title and a line on how to read the drawing; the heading
/// and the y under it.
fn heading(title: &str, page_w: f64) -> (String, f64) {
    // Bold 16px letters are about 9.5px wide, capitals about 11.5px.
    let capitals = title.chars().filter(|c| c.is_uppercase()).count() * 2 > title.chars().count();
    let letter = if capitals { 11.5 } else { 9.5 };
    let heading = wrap(title, ((page_w - 2.0 * MARGIN) / letter) as usize);
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
    (body, y)
}

/// The lines, and the numbers and words on them (drawn over the boxes); the lowest point
/// of the drawing.
fn draw_lines(layout: &Layout) -> (String, String, f64) {
    let nodes = &layout.nodes;
    let row_of = layout.row_of();
    // Lines first, so that boxes sit on top of them.
    let mut edges_svg = String::new();
    let mut badges: Vec<(f64, f64, String)> = Vec::new();
    let mut labels: Vec<(f64, f64, &'static str)> = Vec::new();
    let mut pair_count: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    // Where a duty's number or a line's word may go: clear of every box and of the
    // numbers and words already placed.
    let mut clear = Clearance::default();
    for n in nodes {
        clear.add(n.x, n.y, n.w / 2.0 + 12.0, n.h / 2.0 + 10.0);
    }
    // The lowest point of the drawing: the last row, or an arc dipping under it.
    let mut lowest = nodes.iter().map(|n| n.y + n.h / 2.0).fold(0.0, f64::max);
    for l in &layout.lines {
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
        let colour = line_colour(l.kind);
        let mut attrs = format!(r#"fill="none" stroke="{colour}" stroke-width="{width}""#);
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
                labels.push((spot.0, spot.1, crate::emit::dot::edge_word(l.kind)))
            }
        }
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
    (edges_svg, marks, lowest)
}

/// The boxes, ellipses and octagons, with their labels.
fn draw_nodes(nodes: &[Placed]) -> String {
    let mut nodes_svg = String::new();
    for p in nodes {
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
    nodes_svg
}

/// The table of duties, from `y`: what each number on the lines sends to whom, and when;
/// the table and the y under it.
fn duty_table(model: &Model, layout: &Layout, mut y: f64) -> (String, f64) {
    let page_w = layout.page_w;
    let duty_numbers = &layout.duty_numbers;
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
            let mut text = action_sentence(model, duty);
            let when = crate::emit::when_words(model, duty);
            if !when.is_empty() {
                let _ = write!(text, ", {when}");
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
    (table, y)
}

/// The key, from `y`: what each shape and line style means; the key and the y under it.
fn key(page_w: f64, mut y: f64) -> (String, f64) {
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
        (NodeKind::Stage, "Escalation stage"),
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
        (
            EdgeKind::Oversees,
            "oversight: scrutinises, holds to account",
        ),
    ];
    let mut x = MARGIN + 10.0;
    for (i, (kind, text)) in styles.iter().enumerate() {
        if i > 0 && i % 2 == 0 {
            x = MARGIN + 10.0;
            y += 22.0;
        }
        let (dash, marker, width) = line_style(*kind);
        let colour = line_colour(*kind);
        let mut attrs = format!(r#"stroke="{colour}" stroke-width="{width}""#);
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
    (key, y)
}

#[cfg(test)]
mod tests {
    use super::*;

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
