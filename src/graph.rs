//! The reporting graph: bodies, roles, escalation panels and ladder stages as nodes;
//! duties, seats, sub-group relations, standing reporting lines, escalation attendance and
//! the steps of a ladder as edges.
//! Built once from the model with petgraph and shared by the checks and the emitters.
//! Only resolved names make edges: an unknown name is reported by the name checks.

use crate::model::{Common, Model, Ref};
use crate::name::{FastMap, Name};
use crate::syntax::ast::{DeclKind, SeatKind};
use petgraph::graph::{DiGraph, NodeIndex};

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A party to the protocol (named in `between`).
    Party,
    /// A body declared without `external` that is not named in `between`.
    Body,
    /// A body outside the protocol.
    External,
    /// An office holder.
    Role,
    /// An escalation meeting, or the start of an escalation ladder.
    Escalation,
    /// One stage of an escalation ladder.
    Stage,
    /// A document of a set (a protocol or a terms of reference), drawn with the bodies it
    /// binds.
    Document,
}

/// A node of the reporting graph.
#[derive(Debug, Clone)]
pub struct Node {
    /// The declared name.
    pub id: Name,
    /// The title (or the name).
    pub label: Name,
    /// What it is.
    pub kind: NodeKind,
    /// The body it is a sub-group of, for drawing clusters.
    pub parent: Option<Name>,
}

/// What an edge stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    /// A duty: the actor sends or presents an artefact to a recipient.
    Duty,
    /// A standing reporting line (`reports to`).
    ReportsTo,
    /// Sub-group to parent body.
    SubgroupOf,
    /// Role to the body it chairs.
    Chair,
    /// Role to a body it is a member of.
    Member,
    /// Role to a body it observes (participating observer).
    Observer,
    /// Appointer to the role it appoints.
    Appoints,
    /// Attendee to an escalation meeting.
    Attends,
    /// Convenor to an escalation meeting.
    Convenes,
    /// An escalation to its first stage, and each stage to the next.
    Escalates,
    /// A document of a set to a body it binds: a party to a protocol, or the body a terms
    /// of reference constitutes (the label says which).
    Binds,
    /// Oversight: the actor of a duty scrutinises, challenges, monitors or holds to
    /// account the body or role that is the duty's object.
    Oversees,
}

/// An edge of the reporting graph.
#[derive(Debug, Clone)]
pub struct Edge {
    /// What it stands for.
    pub kind: EdgeKind,
    /// For duty edges: the duty's name.
    pub duty: Option<Name>,
    /// For duty edges: the artefact's name.
    pub artefact: Option<Name>,
    /// For duty edges: a short label ("annual report, yearly in september").
    pub label: Option<Name>,
}

/// The reporting graph with an index from names to nodes.
#[derive(Debug, Clone, Default)]
pub struct ReportingGraph {
    /// The petgraph graph.
    pub graph: DiGraph<Node, Edge>,
    /// Node of each body, role and escalation by name.
    pub index: FastMap<Name, NodeIndex>,
}

impl ReportingGraph {
    /// The node of a name.
    pub fn node(&self, name: &str) -> Option<NodeIndex> {
        self.index.get(name).copied()
    }

    /// The part of the graph one document of a set draws: the duties declared in it, the
    /// other edges of the nodes declared in it (seats, reporting lines, escalations), the
    /// nodes those join, and the document's parties or the body it constitutes. `here` says whether a declaration's span is in the document.
    pub fn restricted(
        &self,
        model: &Model,
        here: impl Fn(crate::source::Span) -> bool,
    ) -> ReportingGraph {
        let declared_here = |n: &Node| match model.common(&n.id) {
            Some(c) => here(c.span),
            // A stage of a ladder is its escalation's.
            None => n
                .parent
                .as_ref()
                .and_then(|p| model.common(p))
                .is_some_and(|c| here(c.span)),
        };
        use petgraph::visit::EdgeRef;
        let g = &self.graph;
        let mut keep_edge = vec![false; g.edge_count()];
        let mut keep_node: Vec<bool> = g.node_indices().map(|n| declared_here(&g[n])).collect();
        for e in g.edge_references() {
            let keep = match &e.weight().duty {
                Some(duty) => model.duty(duty).is_some_and(|d| here(d.common.span)),
                None => keep_node[e.source().index()] || keep_node[e.target().index()],
            };
            keep_edge[e.id().index()] = keep;
        }
        for e in g.edge_references().filter(|e| keep_edge[e.id().index()]) {
            keep_node[e.source().index()] = true;
            keep_node[e.target().index()] = true;
        }
        // The document's parties and the body it constitutes, wherever declared.
        for p in model.documents().filter(|p| here(p.common.span)) {
            for r in model.expand(&p.parties).into_iter().chain(&p.for_body) {
                if let Some(n) = self.node(&r.name) {
                    keep_node[n.index()] = true;
                }
            }
        }
        let graph = g.filter_map(
            |n, w| keep_node[n.index()].then(|| w.clone()),
            |e, w| keep_edge[e.index()].then(|| w.clone()),
        );
        let index = graph
            .node_indices()
            .map(|n| (graph[n].id.clone(), n))
            .collect();
        ReportingGraph { graph, index }
    }
}

