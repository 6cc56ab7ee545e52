//! How the model is built from the tree. `check` and `build` analyse without keeping the
//! syntax tree (each item is freed as soon as the model holds it); the language server
//! keeps it. Both must reach the same model, diagnostics and outputs for every input,
//! well-formed or broken. Names are shared between the tree and the model, and found by
//! the number their parse gave them; a tree whose names come from several parses, or from
//! none, must resolve the same.

use crate::common::*;
use crate::corpus;
use crate::corpus::Rng;
use protogov::analysis::{analyse, analyse_without_tree, Options};
use protogov::emit::json;
use protogov::model;
use protogov::name::Name;
use protogov::source::{floor_char_boundary, SourceFile};
use protogov::syntax::ast::DeclKind;
use protogov::syntax::{self, ast};

/// Analyse `text` both ways and require the same results.
fn same(what: &str, text: &str) {
    let options = Options {
        today: TODAY.parse().expect("valid date"),
    };
    let kept = analyse(SourceFile::new("t.proto-gov", text), &options);
    let freed = analyse_without_tree(SourceFile::new("t.proto-gov", text), &options);
    assert!(kept.file.is_some(), "{what}: `analyse` keeps the tree");
    assert!(freed.file.is_none(), "{what}: the tree was kept");
    assert!(freed.items().is_empty());
    assert_eq!(
        format!("{:?}", kept.diagnostics),
        format!("{:?}", freed.diagnostics),
        "{what}: the diagnostics differ"
    );
    assert_eq!(
        model_text(&kept.model),
        model_text(&freed.model),
        "{what}: the models differ"
    );
    let out = json::Options {
        today: options.today,
        occurrences: 3,
    };
    assert_eq!(
        json::emit(&kept, &out),
        json::emit(&freed, &out),
        "{what}: the JSON differs"
    );
}

/// A model in words, its symbol tables in name order (a hash map's order depends on the
/// room made for it, which the two paths size from different counts).
fn model_text(m: &model::Model) -> String {
    let mut m = m.clone();
    let mut symbols: Vec<String> = m
        .symbols
        .drain()
        .map(|(name, s)| format!("{name}: {s:?}"))
        .collect();
    symbols.sort();
    let mut duties: Vec<String> = m
        .duty_symbols
        .drain()
        .map(|(name, s)| format!("{name}: {s:?}"))
        .collect();
    duties.sort();
    format!("{m:?}\n{symbols:?}\n{duties:?}")
}

fn inputs() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = files("examples", ".proto-gov")
        .into_iter()
        .chain(files("tests/fixtures", ".proto-gov"))
        .chain(files("tests/syntax", ".proto-gov"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            (rel(&p), text)
        })
        .collect();
    assert!(v.len() > 20, "test inputs not found");
    v.extend(docs_blocks());
    v
}

#[test]
fn examples_fixtures_and_docs_analyse_the_same_without_the_tree() {
    for (what, text) in inputs() {
        same(&what, &text);
    }
}

#[test]
fn a_generated_protocol_analyses_the_same_without_the_tree() {
    same(
        "2,000 generated duties",
        &corpus::generate(&corpus::Config::new(2_000)),
    );
}

#[test]
fn broken_files_analyse_the_same_without_the_tree() {
    let mut rng = Rng(0x7e3e);
    for (what, text) in files("examples", ".proto-gov").iter().map(|p| {
        let text = std::fs::read_to_string(p).expect("readable");
        (rel(p), text)
    }) {
        for n in 0..40 {
            // Cut a random piece out, or double one: names go missing or are declared
            // twice, lines and blocks break.
            let mut cut = text.clone();
            let a = rng.below(cut.len());
            let b = (a + rng.below(200)).min(cut.len());
            let (a, b) = (floor_char_boundary(&cut, a), floor_char_boundary(&cut, b));
            if n % 2 == 0 {
                cut.replace_range(a..b, "");
            } else {
                let piece = cut[a..b].to_string();
                cut.insert_str(b, &piece);
            }
            same(&format!("{what}, edit {n}"), &cut);
        }
    }
}

const SMALL: &str = "body cpb \"Corporate Parenting Board\"\n\
role chair { chair of cpb }\n\
artefact report\n\
duty d { chair sends report to cpb; yearly in may }\n";

