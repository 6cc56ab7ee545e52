//! `protogov graph FILE`: the reporting graph as DOT on standard output.

use super::{Global, EXIT_ERRORS};
use std::path::PathBuf;

/// Arguments of `graph`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The .proto-gov file to draw, or a folder: the set of its .proto-gov files, every
    /// body and the duties of every document.
    #[arg(value_name = "FILE|DIR")]
    file: PathBuf,
    /// With a folder: draw one of its files, the document's own duties and seats and the
    /// bodies they join, its names resolved across the whole set.
    #[arg(long, value_name = "FILE")]
    document: Option<PathBuf>,
    /// The date, --deny and the diagnostics' form.
    #[command(flatten)]
    pub global: Global,
}

/// Print the DOT of one file, or its diagnostics when it has errors.
pub fn run(args: Args) -> u8 {
    let global = &args.global;
    let analysis = match super::analyse_path(&args.file, global) {
        Ok(input) => input.analysis,
        Err(code) => return code,
    };
    let shown = global.output.report_analysis(&analysis, true);
    if let Err(message) = shown {
        return super::fail(message);
    }
    if super::build::fails(&analysis, global) {
        say!(
            "error: no graph was printed: {}",
            super::build::refusal([&analysis])
        );
        return EXIT_ERRORS;
    }
    match &args.document {
        None => super::print(protogov::emit::dot::emit(&analysis)),
        Some(doc) => match one_document(&args.file, doc, analysis) {
            Ok(a) => super::print(protogov::emit::dot::emit(&a)),
            Err(m) => super::fail(m),
        },
    }
}

/// The analysis of a set with its graph cut down to what one of its files declares, and
/// that file's document as the one drawn.
pub fn one_document(
    dir: &std::path::Path,
    doc: &std::path::Path,
    mut analysis: protogov::analysis::Analysis,
) -> Result<protogov::analysis::Analysis, String> {
    let Some(map) = analysis.set.clone() else {
        return Err(format!(
            "`--document` draws one file of a set: give the set's folder, not `{}`",
            dir.display()
        ));
    };
    let wanted = [doc.to_path_buf(), dir.join(doc)]
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect::<Vec<_>>();
    let Some(i) = map
        .files
        .iter()
        .position(|f| std::fs::canonicalize(&f.name).is_ok_and(|p| wanted.contains(&p)))
    else {
        let names: Vec<String> = map
            .files
            .iter()
            .map(|f| {
                std::path::Path::new(&f.name)
                    .strip_prefix(dir)
                    .map_or(f.name.clone(), |p| p.display().to_string())
            })
            .collect();
        return Err(format!(
            "`{}` is not a file of the set `{}`; its files are: {}",
            doc.display(),
            dir.display(),
            names.join(", ")
        ));
    };
    let here = |s: protogov::source::Span| map.file_of(s) == i;
    analysis.graph = analysis.graph.restricted(&analysis.model, here);
    // Drawn as that document, titled by it.
    analysis.set = None;
    let m = &mut analysis.model;
    let k = m.documents().position(|p| here(p.common.span));
    if let Some(k) = k {
        if k > 0 {
            let first = m.protocol.take();
            let chosen = m.other_documents.remove(k - 1);
            m.other_documents.extend(first);
            m.protocol = Some(chosen);
        }
    }
    Ok(analysis)
}
