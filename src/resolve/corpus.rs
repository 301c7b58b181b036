//! Corpus-wide resolution (`zonekg resolve`): what only the whole corpus can
//! decide, decided from its facts after the articles are built, apart or
//! together.
//!
//! An article's graph depends on that article alone, so two articles can
//! name one thing with two IRIs: a company that one article declares
//! (中国能源建设集团有限公司，以下简称“中国能建”) and another names by the
//! short name alone; an official whose key took the context of each article
//! (张明@合肥高新区, 张明@芜湖经开区) while both articles give the same post.
//! This pass reads the facts of the union (labels, alternative labels and
//! posts: a small part of the graph) and links such IRIs with `owl:sameAs`,
//! each link in the named graph of the rule that made it (the rule's IRI,
//! whose label and confidence are stated as facts). It is a function of the
//! set of statements read: the union of shards, of streamed partitions or one
//! build's graph give the same links, byte for byte.
//!
//! The rules:
//!
//! - `corpus.declared-alias`: an entity whose label is an alternative label
//!   of exactly one other entity of the same family (organisations,
//!   sites, policies ...; not persons), two characters or more, is that
//!   entity.
//! - `corpus.same-post`: persons with the same name holding the same post
//!   (title and body) are one person.
//!
//! In a cluster the node with the longest label (the full name), then the
//! first IRI, is the one the others are linked to.

use crate::model::vocab::{ID, OWL, RDF, RDFS, SKOS, XSD, ZKG};
use std::collections::{BTreeMap, BTreeSet, HashMap};

const DECLARED_ALIAS: (&str, &str) = ("corpus.declared-alias", "0.8");
const SAME_POST: (&str, &str) = ("corpus.same-post", "0.85");

/// The facts the pass needs, gathered statement by statement in any order.
#[derive(Default)]
pub struct CorpusResolver {
    labels: HashMap<String, BTreeSet<String>>,
    /// (family, alternative label) → the entities that have it
    alts: BTreeMap<(String, String), BTreeSet<String>>,
    /// position → holder, title, body
    posts: HashMap<String, Post>,
}

/// A post's holder, title and body, as its statements arrive.
#[derive(Default)]
struct Post(Option<String>, Option<String>, Option<String>);

/// One `owl:sameAs` link.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub from: String,
    pub to: String,
    pub rule: &'static str,
}

fn family(iri: &str) -> Option<&str> {
    iri.strip_prefix(ID)?.split('/').next()
}

impl CorpusResolver {
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes one statement: subject IRI, predicate IRI, and the object as an
    /// IRI or a literal's value.
    pub fn add(&mut self, s: &str, p: &str, o: &str) {
        let Some(local) = p.strip_prefix(ZKG) else {
            if p == format!("{RDFS}label") {
                self.labels.entry(s.to_string()).or_default().insert(o.to_string());
            } else if p == format!("{SKOS}altLabel") {
                if let Some(f) = family(s) {
                    self.alts.entry((f.to_string(), o.to_string())).or_default().insert(s.to_string());
                }
            }
            return;
        };
        let slot = match local {
            "holder" => 0,
            "title" => 1,
            "organization" => 2,
            _ => return,
        };
        let e = self.posts.entry(s.to_string()).or_default();
        let v = Some(o.to_string());
        match slot {
            0 => e.0 = v,
            1 => e.1 = v,
            _ => e.2 = v,
        }
    }

    fn label(&self, iri: &str) -> Option<&String> {
        self.labels.get(iri).and_then(|l| l.iter().next())
    }

    /// The links, sorted.
    pub fn links(&self) -> Vec<Link> {
        let mut uf = UnionFind::default();
        // declared aliases: a label that is exactly one other entity's alternative label, in its family
        let mut labelled: Vec<(&String, &String)> = self.labels.keys().filter_map(|iri| Some((iri, self.label(iri)?))).collect();
        labelled.sort();
        for (iri, label) in labelled {
            let Some(f) = family(iri).filter(|f| *f != "person") else { continue };
            if label.chars().count() < 2 {
                continue;
            }
            let Some(owners) = self.alts.get(&(f.to_string(), label.clone())) else { continue };
            let others: Vec<&String> = owners.iter().filter(|o| *o != iri).collect();
            if let [owner] = others[..] {
                uf.join(iri, owner, DECLARED_ALIAS.0);
            }
        }
        // the same post: holders of one name with the same title at the same body
        let mut by_post: BTreeMap<(&String, &String, &String), BTreeSet<&String>> = BTreeMap::new();
        for Post(h, t, b) in self.posts.values() {
            let (Some(h), Some(t), Some(b)) = (h, t, b) else { continue };
            if family(h) != Some("person") {
                continue;
            }
            let Some(name) = self.label(h) else { continue };
            by_post.entry((name, t, b)).or_default().insert(h);
        }
        for holders in by_post.values() {
            let mut it = holders.iter();
            if let Some(first) = it.next() {
                for h in it {
                    uf.join(first, h, SAME_POST.0);
                }
            }
        }
        let mut links = Vec::new();
        for (members, rule) in uf.clusters() {
            // the full name: the longest label, then the first IRI
            let canon = members.iter().max_by(|a, b| {
                let la = self.label(a).map_or(0, |l| l.chars().count());
                let lb = self.label(b).map_or(0, |l| l.chars().count());
                la.cmp(&lb).then_with(|| b.cmp(a))
            });
            let Some(canon) = canon else { continue };
            for m in &members {
                if m != canon {
                    links.push(Link { from: m.clone(), to: canon.clone(), rule });
                }
            }
        }
        links.sort();
        links
    }
}

