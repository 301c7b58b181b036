//! Property-graph exports of the entity view: GraphML (Gephi, yEd, networkx,
//! igraph), GEXF 1.3 with the viz extension and spells (Gephi's timeline),
//! Neo4j `neo4j-admin database import` CSV, and a Cypher script.
//!
//! Colours by class, the vocabulary's fixed palette (Tableau 10 and two
//! more, [`crate::model::vocab::CLASSES`]).

use super::view::{Figure, GraphView, ViewNode};
use crate::model::stmts::clean_literal;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

pub use crate::model::vocab::core_class;

/// The colour of a class (`model::vocab`'s palette).
pub fn color(class: &str) -> (u8, u8, u8) {
    crate::model::vocab::colour(class)
}

/// Degree of every node id.
pub fn degrees(view: &GraphView) -> BTreeMap<&str, usize> {
    let mut d: BTreeMap<&str, usize> = view.nodes.iter().map(|n| (n.iri.as_str(), 0)).collect();
    for e in &view.edges {
        *d.entry(e.source.as_str()).or_default() += 1;
        *d.entry(e.target.as_str()).or_default() += 1;
    }
    d
}

/// The figure columns: the most frequent (indicator, unit) pairs among the
/// figures of the view's nodes, at most `max`, in a fixed order.
pub fn figure_columns(view: &GraphView, max: usize) -> Vec<(String, String)> {
    let mut count: rustc_hash::FxHashMap<(&str, &str), usize> = Default::default();
    let mut seen: rustc_hash::FxHashSet<(&str, &str)> = Default::default();
    for n in &view.nodes {
        seen.clear();
        for f in n.figures.iter().filter(|f| f.value.is_some() && !f.indicator.is_empty()) {
            let k = (f.indicator.as_str(), f.unit.as_deref().unwrap_or(""));
            if seen.insert(k) {
                *count.entry(k).or_default() += 1;
            }
        }
    }
    let mut v: Vec<((&str, &str), usize)> = count.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter().take(max).map(|((i, u), _)| (i.to_string(), u.to_string())).collect()
}

/// The latest value of a figure column for a node (latest year; the largest
/// value when no year is known).
fn latest<'a>(n: &'a ViewNode, col: &(String, String)) -> Option<&'a Figure> {
    n.figures
        .iter()
        .filter(|f| f.value.is_some() && f.indicator == col.0 && f.unit.clone().unwrap_or_default() == col.1)
        .max_by(|a, b| a.year.cmp(&b.year).then(a.value.partial_cmp(&b.value).unwrap_or(std::cmp::Ordering::Equal)))
}

/// A figure column's title: `工业总产值 (亿元)`.
pub fn column_title(col: &(String, String)) -> String {
    if col.1.is_empty() {
        col.0.clone()
    } else {
        format!("{} ({})", col.0, col.1)
    }
}

/// An XML name token (GraphML's `attr.name`): letters and digits of any
/// script, `.`, `-`, `_`; anything else becomes `_`. `工业总产值 (亿元)` → `工业总产值_亿元`.
pub fn name_token(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let t = out.trim_matches('_').to_string();
    if t.is_empty() {
        "_".into()
    } else {
        t
    }
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}

fn join(s: &BTreeSet<String>) -> String {
    s.iter().cloned().collect::<Vec<_>>().join("|")
}