fn plain(kind: EdgeKind) -> Edge {
    Edge {
        kind,
        duty: None,
        artefact: None,
        label: None,
    }
}

/// The graph while it is built, with the node of each body, role and escalation by its
/// position in the model's list: a resolved reference records that position, so edges are
/// drawn without looking names up.
struct Builder {
    g: ReportingGraph,
    bodies: Vec<NodeIndex>,
    roles: Vec<NodeIndex>,
    escalations: Vec<NodeIndex>,
}

impl Builder {
    /// The node a reference names, when it is resolved to a body, role or escalation.
    fn node_of(&self, r: &Ref) -> Option<NodeIndex> {
        if !r.is_resolved() {
            return None;
        }
        let (kind, i) = r.target()?;
        match kind {
            DeclKind::Body => self.bodies.get(i).copied(),
            DeclKind::Role => self.roles.get(i).copied(),
            DeclKind::Escalation => self.escalations.get(i).copied(),
            _ => None,
        }
    }

    fn add_node(&mut self, common: &Common, kind: NodeKind, parent: Option<Name>) -> NodeIndex {
        self.g.graph.add_node(Node {
            id: common.id.clone(),
            label: common.label_name().clone(),
            kind,
            parent,
        })
    }

    /// An edge from what `from` names to `to`.
    fn add(&mut self, from: &Ref, to: NodeIndex, edge: Edge) {
        if let Some(a) = self.node_of(from) {
            self.g.graph.add_edge(a, to, edge);
        }
    }

    /// An edge from `from` to what `to` names.
    fn add_to(&mut self, from: NodeIndex, to: &Ref, edge: Edge) {
        if let Some(b) = self.node_of(to) {
            self.g.graph.add_edge(from, b, edge);
        }
    }
}