/// The links as N-Quads: each `owl:sameAs` in the named graph of its rule,
/// and the rules (label, class, confidence) as facts in the default graph.
pub fn links_nquads(links: &[Link]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rules = BTreeSet::new();
    for l in links {
        out.extend(format!("<{}> <{OWL}sameAs> <{}> <{ID}rule/{}> .\n", l.from, l.to, l.rule).as_bytes());
        rules.insert(l.rule);
    }
    for (name, confidence) in [DECLARED_ALIAS, SAME_POST] {
        if rules.contains(name) {
            let r = format!("<{ID}rule/{name}>");
            out.extend(format!("{r} <{RDF}type> <{ZKG}Rule> .\n{r} <{RDFS}label> \"{name}\" .\n{r} <{ZKG}confidence> \"{confidence}\"^^<{XSD}decimal> .\n").as_bytes());
        }
    }
    out
}

/// Clusters of IRIs joined by one rule each (the rules never share a family).
#[derive(Default)]
struct UnionFind {
    index: BTreeMap<String, usize>,
    parent: Vec<usize>,
    rule: Vec<&'static str>,
}

impl UnionFind {
    fn id(&mut self, iri: &str) -> usize {
        if let Some(&i) = self.index.get(iri) {
            return i;
        }
        let i = self.parent.len();
        self.index.insert(iri.to_string(), i);
        self.parent.push(i);
        self.rule.push("");
        i
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn join(&mut self, a: &str, b: &str, rule: &'static str) {
        let (a, b) = (self.id(a), self.id(b));
        let (ra, rb) = (self.root(a), self.root(b));
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        self.parent[hi] = lo;
        self.rule[lo] = rule;
    }

    /// Each cluster's members (sorted) and rule, in the order of their first IRI.
    fn clusters(mut self) -> Vec<(Vec<String>, &'static str)> {
        let mut by_root: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        let names: Vec<(String, usize)> = self.index.iter().map(|(k, &v)| (k.clone(), v)).collect();
        for (iri, i) in names {
            let r = self.root(i);
            by_root.entry(r).or_default().push(iri);
        }
        let mut out: Vec<(Vec<String>, &'static str)> = by_root.into_iter().filter(|(_, m)| m.len() > 1).map(|(r, m)| (m, self.rule[r])).collect();
        out.sort();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iri(family: &str, key: &str) -> String {
        format!("{ID}{family}/{key}")
    }

    fn feed(r: &mut CorpusResolver, facts: &[(String, &str, String)]) {
        for (s, p, o) in facts {
            r.add(s, p, o);
        }
    }

    #[test]
    fn links_do_not_depend_on_the_order_of_the_statements() {
        let label = format!("{RDFS}label");
        let alt = format!("{SKOS}altLabel");
        let (full, short) = (iri("org", "中国能源建设"), iri("org", "中国能建"));
        let (p1, p2, p3) = (iri("person", "张明@合肥高新区"), iri("person", "张明@芜湖经济技术开发区"), iri("person", "张明@press"));
        let zone = iri("zone", "合肥高新区");
        let post =
            |pos: &str, h: &String, t: &str| vec![(iri("position", pos), "holder", h.clone()), (iri("position", pos), "title", t.to_string()), (iri("position", pos), "organization", zone.clone())];
        let mut facts: Vec<(String, &str, String)> = vec![
            (full.clone(), label.as_str(), "中国能源建设".into()),
            (full.clone(), alt.as_str(), "中国能建".into()),
            (short.clone(), label.as_str(), "中国能建".into()),
            (p1.clone(), label.as_str(), "张明".into()),
            (p2.clone(), label.as_str(), "张明".into()),
            (p3.clone(), label.as_str(), "张明".into()),
        ];
        let zkg = |l: &str| -> &'static str { Box::leak(format!("{ZKG}{l}").into_boxed_str()) };
        for (s, p, o) in post("a", &p1, "党工委书记").into_iter().chain(post("b", &p2, "党工委书记")).chain(post("c", &p3, "记者")) {
            facts.push((s, zkg(p), o));
        }
        let mut r = CorpusResolver::new();
        feed(&mut r, &facts);
        let links = r.links();
        assert_eq!(links, vec![Link { from: short.clone(), to: full.clone(), rule: "corpus.declared-alias" }, Link { from: p2.clone(), to: p1.clone(), rule: "corpus.same-post" }]);
        facts.reverse();
        let mut r = CorpusResolver::new();
        feed(&mut r, &facts);
        assert_eq!(r.links(), links);
        let nq = String::from_utf8(links_nquads(&links)).unwrap();
        assert!(nq.contains("<http://www.w3.org/2002/07/owl#sameAs>") && nq.contains("rule/corpus.same-post> ."));
    }

    #[test]
    fn an_alias_two_entities_share_links_neither() {
        let label = format!("{RDFS}label");
        let alt = format!("{SKOS}altLabel");
        let mut r = CorpusResolver::new();
        r.add(&iri("org", "甲集团"), &label, "甲集团");
        r.add(&iri("org", "甲集团"), &alt, "甲方");
        r.add(&iri("org", "甲科技"), &label, "甲科技");
        r.add(&iri("org", "甲科技"), &alt, "甲方");
        r.add(&iri("org", "甲方"), &label, "甲方");
        // and a one-character name links nothing
        r.add(&iri("org", "乙"), &label, "乙");
        r.add(&iri("org", "乙公司"), &alt, "乙");
        assert!(r.links().is_empty());
    }
}
