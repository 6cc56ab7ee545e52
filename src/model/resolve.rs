//! The resolver: the model built one item at a time, names bound to declarations and
//! schedules dated from the protocol's epoch.

use super::*;
use crate::holidays::Region;
use crate::name::{FastMap, Name};
use crate::schedule::{self, DayRule, Period, Schedule};
use crate::syntax::ast::{self, DeclKind, Item, PropKind};
use crate::syntax::{table, vocab};
use jiff::civil::Date;

/// The kinds of declaration a property's names may name, from the language table.
/// The actor of `each of GROUP …`.
const GROUP: &[DeclKind] = &[DeclKind::Group];

fn slot(p: &PropKind) -> &'static [DeclKind] {
    table::of(p).map_or(&[], |p| p.kinds())
}

/// The review due one cycle of `period` after `start`: by the last working day of that
/// month, or on that day for a cycle counted in days.
fn review_after(start: Date, period: Period, holidays: Region) -> Option<Date> {
    match period {
        Period::Months(m) => {
            let next = start.checked_add(jiff::Span::new().months(m as i64)).ok()?;
            schedule::last_working_day(holidays, next.year(), next.month())
        }
        Period::Days(n) => start.checked_add(jiff::Span::new().days(n as i64)).ok(),
    }
}

/// True when a line of the declaration did not parse: what it said is unknown, so checks
/// that would report something missing stay quiet.
fn incomplete(d: &ast::Decl) -> bool {
    d.props().iter().any(|p| matches!(p.kind, PropKind::Error))
}

/// Build the model from a syntax tree. `today` dates the next occurrence of each duty.
pub fn resolve(file: &ast::File, today: Date) -> Model {
    let mut b = ModelBuilder::new(today);
    let mut kinds = [0usize; DeclKind::COUNT];
    for item in &file.items {
        if let Item::Decl(d) = item {
            kinds[d.kind as usize] += 1;
        }
    }
    b.reserve(&kinds);
    for item in &file.items {
        b.add(item);
    }
    b.finish()
}

/// Builds the model one item at a time, in source order, as the readers produce them
/// ([`crate::syntax::parse_into`]), so that no whole syntax tree is ever held: each item
/// can be freed as soon as it is added. The result is [`resolve`]'s for the same items.
///
/// A reference to a name declared earlier is resolved when its item is added; one
/// declared later is resolved by [`ModelBuilder::finish`], as are the dates of schedules
/// read before the protocol's agreement date (from which they count) was known.
pub struct ModelBuilder(Resolver);

impl ModelBuilder {
    /// An empty model; `today` dates the next occurrence of each duty.
    pub fn new(today: Date) -> ModelBuilder {
        ModelBuilder(Resolver::new(today))
    }

    /// Make room for declarations of each kind (indexed in [`DeclKind::ALL`] order), so
    /// the lists are not copied as they grow.
    pub fn reserve(&mut self, declarations: &[usize; DeclKind::COUNT]) {
        self.0.reserve(declarations)
    }

    /// The next item of the file.
    pub fn add(&mut self, item: &Item) {
        self.0.item(item)
    }

    /// Start the next file of a set of files read into one model: its bytes are `region`
    /// of the joined text (see [`crate::set`]). Each file holds one document, whose
    /// agreement date and holidays date the file's own schedules.
    pub fn begin_file(&mut self, region: crate::source::Span) {
        self.0.begin_file(region)
    }

    /// Whose bank holidays a document without a `holidays` line skips (England and Wales
    /// unless set): a set's default, from its settings.
    pub fn default_holidays(&mut self, region: Region) {
        self.0.default_holidays = region;
        self.0.holidays = region;
        self.0.model.holidays = region;
    }

    /// The model, once every item is added.
    pub fn finish(self) -> Model {
        self.0.finish()
    }
}

impl crate::syntax::ItemSink for ModelBuilder {
    fn expect(&mut self, _items: usize, declarations: &[usize; DeclKind::COUNT]) {
        self.reserve(declarations)
    }

    fn item(&mut self, item: Item) {
        self.add(&item)
    }
}

/// The date from which schedules without `from` are counted: the earliest agreement date
/// of the (first) protocol declaration, else its last review.
fn protocol_epoch(decl: &ast::Decl) -> Option<Date> {
    let mut dates: Vec<Date> = decl
        .props()
        .iter()
        .filter_map(|p| match &p.kind {
            PropKind::Agreed { on: Some(d), .. } => PartialDate::from_ast(d).start(),
            _ => None,
        })
        .collect();
    if dates.is_empty() {
        dates.extend(decl.props().iter().filter_map(|p| match &p.kind {
            PropKind::LastReviewed(d) => PartialDate::from_ast(d).start(),
            _ => None,
        }));
    }
    dates.into_iter().min()
}

struct Resolver {
    model: Model,
    /// Each first declaration by its name's number (see [`Bindings::get`]).
    bindings: Bindings,
    /// The same for the duties, whose names are a namespace of their own.
    duty_bindings: Bindings,
    /// How many references named nothing declared when they were read: when none did,
    /// `finish` has nothing to look up again and does not walk the references.
    unresolved: usize,
    /// The language's verbs by either form.
    verbs: FastMap<&'static str, &'static vocab::Verb>,
    /// The date next due dates are computed from.
    today: Date,
    /// How many named declarations of each kind have been declared.
    counts: [usize; DeclKind::COUNT],
    /// True once the file's first document declaration, which sets the epoch, has been
    /// read.
    seen_protocol: bool,
    /// How many document declarations the current file has.
    file_documents: usize,
    /// The current file's bytes, when the model is of a set of files (see
    /// [`ModelBuilder::begin_file`]).
    region: Option<crate::source::Span>,
    /// The date the current file's schedules without `from` count from.
    epoch: Option<Date>,
    /// Whose bank holidays the current file's dates skip.
    holidays: Region,
    /// Whose bank holidays a file whose document does not say skips.
    default_holidays: Region,
    /// Schedules read before that, with what they were read from.
    undated: Vec<(Dated, ast::Cadence, Option<ast::Anchor>)>,
}

