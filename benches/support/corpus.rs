//! A generator of realistic protocol files of any size, for benchmarks and stress tests.
//!
//! [`generate`] writes one protocol with `duties` duties and, in proportion, the bodies,
//! roles, topics, artefacts, events, escalations, prose and comments a protocol of that
//! size would have. The output is deterministic for a given [`Config`] and is built to be
//! clean: `protogov check --deny warnings` reports nothing on it, so every stage of the
//! compiler runs on its normal path rather than its error path.
//!
//! What keeps it clean, rule by rule:
//! - every body takes part in a duty, and every party is in `between` and agrees;
//! - chairs hold one seat (the body they chair), officers only observe, so no body
//!   scrutinises its own report (PG0307), and every escalation is attended by the chair
//!   of every party (PG0305);
//! - every month-based cadence names its months, consistently with its period;
//! - ordering constraints link only yearly duties, always from an earlier month to a
//!   later one: the constraint graph is acyclic and agrees with the dates;
//! - every topic is covered by some duty; clause numbers run without gaps in at most 150
//!   sections, so the numbering check does its full work.
//!
//! Shared by `examples/gen_corpus.rs`, the benchmarks and the tests through `#[path]`.

#![allow(dead_code)]

use protogov::syntax::vocab::MONTHS;
use std::fmt::Write as _;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    /// The number of duties; every other count follows from it.
    pub duties: usize,
    /// The seed of the pseudo-random choices.
    pub seed: u64,
    /// The year of the protocol's next review (keep it after the date checks are run).
    pub review_year: i32,
}

impl Config {
    /// A configuration for `duties` duties with the default seed and a review year that
    /// stays in the future for the benchmarks' fixed date.
    pub fn new(duties: usize) -> Self {
        Config {
            duties,
            seed: 0x5eed,
            review_year: 2199,
        }
    }
}

/// SplitMix64: small, fast and good enough to vary the text.
pub struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const PLACES: &[&str] = &[
    "Northshire",
    "Eastmoor",
    "Westbridge",
    "Southwold",
    "Kingsford",
    "Ashby",
    "Brackenfield",
    "Castleton",
    "Dunmore",
    "Fairhaven",
    "Glenridge",
    "Hartley",
];

const BODY_KINDS: &[(&str, &str)] = &[
    ("board", "Corporate Parenting Board"),
    ("partnership", "Safeguarding Children Partnership"),
    ("panel", "Fostering Panel"),
    ("committee", "Scrutiny Committee"),
    ("forum", "Children in Care Council"),
    ("service", "Adoption Service"),
    ("group", "Health and Wellbeing Group"),
    ("team", "Virtual School"),
];

const ARTEFACTS: &[&str] = &[
    "annual report",
    "business plan",
    "audit findings",
    "performance indicators",
    "sufficiency strategy",
    "pledge",
    "statement of purpose",
    "inspection action plan",
    "missing children return-interview summary",
    "placement stability scorecard",
];

const TOPICS: &[(&str, &str)] = &[
    ("Child’s Voice", "Children Act 1989 s.22(4)"),
    ("Stability of Placements", "NI 62"),
    (
        "Children who go missing from care",
        "Statutory guidance 2014",
    ),
    (
        "Unaccompanied Asylum Seeking Children",
        "Immigration Act 2016 s.69",
    ),
    ("Care Leavers", "Children (Leaving Care) Act 2000"),
    (
        "Health and Education Needs",
        "Children and Families Act 2014 s.99",
    ),
];

const DELIVER: &[(&str, &str)] = &[
    ("submits", "submitted"),
    ("presents", "presented"),
    ("reports", "reported"),
    ("sends", "sent"),
    ("provides", "provided"),
    ("shares", "shared"),
    ("recommends", "recommended"),
    ("advises", "advised"),
];

const KEEP: &[&str] = &[
    "publishes",
    "produces",
    "reviews",
    "approves",
    "updates",
    "monitors",
];