fn xerr(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

type Xw<'a> = Writer<&'a mut dyn Write>;

fn data(xw: &mut Xw, key: &str, val: &str) -> io::Result<()> {
    let mut d = BytesStart::new("data");
    d.push_attribute(("key", key));
    xw.write_event(Event::Start(d))?;
    xw.write_event(Event::Text(BytesText::new(&clean_literal(val))))?;
    xw.write_event(Event::End(BytesEnd::new("data")))?;
    Ok(())
}

/// Writes items in chunks in parallel, each chunk with a writer indented as
/// the children of `<graphml><graph>` are; returns the chunks in order. The
/// closure gets the item's index in the whole list.
fn in_chunks<T: Sync>(items: &[T], f: impl Fn(&mut Xw, usize, &T) -> io::Result<()> + Sync) -> io::Result<Vec<Vec<u8>>> {
    use rayon::prelude::*;
    const N: usize = 2048;
    items
        .par_chunks(N)
        .enumerate()
        .map(|(k, chunk)| {
            let mut buf: Vec<u8> = Vec::new();
            {
                let w: &mut dyn Write = &mut buf;
                let mut xw = Writer::new_with_indent(w, b' ', 1);
                xw.write_event(Event::Start(BytesStart::new("graphml")))?;
                xw.write_event(Event::Start(BytesStart::new("graph")))?;
                for (j, item) in chunk.iter().enumerate() {
                    f(&mut xw, k * N + j, item)?;
                }
            }
            // cut off the two wrappers
            let cut = buf.windows(7).position(|w| w == b"<graph>").map(|p| p + 7).unwrap_or(0);
            Ok(buf.split_off(cut))
        })
        .collect()
}

fn graphml_node(xw: &mut Xw, n: &super::view::ViewNode, cols: &[(String, String)]) -> io::Result<()> {
    let mut e = BytesStart::new("node");
    e.push_attribute(("id", n.id.as_str()));
    xw.write_event(Event::Start(e))?;
    data(xw, "label", &n.label)?;
    data(xw, "type", n.class())?;
    data(xw, "iri", &n.iri)?;
    data(xw, "aliases", &join(&n.aliases))?;
    data(xw, "mentions", &n.mentions.to_string())?;
    data(xw, "articles", &join(&n.articles))?;
    data(xw, "posts", &join(&n.posts))?;
    let summary: Vec<String> = n
        .figures
        .iter()
        .map(|f| {
            let mut s = f.indicator.clone();
            if let Some(v) = f.value {
                s.push_str(&format!(" {v}{}", f.unit.clone().unwrap_or_default()));
            }
            if let Some(g) = f.growth {
                s.push_str(&format!(" 增长{g}%"));
            }
            if let Some(p) = &f.period {
                s.push_str(&format!(" ({p})"));
            }
            s
        })
        .collect();
    if !summary.is_empty() {
        data(xw, "figures", &summary.join("|"))?;
    }
    for (i, col) in cols.iter().enumerate() {
        if let Some(v) = latest(n, col).and_then(|f| f.value) {
            data(xw, &format!("fig{i}"), &num(v))?;
        }
    }
    xw.write_event(Event::End(BytesEnd::new("node")))?;
    Ok(())
}

/// GraphML: one node per entity (ids derived from the IRI, the IRI a data
/// field), every key declared before the graph with `for` and a primitive
/// type, the zones' latest figures as typed (double) attributes.
pub fn write_graphml(view: &GraphView, w: &mut dyn Write) -> io::Result<()> {
    let mut xw = Writer::new_with_indent(w, b' ', 1);
    xw.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("graphml");
    root.push_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"));
    root.push_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"));
    root.push_attribute(("xsi:schemaLocation", "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"));
    xw.write_event(Event::Start(root))?;
    let cols = figure_columns(view, 24);
    let mut keys: Vec<(String, &str, String, &str)> = vec![
        ("label".into(), "node", "label".into(), "string"),
        ("type".into(), "node", "type".into(), "string"),
        ("iri".into(), "node", "iri".into(), "string"),
        ("aliases".into(), "node", "aliases".into(), "string"),
        ("mentions".into(), "node", "mentions".into(), "int"),
        ("articles".into(), "node", "articles".into(), "string"),
        ("posts".into(), "node", "posts".into(), "string"),
        ("figures".into(), "node", "figures".into(), "string"),
    ];
    for (i, col) in cols.iter().enumerate() {
        keys.push((format!("fig{i}"), "node", name_token(&column_title(col)), "double"));
    }
    keys.extend([
        ("elabel".into(), "edge", "label".into(), "string"),
        ("relation".into(), "edge", "relation".into(), "string"),
        ("weight".into(), "edge", "weight".into(), "double"),
        ("earticles".into(), "edge", "articles".into(), "string"),
    ]);
    for (id, for_, name, ty) in &keys {
        let mut k = BytesStart::new("key");
        k.push_attribute(("id", id.as_str()));
        k.push_attribute(("for", *for_));
        k.push_attribute(("attr.name", name.as_str()));
        k.push_attribute(("attr.type", *ty));
        xw.write_event(Event::Empty(k))?;
    }
    let mut g = BytesStart::new("graph");
    g.push_attribute(("id", "zonekg"));
    g.push_attribute(("edgedefault", "directed"));
    xw.write_event(Event::Start(g))?;
    let ids: rustc_hash::FxHashMap<&str, &str> = view.nodes.iter().map(|n| (n.iri.as_str(), n.id.as_str())).collect();
    // nodes and edges are written in chunks in parallel (in the caller's
    // rayon pool), each chunk by a writer at the same depth, then in order
    let node_chunks = in_chunks(&view.nodes, |xw, _, n| graphml_node(xw, n, &cols))?;
    let edge_chunks = in_chunks(&view.edges, |xw, i, e| {
        let (Some(s), Some(t)) = (ids.get(e.source.as_str()), ids.get(e.target.as_str())) else { return Ok(()) };
        let mut x = BytesStart::new("edge");
        let id = format!("e{i}");
        x.push_attribute(("id", id.as_str()));
        x.push_attribute(("source", *s));
        x.push_attribute(("target", *t));
        xw.write_event(Event::Start(x))?;
        data(xw, "elabel", &e.label)?;
        data(xw, "relation", &e.relation)?;
        data(xw, "weight", &num(e.weight as f64))?;
        data(xw, "earticles", &join(&e.articles))?;
        xw.write_event(Event::End(BytesEnd::new("edge")))?;
        Ok(())
    })?;
    for c in node_chunks.iter().chain(&edge_chunks) {
        xw.get_mut().write_all(c)?;
    }
    xw.write_event(Event::End(BytesEnd::new("graph")))?;
    xw.write_event(Event::End(BytesEnd::new("graphml")))?;
    writeln!(xw.get_mut())?;
    Ok(())
}

/// GEXF 1.3 with the viz extension: colour by class, size by degree, typed
/// attributes declared in `<attributes>`, and the years of figures and
/// articles as spells (figures also as dynamic attribute values) so Gephi's
/// timeline can play the zones' growth.
pub fn write_gexf(view: &GraphView, w: &mut dyn Write) -> io::Result<()> {
    let mut xw = Writer::new_with_indent(w, b' ', 1);
    let dynamic = view.nodes.iter().any(|n| !n.years.is_empty());
    gexf_open(&mut xw, dynamic)?;
    let cols = figure_columns(view, 24);
    gexf_attribute_decls(&mut xw, &cols, dynamic)?;
    let deg = degrees(view);
    let mut nodes = BytesStart::new("nodes");
    let count = view.nodes.len().to_string();
    nodes.push_attribute(("count", count.as_str()));
    xw.write_event(Event::Start(nodes))?;
    for n in &view.nodes {
        gexf_node(&mut xw, n, &cols, dynamic, deg.get(n.iri.as_str()).copied().unwrap_or(0))?;
    }
    xw.write_event(Event::End(BytesEnd::new("nodes")))?;
    gexf_edges(&mut xw, view, dynamic)?;
    xw.write_event(Event::End(BytesEnd::new("graph")))?;
    xw.write_event(Event::End(BytesEnd::new("gexf")))?;
    writeln!(xw.get_mut())?;
    Ok(())
}

/// The declaration, `<gexf>`, `<meta>` and the opening `<graph>`.
fn gexf_open(xw: &mut Xw, dynamic: bool) -> io::Result<()> {
    xw.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("gexf");
    root.push_attribute(("xmlns", "http://gexf.net/1.3"));
    root.push_attribute(("xmlns:viz", "http://gexf.net/1.3/viz"));
    root.push_attribute(("version", "1.3"));
    xw.write_event(Event::Start(root))?;
    xw.write_event(Event::Start(BytesStart::new("meta")))?;
    for (el, text) in [("creator", "zonekg"), ("description", "Knowledge graph of development-zone news (entities view)")] {
        xw.write_event(Event::Start(BytesStart::new(el)))?;
        xw.write_event(Event::Text(BytesText::new(text)))?;
        xw.write_event(Event::End(BytesEnd::new(el)))?;
    }
    xw.write_event(Event::End(BytesEnd::new("meta")))?;
    let mut g = BytesStart::new("graph");
    g.push_attribute(("defaultedgetype", "directed"));
    if dynamic {
        g.push_attribute(("mode", "dynamic"));
        g.push_attribute(("timeformat", "integer"));
    } else {
        g.push_attribute(("mode", "static"));
    }
    xw.write_event(Event::Start(g))?;
    Ok(())
}

/// The node attributes (static ones, and in a dynamic graph the figures as
/// time series) and the edge attributes.
fn gexf_attribute_decls(xw: &mut Xw, cols: &[(String, String)], dynamic: bool) -> io::Result<()> {
    // node attributes: static ones, and (in a dynamic graph) the figures as time series
    let mut static_attrs: Vec<(String, String, &str)> = vec![
        ("type".into(), "type".into(), "string"),
        ("iri".into(), "iri".into(), "string"),
        ("aliases".into(), "aliases".into(), "string"),
        ("mentions".into(), "mentions".into(), "integer"),
        ("articles".into(), "articles".into(), "string"),
        ("posts".into(), "posts".into(), "string"),
    ];
    for (i, col) in cols.iter().enumerate() {
        static_attrs.push((format!("fig{i}"), column_title(col), "double"));
    }
    let dynamic_attrs: Vec<(String, String, &str)> =
        if dynamic { cols.iter().enumerate().map(|(i, col)| (format!("fig{i}t"), format!("{} / year", column_title(col)), "double")).collect() } else { Vec::new() };
    for (mode, attrs) in [("static", &static_attrs), ("dynamic", &dynamic_attrs)] {
        if attrs.is_empty() {
            continue;
        }
        let mut na = BytesStart::new("attributes");
        na.push_attribute(("class", "node"));
        na.push_attribute(("mode", mode));
        xw.write_event(Event::Start(na))?;
        for (id, title, ty) in attrs.iter() {
            let mut a = BytesStart::new("attribute");
            a.push_attribute(("id", id.as_str()));
            a.push_attribute(("title", title.as_str()));
            a.push_attribute(("type", *ty));
            xw.write_event(Event::Empty(a))?;
        }
        xw.write_event(Event::End(BytesEnd::new("attributes")))?;
    }
    let mut ea = BytesStart::new("attributes");
    ea.push_attribute(("class", "edge"));
    ea.push_attribute(("mode", "static"));
    xw.write_event(Event::Start(ea))?;
    for (id, ty) in [("relation", "string"), ("articles", "string")] {
        let mut a = BytesStart::new("attribute");
        a.push_attribute(("id", id));
        a.push_attribute(("title", id));
        a.push_attribute(("type", ty));
        xw.write_event(Event::Empty(a))?;
    }
    xw.write_event(Event::End(BytesEnd::new("attributes")))?;
    Ok(())
}

fn gexf_attvalue(xw: &mut Xw, id: &str, v: &str, year: Option<i32>) -> io::Result<()> {
    let mut a = BytesStart::new("attvalue");
    a.push_attribute(("for", id));
    let v = clean_literal(v);
    a.push_attribute(("value", v.as_str()));
    let ys = year.map(|y| y.to_string());
    if let Some(y) = &ys {
        a.push_attribute(("start", y.as_str()));
        a.push_attribute(("end", y.as_str()));
    }
    xw.write_event(Event::Empty(a))?;
    Ok(())
}

fn gexf_spells(xw: &mut Xw, years: &BTreeSet<i32>) -> io::Result<()> {
    if years.is_empty() {
        return Ok(());
    }
    xw.write_event(Event::Start(BytesStart::new("spells")))?;
    for y in years {
        let ys = y.to_string();
        let mut s = BytesStart::new("spell");
        s.push_attribute(("start", ys.as_str()));
        s.push_attribute(("end", ys.as_str()));
        xw.write_event(Event::Empty(s))?;
    }
    xw.write_event(Event::End(BytesEnd::new("spells")))?;
    Ok(())
}

/// A node: its attributes, figures (latest, and per year), spells, colour and size.
fn gexf_node(xw: &mut Xw, n: &ViewNode, cols: &[(String, String)], dynamic: bool, degree: usize) -> io::Result<()> {
    let mut e = BytesStart::new("node");
    e.push_attribute(("id", n.id.as_str()));
    let label = clean_literal(&n.label);
    e.push_attribute(("label", label.as_str()));
    xw.write_event(Event::Start(e))?;
    xw.write_event(Event::Start(BytesStart::new("attvalues")))?;
    gexf_attvalue(xw, "type", n.class(), None)?;
    gexf_attvalue(xw, "iri", &n.iri, None)?;
    gexf_attvalue(xw, "aliases", &join(&n.aliases), None)?;
    gexf_attvalue(xw, "mentions", &n.mentions.to_string(), None)?;
    gexf_attvalue(xw, "articles", &join(&n.articles), None)?;
    gexf_attvalue(xw, "posts", &join(&n.posts), None)?;
    for (i, col) in cols.iter().enumerate() {
        // one value per year (the timeline), or the latest when no year is known
        let mut by_year: BTreeMap<Option<i32>, f64> = BTreeMap::new();
        for f in n.figures.iter().filter(|f| f.indicator == col.0 && f.unit.clone().unwrap_or_default() == col.1) {
            if let Some(v) = f.value {
                let e = by_year.entry(f.year).or_insert(v);
                *e = e.max(v);
            }
        }
        if let Some(v) = latest(n, col).and_then(|f| f.value) {
            gexf_attvalue(xw, &format!("fig{i}"), &num(v), None)?;
        }
        if dynamic {
            for (y, v) in by_year.iter().filter_map(|(y, v)| y.map(|y| (y, *v))) {
                gexf_attvalue(xw, &format!("fig{i}t"), &num(v), Some(y))?;
            }
        }
    }
    xw.write_event(Event::End(BytesEnd::new("attvalues")))?;
    gexf_spells(xw, &n.years)?;
    let (r, g, b) = color(n.class());
    let mut c = BytesStart::new("viz:color");
    let (rs, gs, bs) = (r.to_string(), g.to_string(), b.to_string());
    c.push_attribute(("r", rs.as_str()));
    c.push_attribute(("g", gs.as_str()));
    c.push_attribute(("b", bs.as_str()));
    xw.write_event(Event::Empty(c))?;
    let size = 6.0 + 4.0 * (degree as f64).sqrt();
    let mut sz = BytesStart::new("viz:size");
    let ss = format!("{size:.2}");
    sz.push_attribute(("value", ss.as_str()));
    xw.write_event(Event::Empty(sz))?;
    xw.write_event(Event::End(BytesEnd::new("node")))?;
    Ok(())
}

fn gexf_edges(xw: &mut Xw, view: &GraphView, dynamic: bool) -> io::Result<()> {
    let ids: BTreeMap<&str, &str> = view.nodes.iter().map(|n| (n.iri.as_str(), n.id.as_str())).collect();
    let edges: Vec<_> = view.edges.iter().filter(|e| ids.contains_key(e.source.as_str()) && ids.contains_key(e.target.as_str())).collect();
    let mut es = BytesStart::new("edges");
    let ecount = edges.len().to_string();
    es.push_attribute(("count", ecount.as_str()));
    xw.write_event(Event::Start(es))?;
    for (i, e) in edges.iter().enumerate() {
        let mut x = BytesStart::new("edge");
        let id = format!("e{i}");
        x.push_attribute(("id", id.as_str()));
        x.push_attribute(("source", ids[e.source.as_str()]));
        x.push_attribute(("target", ids[e.target.as_str()]));
        let label = clean_literal(&e.label);
        x.push_attribute(("label", label.as_str()));
        let wv = num(e.weight as f64);
        x.push_attribute(("weight", wv.as_str()));
        xw.write_event(Event::Start(x))?;
        xw.write_event(Event::Start(BytesStart::new("attvalues")))?;
        gexf_attvalue(xw, "relation", &e.relation, None)?;
        gexf_attvalue(xw, "articles", &join(&e.articles), None)?;
        xw.write_event(Event::End(BytesEnd::new("attvalues")))?;
        if dynamic {
            gexf_spells(xw, &e.years)?;
        }
        xw.write_event(Event::End(BytesEnd::new("edge")))?;
    }
    xw.write_event(Event::End(BytesEnd::new("edges")))?;
    Ok(())
}

fn rel_type(relation: &str) -> String {
    let local = relation.rsplit('#').next().unwrap_or(relation);
    if local == "Position" {
        return "HOLDS_POST".into();
    }
    let mut out = String::new();
    for (i, c) in local.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

fn labels_of(n: &ViewNode) -> String {
    let mut ls: BTreeSet<&str> = n.classes.iter().map(String::as_str).collect();
    ls.insert(core_class(n.class()));
    ls.remove("Entity");
    ls.into_iter().collect::<Vec<_>>().join(";")
}

/// Neo4j bulk-import CSV: `graph.nodes.csv` and `graph.relationships.csv` with
/// the headers `neo4j-admin database import` expects (`id:ID`, `:LABEL`,
/// `:START_ID`, `:END_ID`, `:TYPE`; arrays split on `;`).
pub fn write_neo4j_nodes(view: &GraphView, w: &mut dyn Write) -> io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record(["id:ID", "name", ":LABEL", "iri", "aliases:string[]", "mentions:int", "articles:string[]", "posts:string[]"]).map_err(xerr)?;
    let list = |v: &BTreeSet<String>| v.iter().map(|a| clean_literal(a).replace(';', "；")).collect::<Vec<_>>().join(";");
    for n in &view.nodes {
        c.write_record([n.id.as_str(), &clean_literal(&n.label), &labels_of(n), &n.iri, &list(&n.aliases), &n.mentions.to_string(), &list(&n.articles), &list(&n.posts)]).map_err(xerr)?;
    }
    c.flush()?;
    Ok(())
}

pub fn write_neo4j_relationships(view: &GraphView, w: &mut dyn Write) -> io::Result<()> {
    let ids: BTreeMap<&str, &str> = view.nodes.iter().map(|n| (n.iri.as_str(), n.id.as_str())).collect();
    let mut c = csv::Writer::from_writer(w);
    c.write_record([":START_ID", ":END_ID", ":TYPE", "label", "relation", "weight:float", "articles:string[]"]).map_err(xerr)?;
    for e in &view.edges {
        let (Some(s), Some(t)) = (ids.get(e.source.as_str()), ids.get(e.target.as_str())) else { continue };
        let arts = e.articles.iter().cloned().collect::<Vec<_>>().join(";");
        c.write_record([*s, *t, &rel_type(&e.relation), &clean_literal(&e.label), &e.relation, &num(e.weight as f64), &arts]).map_err(xerr)?;
    }
    c.flush()?;
    Ok(())
}

fn cypher_str(s: &str) -> String {
    let mut o = String::from("'");
    for ch in clean_literal(s).chars() {
        match ch {
            '\'' => o.push_str("\\'"),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            c => o.push(c),
        }
    }
    o.push('\'');
    o
}

/// A Cypher script: a uniqueness constraint, then MERGE statements, so it can
/// be run again on the same database.
pub fn write_cypher(view: &GraphView, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "// zonekg graph: run with cypher-shell -f graph.cypher")?;
    writeln!(w, "CREATE CONSTRAINT zonekg_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;")?;
    for n in &view.nodes {
        let labels: String = labels_of(n).split(';').map(|l| format!(":{l}")).collect();
        let list = |v: &BTreeSet<String>| v.iter().map(|a| cypher_str(a)).collect::<Vec<_>>().join(", ");
        writeln!(
            w,
            "MERGE (n:Entity {{id: {}}}) SET n{labels}, n.name = {}, n.iri = {}, n.aliases = [{}], n.mentions = {}, n.posts = [{}];",
            cypher_str(&n.id),
            cypher_str(&n.label),
            cypher_str(&n.iri),
            list(&n.aliases),
            n.mentions,
            list(&n.posts)
        )?;
    }
    let ids: BTreeMap<&str, &str> = view.nodes.iter().map(|n| (n.iri.as_str(), n.id.as_str())).collect();
    for e in &view.edges {
        let (Some(s), Some(t)) = (ids.get(e.source.as_str()), ids.get(e.target.as_str())) else { continue };
        writeln!(
            w,
            "MATCH (a:Entity {{id: {}}}), (b:Entity {{id: {}}}) MERGE (a)-[r:{} {{label: {}}}]->(b) SET r.weight = {}, r.relation = {};",
            cypher_str(s),
            cypher_str(t),
            rel_type(&e.relation),
            cypher_str(&e.label),
            num(e.weight as f64),
            cypher_str(&e.relation)
        )?;
    }
    Ok(())
}