/// The first declaration of each name, found by the number the name's parse gave its
/// spelling, in a dense array rather than by hashing the name again; names without a
/// number from that parse are found by their text, in the model's symbol table.
struct Bindings {
    /// The kind and position of each first declaration whose name `interner` numbered,
    /// by that number.
    bound: Vec<Option<(DeclKind, u32)>>,
    /// That interner: the one that made the first declared name with a number.
    interner: Option<u32>,
    /// False once a name was declared without a number from that interner: `bound` then
    /// no longer tells every undeclared name.
    complete: bool,
}

impl Default for Bindings {
    fn default() -> Bindings {
        Bindings {
            bound: Vec::new(),
            interner: None,
            complete: true,
        }
    }
}

impl Bindings {
    /// Record the first declaration of `name`.
    fn bind(&mut self, name: &Name, kind: DeclKind, index: u32) {
        let at = name
            .number()
            .filter(|s| *self.interner.get_or_insert(s.interner) == s.interner);
        match at.and_then(|s| usize::try_from(s.index).ok()) {
            Some(i) => {
                if self.bound.len() <= i {
                    self.bound.resize(i + 1, None);
                }
                self.bound[i] = Some((kind, index));
            }
            None => self.complete = false,
        }
    }

    /// What `name` is declared as, and its position in the list of that kind; `symbols`
    /// is the model's symbol table.
    fn get(&self, symbols: &FastMap<Name, Symbol>, name: &Name) -> Option<(DeclKind, u32)> {
        if let Some(s) = name.number().filter(|s| self.interner == Some(s.interner)) {
            let hit = self.bound.get(s.index as usize).copied().flatten();
            if hit.is_some() || self.complete {
                return hit;
            }
        }
        // A name from another parse or made otherwise, or one not yet declared under its
        // number while some declared names have none: found by its text.
        symbols.get(name.as_str()).map(|s| (s.kind, s.index as u32))
    }
}

/// Where a schedule read before the epoch was known is kept in the model.
#[derive(Clone, Copy)]
enum Dated {
    /// The `meets` cadence of a body, by index.
    Meets(usize),
    /// The schedule of a duty, by index.
    Schedule(usize),
}

/// A declaration's clause references joined with `, `, in one buffer (rebuilding the
/// joined text at each line made a long run of `clause` lines take quadratic time).
fn joined_clauses(d: &ast::Decl) -> Option<Name> {
    let mut clauses = d.clauses();
    let first = clauses.next()?;
    let Some(second) = clauses.next() else {
        return Some(first.text.clone());
    };
    let mut all = format!("{}, {}", first.text, second.text);
    for c in clauses {
        all.push_str(", ");
        all.push_str(&c.text);
    }
    Some(Name::new(&all))
}

impl Resolver {
    /// An empty model, ready for items in source order.
    fn new(today: Date) -> Resolver {
        Resolver {
            model: Model::default(),
            bindings: Bindings::default(),
            duty_bindings: Bindings::default(),
            unresolved: 0,
            // As `vocab::verb` reads them: the first verb either of whose forms matches,
            // its active form before its passive one; so later entries are written first.
            verbs: vocab::VERBS
                .iter()
                .rev()
                .flat_map(|v| [(v.passive, v), (v.base, v), (v.active, v)])
                .collect(),
            today,
            counts: [0; DeclKind::COUNT],
            seen_protocol: false,
            file_documents: 0,
            region: None,
            epoch: None,
            holidays: Region::default(),
            default_holidays: Region::default(),
            undated: Vec::new(),
        }
    }

    /// Room for declarations of each kind, so the lists are not copied as they grow. Called
    /// once per file of a set, so the room grows as a list does (exactly `all` more would
    /// copy every list again for each file).
    fn reserve(&mut self, all: &[usize; DeclKind::COUNT]) {
        let m = &mut self.model;
        let duties = all[DeclKind::Duty as usize];
        m.symbols.reserve(all.iter().sum::<usize>() - duties);
        m.duty_symbols.reserve(duties);
        m.bodies.reserve(all[DeclKind::Body as usize]);
        m.roles.reserve(all[DeclKind::Role as usize]);
        m.topics.reserve(all[DeclKind::Topic as usize]);
        m.artefacts.reserve(all[DeclKind::Artefact as usize]);
        m.events.reserve(all[DeclKind::Event as usize]);
        m.duties.reserve(duties);
        m.escalations.reserve(all[DeclKind::Escalation as usize]);
        m.groups.reserve(all[DeclKind::Group as usize]);
    }