const EVENTS: &[&str] = &[
    "A quality assurance audit is completed",
    "An Ofsted inspection report is published",
    "A serious incident is notified",
    "A child goes missing from care",
    "A placement breaks down",
];

const PROSE: &[&str] = &[
    "Both boards have important, but distinct roles in ensuring that Looked After Children receive good quality services, have their welfare promoted, reach their potential and are safeguarded from harm.",
    "There is no hierarchical relationship between the boards but a joint responsibility to ensure that the needs of Looked After Children are prioritised at a strategic level.",
    "The key objectives as set out in Working Together to Safeguard Children are:\n• To coordinate local arrangements to safeguard children.\n• To ensure the effectiveness of that work.",
    "This protocol aims to support the boards to operate effectively in relation to one another — “in terms of safeguarding” — and to secure effective co-ordination.",
];

/// Sections and clauses, numbered without gaps.
struct Clauses {
    section: usize,
    clause: usize,
    per_section: usize,
}

impl Clauses {
    /// The next clause number, starting a new section (with a heading) when one is full.
    fn next(&mut self, out: &mut String, rng: &mut Rng) -> String {
        if self.clause >= self.per_section {
            self.section += 1;
            self.clause = 0;
            let _ = writeln!(
                out,
                "// ---------------------------------------------------------------- {}. SECTION\n",
                self.section
            );
            let _ = writeln!(
                out,
                "prose {} \"SECTION {}\" \"{}\"\n",
                self.section,
                self.section,
                rng.pick(PROSE)
            );
        }
        self.clause += 1;
        format!("{}.{}", self.section, self.clause)
    }
}

