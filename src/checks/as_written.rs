//! Dates as documents write them (`24.7.14`, `03/10/2014`, `3 October 2014`,
//! `9th January`): each reads as the date it means, and each gets a warning whose fix
//! writes it year first. What the form leaves in doubt decides the code: a day and month
//! that read both ways, a two-digit year, a missing year, or nothing (the plain case,
//! whose fix `check --fix` applies).

use crate::diagnostic::{CodeInfo, Diagnostic, Edit, Fix, Phase, Severity};
use crate::model::{Model, PartialDate};
use crate::schedule;
use crate::syntax::ast::DateDoubt;

/// A date written other than year first, with one reading.
pub static PG0701: CodeInfo = CodeInfo {
    code: "PG0701",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a date not written year first",
    explanation: "\
## What it means
The date is written as the document printed it, day first (`3 October 2014`,
`3rd October 2014`, `13/10/2014`, `3.10.2014`), and reads only one way. protogov reads it
as that date; the warning asks for the form every reader and tool reads alike, year first.

## Why it matters
Day-first dates are read differently across borders and by software: `13/10/2014` is
clear, but the next date written the same way may not be. Year first (`2014-10-13`)
sorts as text and has one reading everywhere.

## Example
```
agreed by cpb on 3 October 2014
```

## Fix
`protogov check --fix` (and `protogov fmt`) write it year first:
```
agreed by cpb on 2014-10-03
```",
};

/// A date in digits whose day and month read both ways.
pub static PG0702: CodeInfo = CodeInfo {
    code: "PG0702",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a date whose day and month read both ways",
    explanation: "\
## What it means
The date is written in digits with both its first numbers 12 or less (`03/10/2014`), so it
reads as 3 October or as 10 March. protogov reads it day first, as documents in the UK
write dates; the message names the other reading.

## Why it matters
Read month first, as software and readers elsewhere often do, the board's agreement or
review moves by months. Only the document's authors know which was meant.

## Example
```
agreed by scp_exec on 03/10/2014
```

## Fix
Check the document and write the date year first. The fix offered first is the day-first
reading; it is never applied unasked:
```
agreed by scp_exec on 2014-10-03
```",
};

/// A date with a two-digit year.
pub static PG0703: CodeInfo = CodeInfo {
    code: "PG0703",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a date with a two-digit year",
    explanation: "\
## What it means
The year has two digits (`24.7.14`). protogov reads it as POSIX does: 69 to 99 as 1969 to
1999, 00 to 68 as 2000 to 2068. The Isle of Wight protocol dates its agreement so.

## Why it matters
The century is a guess: a protocol agreed \"24.7.14\" and reviewed every three years is
either overdue or a century early, depending on it.

## Example
```
agreed by scp_exec on 24.7.14
```

## Fix
Write the year in full, year first. The fix offered is the reading above; it is never
applied unasked:
```
agreed by scp_exec on 2014-07-24
```",
};

/// A date with no year.
pub static PG0704: CodeInfo = CodeInfo {
    code: "PG0704",
    severity: Severity::Warning,
    phase: Phase::Semantic,
    summary: "a date with no year",
    explanation: "\
## What it means
The date gives a day and a month but no year (`9th January`). protogov keeps the day and
month (the JSON writes it `--01-09`) but cannot place it in time: nothing is dated from it,
and no year is assumed.

## Why it matters
An agreement or review dated \"9th January\" could be any year's: a review cannot be
counted from it and no one can tell whether the protocol is current.

## Example
```
agreed by cpb on 9th January
```

## Fix
Find the year in the document (its front page, its version history, the minutes that
agreed it) and write the date year first:
```
agreed by cpb on 2015-01-09
```",
};

/// Every code of this module.
pub static CODES: &[&CodeInfo] = &[&PG0701, &PG0702, &PG0703, &PG0704];

/// A full date in words: `3 October 2014`.
fn words(year: i32, month: u32, day: u32) -> String {
    format!("{day} {} {year}", schedule::month_name(month))
}

/// The fix that writes the date year first as `iso`.
fn write_as(d: &PartialDate, iso: String, safe: bool) -> Fix {
    Fix {
        label: format!("write the date as `{iso}`"),
        edits: vec![Edit {
            span: d.span,
            text: iso,
        }],
        safe,
    }
}