/// Build the graph from the model.
pub fn build(model: &Model) -> ReportingGraph {
    let mut g = Builder {
        g: ReportingGraph::default(),
        bodies: Vec::with_capacity(model.bodies.len()),
        roles: Vec::with_capacity(model.roles.len()),
        escalations: Vec::with_capacity(model.escalations.len()),
    };
    for b in &model.bodies {
        let kind = if b.external {
            NodeKind::External
        } else if b.party {
            NodeKind::Party
        } else {
            NodeKind::Body
        };
        let parent = b
            .subgroup_of
            .as_ref()
            .filter(|r| r.is_resolved())
            .map(|r| r.name.clone());
        let n = g.add_node(&b.common, kind, parent);
        g.bodies.push(n);
    }
    for r in &model.roles {
        let n = g.add_node(&r.common, NodeKind::Role, None);
        g.roles.push(n);
    }
    // Each escalation's stages follow it, so a drawing in node order shows the ladder
    // in order.
    let mut stages: Vec<Vec<NodeIndex>> = Vec::with_capacity(model.escalations.len());
    for e in &model.escalations {
        let n = g.add_node(&e.common, NodeKind::Escalation, None);
        g.escalations.push(n);
        let mut ladder = Vec::with_capacity(e.stages.len());
        let mut prev = n;
        for (i, s) in e.stages.iter().enumerate() {
            let node = g.g.graph.add_node(Node {
                // A `.` keeps it apart from every declared name.
                id: Name::new(&format!("{}.stage.{}", e.common.id, i + 1)),
                label: Name::new(&stage_label(s)),
                kind: NodeKind::Stage,
                parent: None,
            });
            let mut edge = plain(EdgeKind::Escalates);
            edge.label = s.trigger.clone();
            g.g.graph.add_edge(prev, node, edge);
            prev = node;
            ladder.push(node);
        }
        stages.push(ladder);
    }
    // In a set, each document, joined to the bodies it binds.
    if model.files.len() > 1 {
        for p in model.documents() {
            let n = g.add_node(&p.common, NodeKind::Document, None);
            let mut binds = |r: &Ref, word: &str| {
                let mut e = plain(EdgeKind::Binds);
                e.label = Some(Name::new(word));
                g.add_to(n, r, e);
            };
            for r in model.expand(&p.parties) {
                binds(r, "party");
            }
            if let Some(r) = &p.for_body {
                binds(r, "constitutes");
            }
        }
    }
    // The lists of nodes are in model order: the node of the i-th body is `bodies[i]`.
    let nodes = |list: &[NodeIndex], i: usize| list.get(i).copied();
    for (i, b) in model.bodies.iter().enumerate() {
        let Some(n) = nodes(&g.bodies, i) else {
            continue;
        };
        if let Some(p) = &b.subgroup_of {
            g.add_to(n, p, plain(EdgeKind::SubgroupOf));
        }
        for t in &b.reports_to {
            g.add_to(n, t, plain(EdgeKind::ReportsTo));
        }
    }
    for (i, r) in model.roles.iter().enumerate() {
        let Some(n) = nodes(&g.roles, i) else {
            continue;
        };
        for s in &r.seats {
            let kind = match s.seat {
                SeatKind::Chair | SeatKind::CoChair => EdgeKind::Chair,
                SeatKind::ViceChair | SeatKind::Member => EdgeKind::Member,
                SeatKind::Observer => EdgeKind::Observer,
                SeatKind::Attends => EdgeKind::Attends,
            };
            g.add_to(n, &s.body, plain(kind));
        }
        for a in &r.appointed_by {
            g.add(a, n, plain(EdgeKind::Appoints));
        }
    }
    for (i, e) in model.escalations.iter().enumerate() {
        let Some(n) = nodes(&g.escalations, i) else {
            continue;
        };
        for a in model.expand(&e.attended_by) {
            g.add(a, n, plain(EdgeKind::Attends));
        }
        if let Some(c) = &e.convened_by {
            g.add(c, n, plain(EdgeKind::Convenes));
        }
        for (s, &node) in e.stages.iter().zip(stages.get(i).into_iter().flatten()) {
            for a in model.expand(&s.participants) {
                g.add(a, node, plain(EdgeKind::Attends));
            }
        }
    }
    let mut to: Vec<NodeIndex> = Vec::new();
    for d in &model.duties {
        // A joint duty: an edge from each of its actors (each member of a group, for
        // `each of GROUP`).
        for (actor, recipients) in model.deliveries(d) {
            if !actor.is_resolved() {
                continue;
            }
            let Some(from) = g.node_of(actor) else {
                continue;
            };
            to.clear();
            to.extend(recipients.into_iter().filter_map(|r| g.node_of(r)));
            if to.is_empty() {
                continue;
            }
            let artefact = d.artefact.as_ref().map(|a| a.name.clone());
            let artefact_label = d
                .artefact
                .as_ref()
                .and_then(|a| model.common_of(a))
                .map(|c| c.label_name())
                .or(artefact.as_ref());
            let text = artefact_label.map_or("", |l| l.as_str());
            let label = match (&d.cadence, &d.trigger) {
                (Some(c), _) => Name::new(&format!("{text}, {}", c.text)),
                (None, Some(t)) => Name::new(&format!("{text}, when {}", t.name)),
                (None, None) => artefact_label.cloned().unwrap_or_else(|| Name::new("")),
            };
            for &b in &to {
                let edge = Edge {
                    kind: EdgeKind::Duty,
                    duty: Some(d.common.id.clone()),
                    artefact: artefact.clone(),
                    label: Some(label.clone()),
                };
                g.g.graph.add_edge(from, b, edge);
            }
        }
    }
    // Oversight: from each actor to the body, role or group's bodies it oversees.
    for d in model.duties.iter().filter(|d| d.oversees) {
        let Some(object) = d.artefact.as_ref().filter(|o| o.is_resolved()) else {
            continue;
        };
        let overseen: Vec<NodeIndex> = model
            .expand(std::slice::from_ref(object))
            .into_iter()
            .filter_map(|r| g.node_of(r))
            .collect();
        let verb = match d.verb {
            Some("holds") => "holds to account",
            Some(v) => v,
            None => "oversees",
        };
        for actor in d.actor.iter().chain(&d.co_actors) {
            let Some(from) = g.node_of(actor).filter(|_| actor.is_resolved()) else {
                continue;
            };
            for &b in &overseen {
                let edge = Edge {
                    kind: EdgeKind::Oversees,
                    duty: Some(d.common.id.clone()),
                    artefact: None,
                    label: Some(Name::new(verb)),
                };
                g.g.graph.add_edge(from, b, edge);
            }
        }
    }
    let mut out = g.g;
    // By name, for the emitters: the last node of a name wins.
    out.index.reserve(out.graph.node_count());
    for n in out.graph.node_indices() {
        out.index.insert(out.graph[n].id.clone(), n);
    }
    out
}

/// A stage's label: `Stage 2: Managers (within 5 working days)`.
fn stage_label(s: &crate::model::Stage) -> String {
    let mut t = format!("Stage {}", s.number);
    if let Some(title) = &s.title {
        t.push_str(&format!(": {title}"));
    }
    if let Some(l) = &s.limit {
        t.push_str(&format!(" (within {})", l.text()));
    }
    t
}

/// The roles that hold a seat of one of `seats` on `body`, in declaration order.
pub fn seated(model: &Model, body: &str, seats: &[SeatKind]) -> Vec<Name> {
    model.seated(body, seats)
}