/// Write a clean protocol of `cfg.duties` duties.
pub fn generate(cfg: &Config) -> String {
    let n = cfg.duties.max(1);
    let mut rng = Rng(cfg.seed);
    let parties = (2 + n / 20_000).min(8);
    let bodies = (n / 16).max(parties + 4);
    let officers = (n / 40).max(2);
    let topics = (n / 100).max(3).min(n);
    let artefacts = (n / 6).max(4);
    let events = (n / 40).max(2);
    let escalations = (n / 2_000).max(1);
    let decls = 1 + bodies * 2 + officers + topics + artefacts + events + n + escalations;
    let sections = (n / 700).clamp(3, 150);
    let mut out = String::with_capacity(n * 110 + 4096);
    let mut clauses = Clauses {
        section: 0,
        clause: usize::MAX,
        per_section: decls.div_ceil(sections).max(1),
    };

    // ---- the protocol
    let place = rng.pick(PLACES);
    let _ = writeln!(
        out,
        "// {place}: a generated protocol of {n} duties between {parties} parties.\n\
         // Written by examples/gen_corpus.rs; every check passes on it.\n"
    );
    let party_names: Vec<String> = (0..parties).map(|i| format!("party{i}")).collect();
    let _ = writeln!(
        out,
        "protocol {} \"Protocol between the {place} boards on the care of Looked After Children\" {{\n  clause \"front matter\"\n  between {}\n  version \"{}.1\"\n  review every 2 years in september\n  last reviewed {}-09\n  next review {}-09-30\n  short \"{}P\"",
        place.to_lowercase(),
        join_and(&party_names),
        cfg.review_year - 2,
        cfg.review_year - 2,
        cfg.review_year,
        &place[..1]
    );
    for (i, p) in party_names.iter().enumerate() {
        let _ = writeln!(
            out,
            "  agreed by {p} on 20{:02}-{:02}-{:02}",
            17 + i % 5,
            1 + i % 12,
            1 + i % 28
        );
    }
    out.push_str("}\n\n");

    // ---- bodies: parties first, then internal subgroups and external bodies
    // kind[i]: 0 party, 1 internal subgroup, 2 external
    let body_id = |i: usize| -> String {
        if i < parties {
            format!("party{i}")
        } else {
            format!("{}{i}", BODY_KINDS[i % BODY_KINDS.len()].0)
        }
    };
    let body_kind = |i: usize| -> usize {
        if i < parties {
            0
        } else if i % 3 == 0 {
            1
        } else {
            2
        }
    };
    let _ = writeln!(
        out,
        "// ---------------------------------------------------------------- bodies\n"
    );
    for i in 0..bodies {
        let id = body_id(i);
        let (kind, title) = BODY_KINDS[i % BODY_KINDS.len()];
        let place = PLACES[i % PLACES.len()];
        let clause = clauses.next(&mut out, &mut rng);
        let ext = if body_kind(i) == 2 { "external " } else { "" };
        let _ = writeln!(
            out,
            "{ext}body {id} \"{place} {title} ({i})\" {{\n  clause {clause}\n  kind {kind}"
        );
        match body_kind(i) {
            0 => {
                let _ = writeln!(
                    out,
                    "  short \"{}{}\"\n  established 20{:02}",
                    &place[..1],
                    &kind[..1].to_uppercase(),
                    5 + i % 15
                );
                // A meeting every month, its day not fixed: a duty due in any month finds
                // one (PG1005), and none is dated closer than its limit can wait (PG1006).
                out.push_str("  meets monthly from 2025-01\n");
            }
            1 => {
                let parent = if i > parties * 3 && rng.chance(30) {
                    // A subgroup of an earlier subgroup: the chain stays acyclic.
                    let mut p = rng.below(i);
                    while body_kind(p) != 1 {
                        p = rng.below(i);
                    }
                    body_id(p)
                } else {
                    body_id(rng.below(parties))
                };
                let _ = writeln!(out, "  subgroup of {parent}");
                if rng.chance(20) {
                    out.push_str("  members \"elected members\", \"young people, who are Care Ambassadors\"\n");
                }
            }
            _ => {
                // A body no duty will name (tiny corpora) still takes part through this line.
                if i >= n || rng.chance(40) {
                    let _ = writeln!(out, "  reports to {}", body_id(rng.below(parties)));
                }
                if rng.chance(15) {
                    let _ = writeln!(
                        out,
                        "  note \"Named in clause {clause} as “the relevant {title}”.\""
                    );
                }
            }
        }
        out.push_str("}\n\n");
    }

    // ---- roles: a chair for every body, and officers who observe
    let _ = writeln!(
        out,
        "// ---------------------------------------------------------------- office holders\n"
    );
    for i in 0..bodies {
        let clause = clauses.next(&mut out, &mut rng);
        let id = body_id(i);
        let _ = write!(
            out,
            "role {id}_chair \"Chair of {} ({i})\" {{\n  clause {clause}\n  chair of {id}\n",
            BODY_KINDS[i % BODY_KINDS.len()].1
        );
        if rng.chance(25) {
            let _ = writeln!(out, "  appointed by {}", body_id(rng.below(parties)));
        }
        if rng.chance(10) {
            out.push_str("  delegate \"their nominated deputy\"\n");
        }
        out.push_str("}\n\n");
    }
    for i in 0..officers {
        let clause = clauses.next(&mut out, &mut rng);
        let _ = write!(
            out,
            "role officer{i} \"Director of Children’s Services, area {i}\" {{\n  clause {clause}\n"
        );
        let _ = writeln!(out, "  observer on {}", body_id(rng.below(bodies)));
        if i % 3 == 0 {
            let _ = writeln!(out, "  observer on {}", body_id(rng.below(bodies)));
        }
        let _ = writeln!(out, "  appointed by {}_chair", body_id(rng.below(parties)));
        out.push_str("}\n\n");
    }

    // ---- topics
    let _ = writeln!(out, "// ---------------------------------------------------------------- joint areas of interest\n");
    for i in 0..topics {
        let clause = clauses.next(&mut out, &mut rng);
        let (title, statute) = TOPICS[i % TOPICS.len()];
        let _ = write!(
            out,
            "topic topic{i} \"{title} ({i})\" {{\n  clause {clause}\n  statute \"{statute}\"\n"
        );
        if i % 4 == 0 {
            let _ = writeln!(
                out,
                "  indicators \"NI {}\", \"NI {}\"",
                60 + i % 40,
                61 + i % 40
            );
        }
        out.push_str("}\n\n");
    }

    // ---- artefacts
    let _ = writeln!(
        out,
        "// ---------------------------------------------------------------- reports and plans\n"
    );
    for i in 0..artefacts {
        let clause = clauses.next(&mut out, &mut rng);
        let what = ARTEFACTS[i % ARTEFACTS.len()];
        let _ = writeln!(
            out,
            "artefact rep{i} \"{what} {i}\" {{ clause {clause}; produced by {} }}",
            body_id(rng.below(bodies))
        );
        if i % 10 == 0 {
            out.push('\n');
        }
    }
    out.push('\n');

    // ---- events
    for i in 0..events {
        let clause = clauses.next(&mut out, &mut rng);
        let _ = writeln!(
            out,
            "event event{i} \"{} ({i})\" {{ clause {clause} }}",
            EVENTS[i % EVENTS.len()]
        );
    }
    out.push('\n');

    // ---- duties
    let _ = writeln!(
        out,
        "// ---------------------------------------------------------------- duties\n"
    );
    // Yearly duties by month, for ordering constraints: (index, month 0–11).
    let mut yearly: Vec<Vec<usize>> = vec![Vec::new(); 12];
    for i in 0..n {
        let clause = clauses.next(&mut out, &mut rng);
        let id = format!("d{i}");
        let artefact = format!("rep{}", rng.below(artefacts));
        let title = ARTEFACTS[i % ARTEFACTS.len()];
        // The property lines; a short duty is written on one line, as authors do.
        let mut lines: Vec<String> = vec![format!("clause {clause}")];
        let form = rng.below(20);
        if form < 2 {
            // A duty that keeps the artefact: the round-robin body acts, so it takes part.
            let verb = rng.pick(KEEP);
            lines.push(format!("{} {verb} {artefact}", body_id(i % bodies)));
        } else {
            // The actor: a body, a body's chair, or an officer.
            let actor_body = rng.below(bodies);
            let actor = match rng.below(10) {
                0..=5 => body_id(actor_body),
                6..=7 => format!("{}_chair", body_id(actor_body)),
                _ => format!("officer{}", rng.below(officers)),
            };
            // Recipients: the round-robin body (so every body takes part), and maybe more;
            // never the actor's own body, which its chair sits on.
            let mut recipients: Vec<String> = Vec::new();
            for b in [i % bodies, rng.below(bodies), (i + 1) % bodies] {
                let name = body_id(b);
                if b != actor_body && !recipients.contains(&name) {
                    recipients.push(name);
                }
            }
            let keep = if rng.chance(30) { 2 } else { 1 };
            recipients.truncate(keep);
            if form < 5 {
                let (_, passive) = DELIVER[rng.below(DELIVER.len())];
                lines.push(format!(
                    "{artefact} {passive} to {} by {actor}",
                    join_and(&recipients)
                ));
            } else {
                let (active, _) = DELIVER[rng.below(DELIVER.len())];
                lines.push(format!(
                    "{actor} {active} {artefact} to {}",
                    join_and(&recipients)
                ));
            }
        }
        // Timing.
        let m = rng.below(12);
        let mut is_yearly = false;
        let mut comment = None;
        match rng.below(20) {
            0..=6 => {
                lines.push(format!("yearly in {}", MONTHS[m]));
                is_yearly = true;
            }
            7 => {
                let day = 1 + rng.below(28);
                lines.push(format!("yearly by {day} {}", MONTHS[m]));
                comment = Some("the boards' choice of day");
                is_yearly = true;
            }
            8 => {
                lines.push(format!("annually on the last working day of {}", MONTHS[m]));
                is_yearly = true;
            }
            9..=10 => lines.push(format!(
                "six-monthly in {} and {}",
                MONTHS[m % 6],
                MONTHS[m % 6 + 6]
            )),
            11..=12 => {
                let q = m % 3;
                lines.push(format!(
                    "quarterly in {}, {}, {} and {}",
                    MONTHS[q],
                    MONTHS[q + 3],
                    MONTHS[q + 6],
                    MONTHS[q + 9]
                ));
            }
            13 => lines.push(format!(
                "every 2 years in {} from 20{}",
                MONTHS[m],
                24 + rng.below(3)
            )),
            14 => lines.push(format!("monthly from 2025-{:02}", m + 1)),
            15 => lines.push(format!("every {} weeks from 2025", 2 + rng.below(6))),
            _ => {
                lines.push(format!("when event{}", rng.below(events)));
                lines.push(format!("within {} days", 7 * (1 + rng.below(6))));
            }
        }
        // Ordering: only between yearly duties, earlier month before later month.
        if is_yearly {
            if m > 0 && rng.chance(25) {
                let earlier = rng.below(m);
                if let Some(&j) = yearly[earlier].last() {
                    let soft = if rng.chance(30) {
                        " where possible"
                    } else {
                        ""
                    };
                    lines.push(format!("after d{j}{soft}"));
                }
            }
            if m < 11 && rng.chance(15) {
                let later = m + 1 + rng.below(11 - m);
                if let Some(&j) = yearly[later].last() {
                    lines.push(format!("before d{j}"));
                }
            }
            yearly[m].push(i);
        }
        // Coverage: the round-robin topic, so every topic is covered.
        if i < topics || rng.chance(35) {
            let t = i % topics;
            if rng.chance(20) {
                lines.push(format!("covers topic{t} and topic{}", (t + 1) % topics));
            } else {
                lines.push(format!("covers topic{t}"));
            }
        }
        if rng.chance(6) {
            lines.push("contains \"a section on Looked After Children\"".to_string());
        }
        if rng.chance(4) {
            lines.push(
                "only if \"this cannot be delayed for the purposes of the Annual Report\""
                    .to_string(),
            );
        }
        let header = format!("duty {id} \"{title}\"");
        if lines.len() <= 4 && comment.is_none() && rng.chance(75) {
            let _ = writeln!(out, "{header} {{ {} }}", lines.join("; "));
            if rng.chance(10) {
                out.push('\n');
            }
        } else {
            if rng.chance(4) {
                out.push_str("// The document names no month; the month is the boards' choice.\n");
            }
            let _ = writeln!(out, "{header} {{");
            for (k, line) in lines.iter().enumerate() {
                match comment {
                    Some(c) if k == 2 => {
                        let _ = writeln!(out, "  {line}   // {c}");
                    }
                    _ => {
                        let _ = writeln!(out, "  {line}");
                    }
                }
            }
            out.push_str("}\n\n");
        }
    }

    // ---- escalations: attended by the chair of every party
    let chairs: Vec<String> = party_names.iter().map(|p| format!("{p}_chair")).collect();
    for i in 0..escalations {
        let clause = clauses.next(&mut out, &mut rng);
        let _ = writeln!(
            out,
            "escalation escalation{i} \"Escalation meeting ({i})\" {{\n  clause {clause}\n  when \"any area of significant concern that cannot be resolved under this protocol\"\n  convened by {}\n  attended by {}\n  others \"any other senior person that is regarded as being required\"\n}}\n",
            chairs[i % chairs.len()],
            join_and(&chairs)
        );
    }
    out
}

