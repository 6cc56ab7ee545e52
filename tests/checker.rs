//! The checker on what protocols really write: review dates worked out and cross-checked,
//! cadences that cannot be dated, and checks that must not report what is not wrong.

use crate::common::*;
use protogov::analysis::Analysis;

/// The parties, their chairs, and one dated duty, after a protocol block.
const REST: &str = "body a \"Board A\"
body b \"Partnership B\"
role a_chair \"Chair of A\" { chair of a }
role b_chair \"Chair of B\" { chair of b }
artefact report \"Annual report\"
duty d1 { a submits report to b; yearly in september }
";

/// A file whose protocol block holds `lines`, followed by [`REST`] and `more`.
fn file(lines: &str, more: &str) -> Analysis {
    let text = format!("protocol p \"Test protocol\" {{\n{lines}\n}}\n{REST}{more}");
    analyse_text("t.proto-gov", &text)
}

mod duties {
    use super::*;

    const DATED: &str =
        "between a and b\nagreed by a on 2024-04-01\nreview every 2 years\nnext review 2027-09";

    #[test]
    fn did_you_mean_never_names_the_declaration_itself() {
        let a = file(
            DATED,
            "duty d9x { a submits report to b; yearly in september; before d1x }\n",
        );
        let d = a.diagnostics.iter().find(|d| d.code.code == "PG0101");
        let d = d.unwrap_or_else(|| panic!("{}", human(&a)));
        assert!(!human(&a).contains("did you mean `d9x`"), "{}", human(&a));
        assert!(d.fixes.is_empty(), "{:?}", d.fixes);
        // A close name that is another declaration is still offered.
        let a = file(
            DATED,
            "duty d9x { a submits report to b; yearly in september; before d1y }\n\
             duty d1x { a submits report to b; yearly in october }\n",
        );
        assert!(human(&a).contains("did you mean `d1x`"), "{}", human(&a));
    }
}