    /// One item, in file order.
    fn item(&mut self, item: &Item) {
        match item {
            Item::Decl(d) => {
                self.declare(d);
                if d.kind.is_document() && !self.seen_protocol {
                    self.seen_protocol = true;
                    self.epoch = protocol_epoch(d);
                    // Whose bank holidays its working days skip, before anything is dated.
                    for p in d.props() {
                        if let PropKind::Holidays(region) = p.kind {
                            self.holidays = region;
                        }
                    }
                    // The model's are the first document's.
                    if self.model.protocol.is_none() {
                        self.model.epoch = self.epoch;
                        self.model.holidays = self.holidays;
                    }
                }
                for c in d.clauses().filter(|c| !c.quoted) {
                    self.model
                        .clause_refs
                        .extend(ClauseNumber::parse(&c.text, c.span));
                }
                for p in d.props() {
                    self.model.dates_as_written.extend(
                        p.kind
                            .dates()
                            .into_iter()
                            .filter(|x| x.form != ast::DateForm::Iso)
                            .map(PartialDate::from_ast),
                    );
                }
                self.decl(d)
            }
            Item::Prose(p) => {
                if !p.clause.quoted {
                    self.model
                        .clause_refs
                        .extend(ClauseNumber::parse(&p.clause.text, p.clause.span));
                }
                self.model.prose.push(ProseClause {
                    clause: p.clause.text.clone(),
                    title: p.title.as_ref().map(|t| t.value.clone()),
                    text: p.text.value.clone(),
                    clause_span: p.clause.span,
                })
            }
            Item::Error(e) => {
                if let Some((keyword, name)) = &e.declares {
                    self.model
                        .broken
                        .insert(name.name.to_string(), keyword.clone());
                }
            }
        }
    }

    /// The date schedules without `from` count from (see [`Model::epoch`]), when known.
    fn epoch(&self) -> Option<Date> {
        self.epoch
    }

    /// Start the next file of a set: its bytes are `region` of the joined text. The
    /// schedules of the file before are dated, and the next file's document sets the
    /// epoch and holidays of its own schedules.
    fn begin_file(&mut self, region: crate::source::Span) {
        self.date_undated();
        self.seen_protocol = false;
        self.file_documents = 0;
        self.region = Some(region);
        self.model.files.push(region);
        self.epoch = None;
        self.holidays = self.default_holidays;
    }

    /// Date again the schedules read before their file's epoch was known.
    fn date_undated(&mut self) {
        let (epoch, holidays) = (self.epoch(), self.holidays);
        if epoch.is_none() && holidays == Region::default() {
            self.undated.clear();
            return;
        }
        for (slot, cadence, anchor) in std::mem::take(&mut self.undated) {
            let c = resolve_cadence(&cadence, anchor.as_ref(), epoch, self.today, holidays);
            match slot {
                Dated::Meets(i) => {
                    if let Some(b) = self.model.bodies.get_mut(i) {
                        b.meets = Some(c);
                    }
                }
                Dated::Schedule(i) => {
                    if let Some(d) = self.model.duties.get_mut(i) {
                        d.next_due = c
                            .schedule
                            .as_ref()
                            .and_then(|s| s.next_on_or_after(self.today));
                        d.cadence = Some(c);
                    }
                }
            }
        }
    }

    /// A schedule resolved before the protocol was read: kept to be dated again if the
    /// protocol sets another epoch.
    fn dated(&mut self, slot: Dated, cadence: &ast::Cadence, anchor: Option<&ast::Anchor>) {
        if !self.seen_protocol {
            self.undated.push((slot, cadence.clone(), anchor.cloned()));
        }
    }

    /// After every item: resolve the references to names declared after them, date again
    /// the schedules read before the epoch was known, mark the parties and index the seats.
    fn finish(mut self) -> Model {
        if self.unresolved > 0 {
            self.resolve_late();
        }
        self.date_undated();
        self.date_from_meetings();
        let m = &mut self.model;
        let parties: std::collections::HashSet<&str> = m
            .documents()
            .flat_map(|p| m.expand(&p.parties))
            .map(|x| x.name.as_str())
            .collect();
        let party: Vec<bool> = m
            .bodies
            .iter()
            .map(|b| parties.contains(b.common.id.as_str()))
            .collect();
        for (b, party) in m.bodies.iter_mut().zip(party) {
            b.party = party;
        }
        // Who sits where, indexed by body.
        let mut seats_on: Vec<Vec<(usize, ast::SeatKind)>> = vec![Vec::new(); m.bodies.len()];
        for (i, role) in m.roles.iter().enumerate() {
            for s in role.seats.iter().filter(|s| s.body.is_resolved()) {
                if let Some(on) = s.body.target().and_then(|(_, b)| seats_on.get_mut(b)) {
                    on.push((i, s.seat));
                }
            }
        }
        m.seats_on = seats_on;
        self.model
    }

    /// The next due date of each duty dated from a body's meetings, once the body is
    /// known and its meetings dated.
    fn date_from_meetings(&mut self) {
        let m = &self.model;
        let next: Vec<(usize, Option<Date>)> = m
            .duties
            .iter()
            .enumerate()
            .filter(|(_, d)| d.meeting.is_some())
            .map(|(i, d)| {
                let due = m
                    .meeting_dues(d, self.today, 1)
                    .and_then(|v| v.first().copied());
                (i, due)
            })
            .collect();
        for (i, due) in next {
            if let Some(d) = self.model.duties.get_mut(i) {
                d.next_due = due;
            }
        }
    }

    /// Resolve the references to names declared after them.
    fn resolve_late(&mut self) {
        // Out of the model while its references are changed, to be read beside them.
        let symbols = std::mem::take(&mut self.model.symbols);
        let duty_symbols = std::mem::take(&mut self.model.duty_symbols);
        let (bindings, duty_bindings) = (&self.bindings, &self.duty_bindings);
        for r in self.model.references_mut().filter(|r| r.found.is_none()) {
            let main = || bindings.get(&symbols, &r.name);
            let duty = || duty_bindings.get(&duty_symbols, &r.name);
            let hit = if r.expected.contains(&DeclKind::Duty) {
                duty().or_else(main)
            } else {
                main().or_else(duty)
            };
            if let Some((kind, index)) = hit {
                r.found = Some(kind);
                r.index = index;
            }
        }
        self.model.symbols = symbols;
        self.model.duty_symbols = duty_symbols;
    }

