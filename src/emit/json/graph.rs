//! The reporting graph as the JSON output publishes it: types of the output's own,
//! built from [`ReportingGraph`], so the graph's internals may change without changing
//! the published JSON.

use crate::graph::{self as g, ReportingGraph};
use schemars::JsonSchema;
use serde::Serialize;

/// What a node stands for.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
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
    /// One stage of an escalation ladder (its id is the escalation's, `.stage.`, and its
    /// position).
    Stage,
    /// A document of a set (its id is the document's name).
    Document,
}

impl From<g::NodeKind> for NodeKind {
    fn from(k: g::NodeKind) -> NodeKind {
        match k {
            g::NodeKind::Party => NodeKind::Party,
            g::NodeKind::Body => NodeKind::Body,
            g::NodeKind::External => NodeKind::External,
            g::NodeKind::Role => NodeKind::Role,
            g::NodeKind::Escalation => NodeKind::Escalation,
            g::NodeKind::Stage => NodeKind::Stage,
            g::NodeKind::Document => NodeKind::Document,
        }
    }
}

/// A node of the reporting graph.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Node {
    /// The declared name.
    pub id: String,
    /// The title (or the name).
    pub label: String,
    /// What it is.
    pub kind: NodeKind,
    /// The body it is a sub-group of, for drawing clusters.
    pub parent: Option<String>,
}

impl From<&g::Node> for Node {
    fn from(n: &g::Node) -> Node {
        Node {
            id: n.id.to_string(),
            label: n.label.to_string(),
            kind: n.kind.into(),
            parent: n.parent.as_ref().map(ToString::to_string),
        }
    }
}

/// What an edge stands for.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
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
    /// An escalation to its first stage, and each stage to the next (labelled with what
    /// brings the concern to it, when written).
    Escalates,
    /// Oversight: the actor scrutinises, challenges, monitors or holds to account the
    /// body or role (labelled with the verb; `duty` names the duty).
    Oversees,
    /// A document of a set to a body it binds (labelled `party` or `constitutes`).
    Binds,
}

impl From<g::EdgeKind> for EdgeKind {
    fn from(k: g::EdgeKind) -> EdgeKind {
        match k {
            g::EdgeKind::Duty => EdgeKind::Duty,
            g::EdgeKind::ReportsTo => EdgeKind::ReportsTo,
            g::EdgeKind::SubgroupOf => EdgeKind::SubgroupOf,
            g::EdgeKind::Chair => EdgeKind::Chair,
            g::EdgeKind::Member => EdgeKind::Member,
            g::EdgeKind::Observer => EdgeKind::Observer,
            g::EdgeKind::Appoints => EdgeKind::Appoints,
            g::EdgeKind::Attends => EdgeKind::Attends,
            g::EdgeKind::Convenes => EdgeKind::Convenes,
            g::EdgeKind::Escalates => EdgeKind::Escalates,
            g::EdgeKind::Oversees => EdgeKind::Oversees,
            g::EdgeKind::Binds => EdgeKind::Binds,
        }
    }
}

/// An edge of the reporting graph.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Edge {
    /// What it stands for.
    pub kind: EdgeKind,
    /// For duty edges: the duty's name.
    pub duty: Option<String>,
    /// For duty edges: the artefact's name.
    pub artefact: Option<String>,
    /// For duty edges: a short label ("annual report, yearly in september").
    pub label: Option<String>,
}

impl From<&g::Edge> for Edge {
    fn from(e: &g::Edge) -> Edge {
        Edge {
            kind: e.kind.into(),
            duty: e.duty.as_ref().map(ToString::to_string),
            artefact: e.artefact.as_ref().map(ToString::to_string),
            label: e.label.as_ref().map(ToString::to_string),
        }
    }
}

/// The graph as JSON: nodes and edges by name.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct GraphJson {
    /// Every node.
    pub nodes: Vec<Node>,
    /// Every edge.
    pub edges: Vec<EdgeJson>,
}

/// An edge as JSON.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EdgeJson {
    /// The source node's name.
    pub from: String,
    /// The target node's name.
    pub to: String,
    /// The edge.
    #[serde(flatten)]
    pub edge: Edge,
}

impl From<&ReportingGraph> for GraphJson {
    /// Nodes and edges in the graph's own (stable) order.
    fn from(graph: &ReportingGraph) -> GraphJson {
        let g = &graph.graph;
        GraphJson {
            nodes: g.node_weights().map(Node::from).collect(),
            edges: g
                .edge_indices()
                .filter_map(|e| {
                    let (a, b) = g.edge_endpoints(e)?;
                    Some(EdgeJson {
                        from: g[a].id.to_string(),
                        to: g[b].id.to_string(),
                        edge: (&g[e]).into(),
                    })
                })
                .collect(),
        }
    }
}