/// A warning for each doubt of each date the file writes other than year first. A date
/// that does not exist gets none: PG0201 says what is wrong with it.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for d in &model.dates_as_written {
        if d.problem().is_some() {
            continue;
        }
        let iso = d.to_string();
        for doubt in d.form.doubts(d.year.is_some(), d.month, d.day) {
            out.push(warning(d, doubt, &iso));
        }
    }
    out
}

fn warning(d: &PartialDate, doubt: DateDoubt, iso: &str) -> Diagnostic {
    let (year, month, day) = (
        d.year.unwrap_or(0),
        d.month.unwrap_or(0),
        d.day.unwrap_or(0),
    );
    match doubt {
        DateDoubt::NotIso => Diagnostic::new(
            &PG0701,
            d.span,
            format!("this date is not written year first: it is {iso}"),
        )
        .with_primary(format!("read as {}", words(year, month, day)))
        .with_help(format!("write it `{iso}`: year, month, day"))
        .with_fix(write_as(d, iso.to_string(), true)),
        DateDoubt::BothWays => {
            let other = PartialDate {
                month: Some(day),
                day: Some(month),
                ..d.clone()
            };
            Diagnostic::new(
                &PG0702,
                d.span,
                format!(
                    "this date reads both ways: {} (day first) or {} (month first)",
                    words(year, month, day),
                    words(year, day, month),
                ),
            )
            .with_primary(format!(
                "read day first, as UK documents write dates: {}",
                words(year, month, day)
            ))
            .with_help(format!(
                "check the document and write the date year first: `{iso}` for {}, `{other}` for {}",
                words(year, month, day),
                words(year, day, month),
            ))
            .with_fix(write_as(d, iso.to_string(), false))
            .with_fix(write_as(d, other.to_string(), false))
        }
        DateDoubt::ShortYear => Diagnostic::new(
            &PG0703,
            d.span,
            format!("this date's year has two digits: it is read as {year}"),
        )
        .with_primary(format!("read as {}", words(year, month, day)))
        .with_help(format!("write the year in full, year first: `{iso}`"))
        .with_note("two-digit years are read as 1969 to 2068, as POSIX reads them")
        .with_fix(write_as(d, iso.to_string(), false)),
        DateDoubt::NoYear => Diagnostic::new(
            &PG0704,
            d.span,
            format!(
                "this date has no year: {day} {} of which year?",
                schedule::month_name(month)
            ),
        )
        .with_primary("the year is missing")
        .with_help(format!(
            "find the year in the document and write the date year first: `YYYY-{month:02}-{day:02}`"
        ))
        .with_note("without its year the date cannot be placed in time, so nothing is dated from it"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::DateForm;

    fn date(form: DateForm, year: Option<i32>, month: u32, day: u32) -> PartialDate {
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
            form,
            span: crate::source::Span::new(0, 1),
        }
    }

    fn codes(d: PartialDate) -> Vec<&'static str> {
        let model = Model {
            dates_as_written: vec![d],
            ..Model::default()
        };
        check(&model).iter().map(|d| d.code.code).collect()
    }

    #[test]
    fn each_doubt_has_its_code() {
        assert_eq!(codes(date(DateForm::Words, Some(2014), 10, 3)), ["PG0701"]);
        assert_eq!(
            codes(date(DateForm::Digits, Some(2014), 10, 13)),
            ["PG0701"]
        );
        assert_eq!(codes(date(DateForm::Digits, Some(2014), 5, 5)), ["PG0701"]);
        assert_eq!(codes(date(DateForm::Digits, Some(2014), 10, 3)), ["PG0702"]);
        assert_eq!(
            codes(date(DateForm::ShortYear, Some(2014), 7, 24)),
            ["PG0703"]
        );
        assert_eq!(
            codes(date(DateForm::ShortYear, Some(2014), 10, 3)),
            ["PG0702", "PG0703"]
        );
        assert_eq!(codes(date(DateForm::Words, None, 1, 9)), ["PG0704"]);
        // Year first, or not a real date (PG0201's): nothing here.
        assert!(codes(date(DateForm::Iso, Some(2014), 10, 3)).is_empty());
        assert!(codes(date(DateForm::Words, Some(2014), 2, 30)).is_empty());
    }
}