/// A Kùzu script (Kùzu 0.11, and its fork Ladybug, which reads the same
/// Cypher): one node table `Entity` (labels, aliases, articles and posts as
/// lists), one relationship table per relationship type, and COPY
/// statements that read `graph.nodes.csv` and `graph.relationships.csv`
/// (run it in their folder). Kùzu has no multiple labels: ask
/// `list_contains(n.labels, 'Park')`.
pub fn write_kuzu(view: &GraphView, w: &mut dyn Write) -> io::Result<()> {
    let known: BTreeSet<&str> = view.nodes.iter().map(|n| n.iri.as_str()).collect();
    let types: BTreeSet<String> = view.edges.iter().filter(|e| known.contains(e.source.as_str()) && known.contains(e.target.as_str())).map(|e| rel_type(&e.relation)).collect();
    let list = |col: &str| format!("CASE WHEN {col} IS NULL THEN CAST([] AS STRING[]) ELSE string_split({col}, ';') END");
    let csv = "header=true, parallel=false, quote='\"', escape='\"'";
    writeln!(w, "// zonekg graph for Kùzu / Ladybug: run in this folder (the COPY statements read graph.nodes.csv and graph.relationships.csv),")?;
    writeln!(w, "// e.g. `kuzu DB < graph.kuzu.cypher`, or each statement (they end with ;) through the Python API.")?;
    writeln!(w, "CREATE NODE TABLE Entity(id STRING, name STRING, labels STRING[], iri STRING, aliases STRING[], mentions INT64, articles STRING[], posts STRING[], PRIMARY KEY (id));")?;
    for t in &types {
        writeln!(w, "CREATE REL TABLE {t}(FROM Entity TO Entity, label STRING, relation STRING, weight DOUBLE, articles STRING[]);")?;
    }
    writeln!(
        w,
        "COPY Entity FROM (LOAD WITH HEADERS (id STRING, name STRING, labels STRING, iri STRING, aliases STRING, mentions INT64, articles STRING, posts STRING) FROM 'graph.nodes.csv' ({csv}) RETURN id, name, {}, iri, {}, mentions, {}, {});",
        list("labels"),
        list("aliases"),
        list("articles"),
        list("posts")
    )?;
    for t in &types {
        writeln!(
            w,
            "COPY {t} FROM (LOAD WITH HEADERS (from_id STRING, to_id STRING, type STRING, label STRING, relation STRING, weight DOUBLE, articles STRING) FROM 'graph.relationships.csv' ({csv}) WHERE type = '{t}' RETURN from_id, to_id, label, relation, weight, {});",
            list("articles")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::view::{GraphView, ViewEdge, ViewNode};

    /// GraphML written in parallel chunks is one well-formed document with
    /// every node and edge once, in order, indented like a sequential writer.
    #[test]
    fn graphml_in_chunks_is_whole_and_in_order() {
        let n = 5000; // more than two chunks
        let nodes: Vec<ViewNode> = (0..n)
            .map(|i| ViewNode { id: format!("n{i:05}"), iri: format!("https://w3id.org/zonekg/id/zone/z{i:05}"), label: format!("区{i}<&>"), classes: vec!["Zone".into()], ..Default::default() })
            .collect();
        let edges: Vec<ViewEdge> = (0..n - 1)
            .map(|i| ViewEdge { source: nodes[i].iri.clone(), target: nodes[i + 1].iri.clone(), label: "位于 (locatedIn)".into(), relation: "zkg:locatedIn".into(), weight: 1, ..Default::default() })
            .collect();
        let view = GraphView { nodes, edges, ..Default::default() };
        let mut out = Vec::new();
        rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap().install(|| write_graphml(&view, &mut out)).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut r = quick_xml::Reader::from_str(&text);
        let (mut node_ids, mut edge_ids, mut depth) = (Vec::new(), Vec::new(), 0i32);
        loop {
            match r.read_event().unwrap() {
                Event::Start(e) => {
                    depth += 1;
                    let id = e.try_get_attribute("id").unwrap().map(|a| String::from_utf8(a.value.to_vec()).unwrap());
                    match e.name().as_ref() {
                        b"node" => node_ids.push(id.unwrap()),
                        b"edge" => edge_ids.push(id.unwrap()),
                        _ => {}
                    }
                }
                Event::End(_) => depth -= 1,
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0);
        assert_eq!(node_ids, (0..n).map(|i| format!("n{i:05}")).collect::<Vec<_>>());
        assert_eq!(edge_ids, (0..n - 1).map(|i| format!("e{i}")).collect::<Vec<_>>());
        // the chunk seams look like the rest: each element on its own line, indented
        assert!(!text.contains("><node") && !text.contains("><edge"));
        assert_eq!(text.matches("\n  <node id=").count(), n);
    }

    #[test]
    fn relation_types_are_neo4j_style() {
        assert_eq!(rel_type("https://w3id.org/zonekg/ontology#partOf"), "PART_OF");
        assert_eq!(rel_type("https://w3id.org/zonekg/ontology#organizedBy"), "ORGANIZED_BY");
        assert_eq!(rel_type("https://w3id.org/zonekg/ontology#Position"), "HOLDS_POST");
    }

    #[test]
    fn attribute_names_are_name_tokens() {
        assert_eq!(name_token("工业总产值 (亿元)"), "工业总产值_亿元");
        assert_eq!(name_token("(x)"), "x");
    }

    #[test]
    fn cypher_strings_are_escaped() {
        assert_eq!(cypher_str("a'b\\c\nd"), "'a\\'b\\\\c\\nd'");
    }

    #[test]
    fn palette_covers_every_class() {
        for c in ["HighTechZone", "Park", "Person", "GovernmentBody", "Company", "Project", "Policy", "Program", "Event", "Place", "Position", "Observation"] {
            assert_ne!(color(c), (0x79, 0x70, 0x6E), "{c}");
        }
    }
}