    /// Declare the name of one declaration (the first declaration of a name wins).
    fn declare(&mut self, d: &ast::Decl) {
        if d.name.name.is_empty() {
            return;
        }
        let kind = d.kind;
        let index = self.counts[kind as usize];
        if kind.is_document() {
            // One document per file.
            if self.file_documents > 0 {
                self.model.extra_protocols.push(d.name.span);
            }
            self.file_documents += 1;
        }
        self.counts[kind as usize] = index + 1;
        use std::collections::hash_map::Entry;
        let (symbols, bindings) = if kind == DeclKind::Duty {
            (&mut self.model.duty_symbols, &mut self.duty_bindings)
        } else {
            (&mut self.model.symbols, &mut self.bindings)
        };
        match symbols.entry(d.name.name.clone()) {
            Entry::Occupied(first) => {
                let first = first.get();
                self.model.duplicates.push(Duplicate {
                    name: d.name.name.to_string(),
                    first: first.name_span,
                    second: d.name.span,
                    first_kind: first.kind,
                    second_kind: kind,
                })
            }
            Entry::Vacant(slot) => {
                slot.insert(Symbol {
                    kind,
                    index,
                    name_span: d.name.span,
                });
                bindings.bind(&d.name.name, kind, index as u32);
            }
        }
    }

    fn reference(
        &mut self,
        id: &ast::Ident,
        expected: &'static [DeclKind],
        what: Use,
        owner: &Name,
    ) -> Ref {
        let main = || self.bindings.get(&self.model.symbols, &id.name);
        let duty = || self.duty_bindings.get(&self.model.duty_symbols, &id.name);
        // The namespace the slot names first; the other for a name of the wrong kind.
        let hit = if expected.contains(&DeclKind::Duty) {
            duty().or_else(main)
        } else {
            main().or_else(duty)
        };
        let (found, index) = match hit {
            Some((kind, index)) => (Some(kind), index),
            None => {
                self.unresolved += 1;
                (None, 0)
            }
        };
        Ref {
            name: id.name.clone(),
            span: id.span,
            expected,
            found,
            index,
            context: Context::new(what, owner.clone()),
        }
    }

    fn refs(
        &mut self,
        ids: &[ast::Ident],
        expected: &'static [DeclKind],
        what: Use,
        owner: &Name,
    ) -> Vec<Ref> {
        ids.iter()
            .map(|i| self.reference(i, expected, what, owner))
            .collect()
    }

    /// Set a property given once per declaration; a value it had already (the property
    /// was written twice) stays a reference of the file.
    fn set(&mut self, slot: &mut Option<Ref>, r: Option<Ref>) {
        if let Some(old) = std::mem::replace(slot, r) {
            self.model.unattached.push(old);
        }
    }

    fn common(&self, d: &ast::Decl) -> Common {
        let mut notes = Vec::new();
        let mut under = Vec::new();
        for p in d.props() {
            match &p.kind {
                PropKind::Note(s) => notes.push(s.value.clone()),
                PropKind::Under(s) => under.extend(s.iter().map(|x| x.value.clone())),
                _ => {}
            }
        }
        notes.shrink_to_fit();
        Common {
            id: d.name.name.clone(),
            title: d.title.as_ref().map(|t| t.value.clone()),
            clause: joined_clauses(d),
            notes,
            under,
            name_span: d.name.span,
            span: d.span,
        }
    }