/// A region's set of protocols: `protocols` files (at least one, at most one per duty) that
/// share `cfg.duties` duties between them as evenly as they divide, each a protocol of its own written by
/// [`generate`] with a seed of its own. Returns each file's name and text, in order.
pub fn generate_set(cfg: &Config, protocols: usize) -> Vec<(String, String)> {
    let protocols = protocols.clamp(1, cfg.duties.max(1));
    let width = protocols.to_string().len();
    (0..protocols)
        .map(|i| {
            let mut one = cfg.clone();
            one.duties = cfg.duties / protocols + usize::from(i < cfg.duties % protocols);
            one.seed = Rng(cfg.seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)).next();
            (
                format!("protocol-{:0width$}.proto-gov", i + 1),
                generate(&one),
            )
        })
        .collect()
}

fn join_and(xs: &[String]) -> String {
    match xs {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// [`generate_set`]'s files rewritten to be one set (`protogov check DIR`): each file's own
/// names (and the numbers in its titles) get the file's suffix, so no name is declared
/// twice; the parties and their chairs are declared in the first file only and used by
/// all. The names the generator writes are a kind's word and a number (`panel2`, `rep7`,
/// `d41`, `panel2_chair`), which is what is renamed.
pub fn as_one_set(files: Vec<(String, String)>) -> Vec<(String, String)> {
    const OWN: &[&str] = &[
        "rep",
        "d",
        "topic",
        "officer",
        "event",
        "escalation",
        "board",
        "partnership",
        "panel",
        "committee",
        "forum",
        "service",
        "group",
        "team",
    ];
    let own = |word: &str| {
        let head = word.split('_').next().unwrap_or(word);
        let stem = head.trim_end_matches(|c: char| c.is_ascii_digit());
        stem.len() < head.len() && OWN.contains(&stem)
    };
    files
        .into_iter()
        .enumerate()
        .map(|(k, (name, text))| {
            let mut out = String::with_capacity(text.len() + text.len() / 8);
            let mut skipping = false;
            for line in text.split_inclusive('\n') {
                // The parties and their chairs belong to the first file.
                // The clause each cites stays cited, so the file's numbering has no gap.
                if k > 0 && (line.starts_with("body party") || line.starts_with("role party")) {
                    skipping = !line.trim_end().ends_with('}') && line.contains('{');
                    continue;
                }
                if skipping {
                    if let Some(clause) = line.trim().strip_prefix("clause ") {
                        out.push_str(&format!(
                            "prose {clause} \"Declared in the first file of the set.\"\n"
                        ));
                    }
                    skipping = line.trim_end() != "}";
                    continue;
                }
                let after_protocol = line.starts_with("protocol ");
                let mut first_word = true;
                let mut in_string = false;
                let mut chars = line.char_indices().peekable();
                while let Some((i, c)) = chars.next() {
                    if c == '"' {
                        in_string = !in_string;
                        out.push(c);
                    } else if in_string
                        && c == '('
                        && line[i..]
                            .find(")\"")
                            .is_some_and(|j| line[i + 1..i + j].chars().all(|d| d.is_ascii_digit()))
                    {
                        let j = line[i..].find(')').unwrap_or(0);
                        out.push_str(&line[i..i + j]);
                        out.push_str(&format!(", {k}"));
                        for _ in 1..j {
                            chars.next();
                        }
                    } else if !in_string && (c.is_ascii_alphabetic() || c == '_') {
                        let mut end = i + c.len_utf8();
                        while let Some(&(j, d)) = chars.peek() {
                            if d.is_ascii_alphanumeric() || d == '_' {
                                end = j + d.len_utf8();
                                chars.next();
                            } else {
                                break;
                            }
                        }
                        let word = &line[i..end];
                        out.push_str(word);
                        let protocol_name = after_protocol && first_word && word != "protocol";
                        if own(word) || protocol_name {
                            out.push_str(&format!("_f{k}"));
                        }
                        if word != "protocol" {
                            first_word = false;
                        }
                    } else if !in_string && c == '/' && line[i..].starts_with("//") {
                        out.push_str(&line[i..]);
                        break;
                    } else {
                        out.push(c);
                    }
                }
            }
            (name, out)
        })
        .collect()
}