/// The name in the `chair of` line of the role in [`SMALL`].
fn seat_name(file: &mut ast::File) -> &mut ast::Ident {
    let Some(ast::Item::Decl(role)) = file.items.get_mut(1) else {
        panic!("the role is the second item");
    };
    let props = &mut role.block.as_mut().expect("a block").props;
    match &mut props[0].kind {
        ast::PropKind::Seat { body, .. } => body,
        other => panic!("expected a seat, found {other:?}"),
    }
}

#[test]
fn every_use_of_a_name_in_one_file_shares_one_allocation_with_the_model() {
    let mut parsed = syntax::parse(SMALL);
    let declared = match &parsed.file.items[0] {
        ast::Item::Decl(d) => d.name.name.clone(),
        _ => panic!("the body is the first item"),
    };
    assert_eq!(seat_name(&mut parsed.file).name.addr(), declared.addr());
    let m = model::resolve(&parsed.file, TODAY.parse().expect("valid date"));
    assert_eq!(m.bodies[0].common.id.addr(), declared.addr());
    assert_eq!(m.roles[0].seats[0].body.name.addr(), declared.addr());
    assert_eq!(m.duties[0].recipients[0].name.addr(), declared.addr());
    // Each spelling has one number in the parse, and the model's names keep it.
    let number = declared
        .number()
        .expect("a name read by the parser has a number");
    assert_eq!(m.duties[0].recipients[0].name.number(), Some(number));
    assert_ne!(m.duties[0].common.id.number(), Some(number));
}

#[test]
fn names_numbered_by_another_parse_or_by_none_still_resolve() {
    let today = TODAY.parse().expect("valid date");
    // A declaration whose name has no number: the numbered uses are found by their text.
    let mut parsed = syntax::parse(SMALL);
    let Some(ast::Item::Decl(body)) = parsed.file.items.get_mut(0) else {
        panic!("the body is the first item");
    };
    body.name.name = Name::new("cpb");
    let m = model::resolve(&parsed.file, today);
    assert_eq!(m.roles[0].seats[0].body.target(), Some((DeclKind::Body, 0)));
    assert_eq!(
        m.duties[0].recipients[0].target(),
        Some((DeclKind::Body, 0))
    );
    assert_eq!(
        m.duties[0].actor.as_ref().and_then(|a| a.target()),
        Some((DeclKind::Role, 0))
    );
    // A use numbered by another parse, where the same number means another name.
    let other = syntax::parse("artefact x\nbody cpb\n");
    let Some(ast::Item::Decl(d)) = other.file.items.get(1) else {
        panic!("two declarations");
    };
    let mut parsed = syntax::parse(SMALL);
    let Some(ast::Item::Decl(role)) = parsed.file.items.get(1) else {
        panic!("the role is the second item");
    };
    assert_eq!(role.name.name.as_str(), "chair");
    assert_eq!(
        d.name.name.number().map(|s| s.index),
        role.name.name.number().map(|s| s.index),
        "the other parse numbers `cpb` as this one numbers the role `chair`"
    );
    seat_name(&mut parsed.file).name = d.name.name.clone();
    let m = model::resolve(&parsed.file, today);
    assert_eq!(m.roles[0].seats[0].body.target(), Some((DeclKind::Body, 0)));
}

#[test]
fn names_not_shared_with_their_declaration_still_resolve() {
    let today = TODAY.parse().expect("valid date");
    let mut parsed = syntax::parse(SMALL);
    // A name equal in text but separately allocated, as in a tree not read by one parse.
    let seat = seat_name(&mut parsed.file);
    seat.name = Name::new(seat.name.as_str());
    let m = model::resolve(&parsed.file, today);
    let body = &m.roles[0].seats[0].body;
    assert!(body.is_resolved());
    assert_eq!(body.target(), Some((DeclKind::Body, 0)));
    // And an undeclared name, shared or not, stays unknown.
    let mut parsed = syntax::parse(SMALL);
    seat_name(&mut parsed.file).name = Name::new("nobody");
    let m = model::resolve(&parsed.file, today);
    assert_eq!(m.roles[0].seats[0].body.target(), None);
}