    fn decl(&mut self, d: &ast::Decl) {
        let (epoch, today) = (self.epoch(), self.today);
        let common = self.common(d);
        for p in d.props() {
            if let PropKind::Allow { code, .. } = &p.kind {
                self.model.allows.push(Allowed {
                    code: code.name.clone(),
                    // The file's (first) document speaks for the whole file.
                    scope: if !d.kind.is_document() || self.file_documents > 1 {
                        Some(d.span)
                    } else {
                        self.region
                    },
                    code_span: code.span,
                });
            }
        }
        // The declaration's name, shared by the contexts of its references.
        let id = d.name.name.clone();
        match d.kind {
            DeclKind::Protocol | DeclKind::Terms => self.protocol(d, common, &id, epoch, today),
            DeclKind::Group => {
                let mut g = Group {
                    common,
                    includes: Vec::new(),
                    short: Vec::new(),
                };
                for p in d.props() {
                    match &p.kind {
                        PropKind::Includes(xs) => {
                            let refs = self.refs(xs, slot(&p.kind), Use::MemberOfGroup, &id);
                            g.includes.extend(refs)
                        }
                        PropKind::Short(s) => g.short.extend(s.iter().map(|x| x.value.clone())),
                        _ => {}
                    }
                }
                self.model.groups.push(g);
            }
            DeclKind::Body => {
                let mut b = Body {
                    common,
                    external: d.external,
                    party: false,
                    kind: None,
                    short: Vec::new(),
                    established: None,
                    subgroup_of: None,
                    reports_to: Vec::new(),
                    members: Vec::new(),
                    seats: Vec::new(),
                    vacancies: None,
                    quorum: None,
                    meets: None,
                    meets_at_least: false,
                    meetings_per_year: None,
                    calendar: MeetingCalendar::default(),
                    public: None,
                    area: Vec::new(),
                    established_under: None,
                };
                for p in d.props() {
                    match &p.kind {
                        PropKind::Kind(k) => b.kind = Some(k.name.clone()),
                        PropKind::Short(s) => b.short.extend(s.iter().map(|x| x.value.clone())),
                        PropKind::Established { date, under } => {
                            b.established = Some(PartialDate::from_ast(date));
                            b.established_under = under.as_ref().map(|u| u.value.clone());
                        }
                        PropKind::MemberSeats {
                            count,
                            who,
                            classes,
                        } => b.seats.push(MemberSeats {
                            count: count.value,
                            who: who.value.clone(),
                            classes: classes.iter().map(|c| c.class).collect(),
                            span: p.span,
                        }),
                        PropKind::Vacancies(n) => b.vacancies = Some(n.value),
                        PropKind::Quorum { count, including } => {
                            b.quorum = Some(Quorum {
                                count: count.value,
                                including: including
                                    .iter()
                                    .map(|q| (q.count.value, q.who.value.clone(), q.who.span))
                                    .collect(),
                                span: p.span,
                            })
                        }
                        PropKind::MeetsTimes { n, at_least } => {
                            b.meetings_per_year = Some(MeetingsPerYear {
                                n: n.value,
                                at_least: *at_least,
                                span: p.span,
                            })
                        }
                        PropKind::Public(open) => b.public = Some(*open),
                        PropKind::Area(a) => b.area.extend(a.iter().map(|x| x.value.clone())),
                        PropKind::SubgroupOf(x) => {
                            let r = self.reference(x, slot(&p.kind), Use::ParentOfBody, &id);
                            self.set(&mut b.subgroup_of, Some(r))
                        }
                        PropKind::ReportsTo(xs) => {
                            let refs = self.refs(xs, slot(&p.kind), Use::BodyReportsTo, &id);
                            b.reports_to.extend(refs)
                        }
                        PropKind::Members(m) => b.members.extend(m.iter().map(|x| x.value.clone())),
                        PropKind::MeetsOn(rule) => {
                            b.calendar.rule = Some(rule.clone());
                            b.calendar.rule_span = Some(p.span);
                        }
                        PropKind::Meetings(days) | PropKind::ExtraMeetings(days) => {
                            let days = days.iter().map(|d| MeetingDay {
                                date: PartialDate::from_ast(&d.date),
                                time: d.time,
                            });
                            if matches!(p.kind, PropKind::Meetings(_)) {
                                b.calendar.dates.extend(days);
                            } else {
                                b.calendar.extra.extend(days);
                            }
                        }
                        PropKind::Cancelled(dates) => b
                            .calendar
                            .cancelled
                            .extend(dates.iter().map(PartialDate::from_ast)),
                        PropKind::Meets {
                            cadence,
                            anchor,
                            at_least,
                            time,
                        } => {
                            b.calendar.time = *time;
                            let at = Dated::Meets(self.model.bodies.len());
                            self.dated(at, cadence, anchor.as_deref());
                            b.meets = Some(resolve_cadence(
                                cadence,
                                anchor.as_deref(),
                                epoch,
                                today,
                                self.holidays,
                            ));
                            b.meets_at_least = *at_least;
                        }
                        _ => {}
                    }
                }
                self.model.bodies.push(b);
            }
            DeclKind::Role => {
                let mut r = Role {
                    common,
                    seats: Vec::new(),
                    appointed_by: Vec::new(),
                    delegate: None,
                    short: Vec::new(),
                    elected: None,
                    stands_in: Vec::new(),
                    holders: Vec::new(),
                    incomplete: incomplete(d),
                };
                for p in d.props() {
                    match &p.kind {
                        PropKind::Seat {
                            seat,
                            body,
                            classes,
                        } => {
                            let body = self.reference(body, slot(&p.kind), Use::SeatOfRole, &id);
                            r.seats.push(Seat {
                                seat: *seat,
                                body,
                                classes: classes.iter().map(|c| c.class).collect(),
                                span: p.span,
                            })
                        }
                        PropKind::Elected {
                            by,
                            first_meeting,
                            then,
                        } => {
                            let by = self.reference(by, slot(&p.kind), Use::ElectorOfRole, &id);
                            let then = then.as_ref().map(|t| {
                                let who =
                                    self.reference(&t.by, slot(&p.kind), Use::ElectorOfRole, &id);
                                (cadence_text(&t.cadence), who)
                            });
                            let old = r.elected.replace(Election {
                                by,
                                first_meeting: *first_meeting,
                                then,
                            });
                            if let Some(old) = old {
                                self.model.unattached.push(old.by);
                                self.model.unattached.extend(old.then.map(|t| t.1));
                            }
                        }
                        PropKind::StandsIn { role, when } => {
                            let role = self.reference(role, slot(&p.kind), Use::StoodInFor, &id);
                            r.stands_in.push(StandIn {
                                role,
                                when: when.as_ref().map(|w| w.value.clone()),
                            })
                        }
                        PropKind::HeldBy { name, from, until } => r.holders.push(Holder {
                            name: name.value.clone(),
                            from: from.as_ref().map(PartialDate::from_ast),
                            until: until.as_ref().map(PartialDate::from_ast),
                            span: p.span,
                        }),
                        PropKind::AppointedBy(xs) => {
                            let refs = self.refs(xs, slot(&p.kind), Use::AppointerOfRole, &id);
                            r.appointed_by.extend(refs)
                        }
                        PropKind::Delegate(s) => r.delegate = Some(s.value.clone()),
                        PropKind::Short(s) => r.short.extend(s.iter().map(|x| x.value.clone())),
                        _ => {}
                    }
                }
                r.seats.shrink_to_fit();
                self.model.roles.push(r);
            }
            DeclKind::Topic => {
                let mut t = Topic {
                    common,
                    statutes: Vec::new(),
                    indicators: Vec::new(),
                };
                for p in d.props() {
                    match &p.kind {
                        PropKind::Statute(s) => {
                            t.statutes.extend(s.iter().map(|x| x.value.clone()))
                        }
                        PropKind::Indicators(s) => {
                            t.indicators.extend(s.iter().map(|x| x.value.clone()))
                        }
                        _ => {}
                    }
                }
                self.model.topics.push(t);
            }
            DeclKind::Artefact => {
                let mut a = Artefact {
                    common,
                    produced_by: None,
                    contains: Vec::new(),
                };
                for p in d.props() {
                    match &p.kind {
                        PropKind::ProducedBy(x) => {
                            let r = self.reference(x, slot(&p.kind), Use::ProducerOfArtefact, &id);
                            self.set(&mut a.produced_by, Some(r))
                        }
                        PropKind::Contains(s) => a.contains.push(s.value.clone()),
                        _ => {}
                    }
                }
                self.model.artefacts.push(a);
            }
            DeclKind::Event => self.model.events.push(Event { common }),
            DeclKind::Duty => self.duty(d, common, &id, epoch, today),
            DeclKind::Escalation => {
                let mut e = Escalation {
                    common,
                    trigger: None,
                    convened_by: None,
                    attended_by: Vec::new(),
                    others: None,
                    stages: Vec::new(),
                    incomplete: incomplete(d),
                };
                for p in d.props() {
                    match &p.kind {
                        PropKind::Trigger(ast::Trigger::Text { text }) => {
                            e.trigger = Some(text.value.clone())
                        }
                        PropKind::ConvenedBy(x) => {
                            let r =
                                self.reference(x, slot(&p.kind), Use::ConvenorOfEscalation, &id);
                            self.set(&mut e.convened_by, Some(r))
                        }
                        PropKind::AttendedBy(xs) => {
                            let refs = self.refs(xs, slot(&p.kind), Use::AttendeeOfEscalation, &id);
                            e.attended_by.extend(refs)
                        }
                        PropKind::Others(s) => e.others = Some(s.value.clone()),
                        PropKind::Stage(st) => {
                            let participants = self.refs(
                                &st.attended_by,
                                slot(&p.kind),
                                Use::AttendeeOfEscalation,
                                &id,
                            );
                            e.stages.push(Stage {
                                number: st.number.value,
                                number_span: st.number.span,
                                title: st.title.as_ref().map(|t| t.value.clone()),
                                participants,
                                limit: st.limit.as_ref().map(|l| StageLimit {
                                    n: l.n.value,
                                    unit: l.unit,
                                    of_concern: l.of_concern,
                                    qualifier: l.qualifier.as_ref().map(|q| q.value.clone()),
                                    span: l.n.span,
                                }),
                                trigger: st.when.as_ref().map(|w| w.value.clone()),
                                span: p.span,
                            })
                        }
                        _ => {}
                    }
                }
                self.model.escalations.push(e);
            }
        }
    }