/// What a model says, without spans: each reference's target, and each schedule and due
/// date, in order.
fn meaning(m: &model::Model) -> String {
    let refs: Vec<_> = m
        .references()
        .map(|r| (r.name.to_string(), r.target()))
        .collect();
    let duties: Vec<_> = m
        .duties
        .iter()
        .map(|d| {
            (
                d.cadence
                    .as_ref()
                    .map(|c| (c.text.clone(), c.schedule.clone())),
                d.next_due,
            )
        })
        .collect();
    let bodies: Vec<_> = m
        .bodies
        .iter()
        .map(|b| (b.party, b.meets.as_ref().map(|c| c.schedule.clone())))
        .collect();
    let review = m
        .protocol
        .as_ref()
        .map(|p| (p.review.schedule.clone(), p.review.next_due));
    format!(
        "{refs:?}\n{duties:?}\n{bodies:?}\n{review:?}\n{:?}",
        m.epoch
    )
}

#[test]
fn names_declared_later_and_a_protocol_read_last_resolve_as_if_read_first() {
    // Every example with its protocol declaration moved to the end: the protocol's
    // parties are then declared before it, every duty is read before the agreement date
    // its schedule counts from, and the model must still be the same.
    let mut with_epoch = 0;
    for p in files("examples", ".proto-gov") {
        let text = std::fs::read_to_string(&p).expect("readable");
        let start = text
            .find("\nprotocol ")
            .or_else(|| text.find("\nterms of reference "))
            .expect("a document declaration")
            + 1;
        let end = start + text[start..].find("\n}\n").expect("its block") + 3;
        let moved = format!("{}{}\n{}", &text[..start], &text[end..], &text[start..end]);
        let a = analyse_text("first", &text);
        let b = analyse_text("last", &moved);
        with_epoch += usize::from(a.model.epoch.is_some());
        assert_eq!(
            meaning(&a.model),
            meaning(&b.model),
            "{}: moving the protocol changed the model",
            rel(&p)
        );
        same(&format!("{} with the protocol last", rel(&p)), &moved);
    }
    assert!(
        with_epoch >= 2,
        "too few examples whose protocol dates their schedules"
    );
}

/// The text cut where each top-level item starts (a line beginning with a letter), so
/// that each piece can be parsed on its own.
fn pieces(text: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = vec![0];
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if at > 0 && line.starts_with(|c: char| c.is_ascii_lowercase()) {
            starts.push(at);
        }
        at += line.len();
    }
    starts.push(text.len());
    starts.windows(2).map(|w| &text[w[0]..w[1]]).collect()
}

#[test]
fn a_tree_mixing_names_from_several_parses_and_from_none_resolves_as_one_parse() {
    // Each input is cut into its items and each item parsed on its own: by its own parse,
    // after junk that shifts its numbers (so the same number means another name in
    // another piece), or with its declared name made by no parse. The items joined into
    // one tree must mean what the whole file means.
    let today = TODAY.parse().expect("valid date");
    let mut rng = Rng(0x51de);
    let mut tried = 0;
    let mut texts = inputs();
    texts.push((
        "300 generated duties".into(),
        corpus::generate(&corpus::Config::new(300)),
    ));
    for (what, text) in texts {
        let whole = syntax::parse(&text);
        if !whole.diagnostics.is_empty() {
            continue;
        }
        let mut mixed = ast::File::default();
        let mut clean = true;
        for piece in pieces(&text) {
            let junk = rng.below(3);
            let prefix: String = (0..junk).map(|i| format!("topic junk{i}\n")).collect();
            let mut parsed = syntax::parse(&format!("{prefix}{piece}"));
            clean &= parsed.diagnostics.is_empty();
            let mut items = parsed
                .file
                .items
                .split_off(junk.min(parsed.file.items.len()));
            if rng.below(4) == 0 {
                for item in &mut items {
                    if let ast::Item::Decl(d) = item {
                        d.name.name = Name::new(d.name.name.as_str());
                    }
                }
            }
            mixed.items.extend(items);
        }
        if !clean {
            continue;
        }
        tried += 1;
        assert_eq!(
            meaning(&model::resolve(&whole.file, today)),
            meaning(&model::resolve(&mixed, today)),
            "{what}: a tree of separately parsed items resolved differently"
        );
    }
    assert!(
        tried > 20,
        "too few inputs could be cut into items: {tried}"
    );
}