    fn protocol(
        &mut self,
        d: &ast::Decl,
        common: Common,
        id: &Name,
        epoch: Option<Date>,
        today: Date,
    ) {
        let mut p = Protocol {
            common,
            kind: if d.kind == DeclKind::Terms {
                DocumentKind::Terms
            } else {
                DocumentKind::Protocol
            },
            for_body: None,
            effective_from: None,
            effective_span: None,
            versions: Vec::new(),
            parties: Vec::new(),
            agreed: Vec::new(),
            signed: Vec::new(),
            version: None,
            short: Vec::new(),
            review: Review {
                cadence: None,
                last_reviewed: None,
                next_review: None,
                next_due: None,
                schedule: None,
                or_when: None,
                basis: None,
            },
            review_span: None,
            incomplete: incomplete(d),
        };
        for prop in d.props() {
            match &prop.kind {
                PropKind::Between(xs) => {
                    let parties = self.refs(xs, slot(&prop.kind), Use::PartyToProtocol, id);
                    p.parties.extend(parties)
                }
                PropKind::Agreed {
                    by,
                    on,
                    in_principle,
                    recommended_by,
                } => {
                    let by = self.reference(by, slot(&prop.kind), Use::AgreedProtocol, id);
                    let recommended_by = recommended_by.as_ref().map(|r| {
                        self.reference(r, slot(&prop.kind), Use::RecommenderOfProtocol, id)
                    });
                    p.agreed.push(Signoff {
                        by,
                        on: on.as_ref().map(PartialDate::from_ast),
                        in_principle: *in_principle,
                        recommended_by,
                        span: prop.span,
                    })
                }
                PropKind::Signed { by, on } => {
                    let by = self.reference(by, slot(&prop.kind), Use::SignatoryOfProtocol, id);
                    p.signed.push(Signoff {
                        by,
                        on: on.as_ref().map(PartialDate::from_ast),
                        in_principle: false,
                        recommended_by: None,
                        span: prop.span,
                    })
                }
                PropKind::Version { label, on } => p.versions.push(Version {
                    label: label.value.clone(),
                    on: on.as_ref().map(PartialDate::from_ast),
                    span: prop.span,
                }),
                PropKind::For(x) => {
                    let r = self.reference(x, slot(&prop.kind), Use::BodyOfTerms, id);
                    let old = p.for_body.replace(r);
                    self.model.unattached.extend(old);
                }
                PropKind::EffectiveFrom(x) => {
                    p.effective_from = Some(PartialDate::from_ast(x));
                    p.effective_span = Some(prop.span);
                }
                PropKind::Short(s) => p.short.extend(s.iter().map(|x| x.value.clone())),
                PropKind::Review {
                    cadence,
                    anchor,
                    or_when,
                } => {
                    p.review.or_when = or_when.as_ref().map(|w| w.value.clone());
                    p.review_span = Some(prop.span);
                    let mut c =
                        resolve_cadence(cadence, anchor.as_deref(), epoch, today, self.holidays);
                    // The review is dated by `next review` / `last reviewed`, not by a month
                    // or a start: PG0204 says what it lacks.
                    c.problems.retain(|p| {
                        !matches!(p, CadenceProblem::Unanchored | CadenceProblem::NoStart)
                    });
                    p.review.cadence = Some(c);
                }
                PropKind::LastReviewed(x) => {
                    p.review.last_reviewed = Some(PartialDate::from_ast(x))
                }
                PropKind::NextReview(x) => p.review.next_review = Some(PartialDate::from_ast(x)),
                _ => {}
            }
        }
        // The current version: the latest dated entry, else the first written.
        p.version = p
            .versions
            .iter()
            .filter_map(|v| Some((v.on.as_ref()?.start()?, &v.label)))
            .max_by_key(|(d, _)| *d)
            .map(|(_, l)| l.clone())
            .or_else(|| p.versions.first().map(|v| v.label.clone()));
        // The review's due date and recurring schedule.
        let cadence = p.review.cadence.as_ref();
        let period = cadence.and_then(|c| c.period);
        // In force once the last party agreed.
        let agreed = p
            .agreed
            .iter()
            .filter_map(|s| s.on.as_ref())
            .filter_map(|d| Some((d.start()?, d)))
            .max_by_key(|(start, _)| *start)
            .map(|(_, d)| d.clone());
        let from = cadence
            .filter(|c| c.start.is_some())
            .and_then(|c| c.schedule.as_ref());
        let (next_due, basis) = match (&p.review.next_review, &p.review.last_reviewed, period) {
            (Some(n), _, _) => (n.due(self.holidays), ReviewBasis::NextReview),
            (None, Some(l), Some(period)) => (
                l.start()
                    .and_then(|s| review_after(s, period, self.holidays)),
                ReviewBasis::LastReviewed,
            ),
            // `review yearly from DATE` counts its cycles from DATE (the day the document
            // took effect): the first review falls one cycle later.
            (None, None, Some(_)) if from.is_some() => (
                from.and_then(|s| s.next_on_or_after(s.first.tomorrow().ok()?)),
                ReviewBasis::From,
            ),
            (None, None, Some(period)) => match agreed {
                Some(a) => (
                    a.start()
                        .and_then(|s| review_after(s, period, self.holidays)),
                    ReviewBasis::Agreed(a),
                ),
                None => (None, ReviewBasis::NextReview),
            },
            _ => (None, ReviewBasis::NextReview),
        };
        p.review.next_due = next_due;
        p.review.basis = next_due.map(|_| basis);
        if let (Some(first), Some(period)) = (next_due, period) {
            let day = match (&p.review.next_review, &p.review.basis) {
                (Some(PartialDate { day: Some(d), .. }), _) => DayRule::Day(*d),
                (_, Some(ReviewBasis::From)) => from.map_or(DayRule::LastWorkingDay, |s| s.day),
                _ => DayRule::LastWorkingDay,
            };
            p.review.schedule = Some(Schedule {
                period,
                day,
                first,
                holidays: self.holidays,
            });
        }
        if self.model.protocol.is_none() {
            self.model.protocol = Some(p);
        } else if self.file_documents == 1 {
            // The document of another file of a set.
            self.model.other_documents.push(p);
        } else {
            // Only the first protocol is kept; the names the others use are still uses.
            let refs = p
                .parties
                .into_iter()
                .chain(p.for_body)
                .chain(
                    p.agreed
                        .into_iter()
                        .flat_map(|s| std::iter::once(s.by).chain(s.recommended_by)),
                )
                .chain(p.signed.into_iter().map(|s| s.by));
            self.model.unattached.extend(refs);
        }
    }

    fn duty(&mut self, d: &ast::Decl, common: Common, id: &Name, epoch: Option<Date>, today: Date) {
        let mut duty = Duty {
            common,
            actor: None,
            co_actors: Vec::new(),
            each: false,
            to_others: false,
            alternatives: false,
            verb: None,
            delivers: false,
            modality: ast::Modality::Plain,
            standing: false,
            artefact: None,
            about: None,
            about_word: None,
            oversees: false,
            recipients: Vec::new(),
            cadence: None,
            trigger: None,
            receipt: None,
            meeting: None,
            deadline: None,
            order: Vec::new(),
            covers: Coverage::None,
            contains: Vec::new(),
            conditions: Vec::new(),
            next_due: None,
            action_span: None,
            incomplete: incomplete(d),
        };
        for p in d.props() {
            match &p.kind {
                PropKind::Action(a) => {
                    duty.action_span = Some(p.span);
                    // `each of GROUP`: the actor is a group.
                    let kinds = if a.each { GROUP } else { table::ACTOR };
                    let actor = a
                        .actor
                        .as_ref()
                        .map(|x| self.reference(x, kinds, Use::ActorOfDuty, id));
                    duty.each = a.each;
                    duty.to_others = a.to_others;
                    self.set(&mut duty.actor, actor);
                    let verb = self.verbs.get(a.verb.name.as_str()).copied();
                    if let Some(v) = verb {
                        duty.verb = Some(v.active);
                        duty.delivers = v.delivers;
                        duty.oversees = v.oversees;
                    }
                    duty.modality = a.modality;
                    duty.alternatives = a.alternatives;
                    let co = self.refs(&a.co_actors, table::ACTOR, Use::ActorOfDuty, id);
                    let old = std::mem::replace(&mut duty.co_actors, co);
                    self.model.unattached.extend(old);
                    // What the verb acts on: an artefact, or whatever its object may be.
                    let (kinds, what) = match verb {
                        Some(v) if v.object != table::ARTEFACT => (v.object, Use::ObjectOfDuty),
                        _ => (table::ARTEFACT, Use::ArtefactOfDuty),
                    };
                    let artefact = self.reference(&a.artefact, kinds, what, id);
                    self.set(&mut duty.artefact, Some(artefact));
                    let about_slot = verb.and_then(|v| v.about);
                    duty.about_word = about_slot.map(|(w, _)| w);
                    let about = match (&a.about, about_slot) {
                        (Some(x), Some((_, kinds))) => {
                            Some(self.reference(x, kinds, Use::AboutOfDuty, id))
                        }
                        _ => None,
                    };
                    self.set(&mut duty.about, about);
                    let recipients =
                        self.refs(&a.recipients, table::RECIPIENTS, Use::RecipientOfDuty, id);
                    let old = std::mem::replace(&mut duty.recipients, recipients);
                    self.model.unattached.extend(old);
                }
                PropKind::Schedule { cadence, anchor } => {
                    let at = Dated::Schedule(self.model.duties.len());
                    self.dated(at, cadence, anchor.as_deref());
                    duty.cadence = Some(resolve_cadence(
                        cadence,
                        anchor.as_deref(),
                        epoch,
                        today,
                        self.holidays,
                    ))
                }
                PropKind::Trigger(ast::Trigger::Event { event }) => {
                    let r = self.reference(event, slot(&p.kind), Use::TriggerOfDuty, id);
                    self.set(&mut duty.trigger, Some(r))
                }
                PropKind::Trigger(ast::Trigger::Receipt { duty: other }) => {
                    let r = self.reference(other, slot(&p.kind), Use::ReceiptOfDuty, id);
                    self.set(&mut duty.receipt, Some(r))
                }
                PropKind::Meeting { offset, body } => {
                    let body = self.reference(body, slot(&p.kind), Use::MeetingsOfDuty, id);
                    let old = duty.meeting.replace(MeetingTiming {
                        body,
                        offset: *offset,
                        span: p.span,
                    });
                    self.model.unattached.extend(old.map(|m| m.body));
                }
                PropKind::Deadline(dl) => {
                    duty.deadline = Some(match dl {
                        ast::Deadline::Within { n, unit } => Deadline {
                            text: format!("within {} {}", n.value, unit.name(n.value)),
                            days: Some(match unit {
                                ast::Unit::Day => n.value,
                                ast::Unit::Week => n.value.saturating_mul(7),
                                ast::Unit::Month => n.value.saturating_mul(30),
                                ast::Unit::Year => n.value.saturating_mul(365),
                                // Five working days take a calendar week.
                                ast::Unit::WorkingDay => n.value.saturating_mul(7).div_ceil(5),
                            }),
                            vague: false,
                            span: p.span,
                        },
                        ast::Deadline::Vague { phrase } => Deadline {
                            text: phrase.clone(),
                            days: None,
                            vague: true,
                            span: p.span,
                        },
                    })
                }
                PropKind::Order { dir, target, soft } => {
                    let target = self.reference(target, slot(&p.kind), Use::OrderingOfDuty, id);
                    duty.order.push(Order {
                        dir: *dir,
                        target,
                        soft: *soft,
                        span: p.span,
                    })
                }
                PropKind::Covers(ast::Covers::All) => {
                    if let Coverage::Topics(old) =
                        std::mem::replace(&mut duty.covers, Coverage::All)
                    {
                        self.model.unattached.extend(old);
                    }
                }
                PropKind::Covers(ast::Covers::Topics { topics }) => {
                    let refs = self.refs(topics, slot(&p.kind), Use::TopicOfDuty, id);
                    match &mut duty.covers {
                        Coverage::Topics(v) => v.extend(refs),
                        Coverage::All => self.model.unattached.extend(refs),
                        Coverage::None => duty.covers = Coverage::Topics(refs),
                    }
                }
                PropKind::Contains(s) => duty.contains.push(s.value.clone()),
                PropKind::Ongoing => duty.standing = true,
                PropKind::Condition { kind, text } => duty.conditions.push(match kind {
                    ast::ConditionKind::Unless => format!("unless {}", text.value),
                    ast::ConditionKind::OnlyIf => format!("only if {}", text.value),
                }),
                _ => {}
            }
        }
        duty.next_due = duty
            .cadence
            .as_ref()
            .and_then(|c| c.schedule.as_ref())
            .and_then(|s| s.next_on_or_after(today));
        // Large models are held whole: no spare room in the lists pushed to.
        duty.order.shrink_to_fit();
        duty.contains.shrink_to_fit();
        duty.conditions.shrink_to_fit();
        self.model.duties.push(duty);
    }
}

/// A cadence as written, normalised (`yearly`, `every 2 years`).
fn cadence_text(c: &ast::Cadence) -> String {
    match &c.kind {
        ast::CadenceKind::Word { word } => word.to_string(),
        ast::CadenceKind::Every { n: None, unit } => format!("every {}", unit.name(1)),
        ast::CadenceKind::Every { n: Some(n), unit } => {
            format!("every {} {}", n.value, unit.name(n.value))
        }
    }
}
