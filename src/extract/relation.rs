//! Relations between mentions: partOf, locatedIn, investor, issuedBy, organizedBy.

use super::*;

impl Extractor {
    pub(super) fn relations(&self, a: &Article, ex: &mut Extraction) {
        let text = a.clean.text.as_str();
        let ms = &ex.mentions;
        let cite_verbs = ["对照", "参照", "根据", "按照", "依据", "依照", "对标"];
        let mut rels = Vec::new();
        // the mentions by the sentence they start in (a sentence is short,
        // an article may not be: a scan of all mentions for each made a long
        // text quadratic)
        let mut by_sentence: HashMap<usize, Vec<usize>> = HashMap::new();
        for (j, x) in ms.iter().enumerate() {
            by_sentence.entry(a.sentence_of(x.range.start)).or_default().push(j);
        }
        // the names a company goes by (its core name and known aliases, two
        // characters or more), each to the first company that has it
        let mut company_names: HashMap<String, usize> = HashMap::new();
        for (j, c) in ms.iter().enumerate().filter(|(_, c)| c.kind == Kind::Company) {
            for n in std::iter::once(super::company_core(&c.canonical)).chain(c.known_aliases.iter().cloned()) {
                if n.chars().count() >= 2 {
                    company_names.entry(n).or_insert(j);
                }
            }
        }
        for (i, m) in ms.iter().enumerate() {
            if m.range.is_empty() {
                continue;
            }
            let si = a.sentence_of(m.range.start);
            let sent = a.sentences.get(si).cloned().unwrap_or(0..text.len());
            let near: &[usize] = by_sentence.get(&si).map_or(&[], |v| v.as_slice());
            let in_sent = |k: Kind| near.iter().map(|&j| (j, &ms[j])).filter(move |(j, x)| *j != i && x.kind == k && x.range.start >= sent.start && x.range.end <= sent.end);
            let nearest_before = |k: Kind| in_sent(k).filter(|(_, x)| x.range.end <= m.range.start).max_by_key(|(_, x)| x.range.end).map(|(j, _)| j);
            let nearest_any =
                |k: Kind| in_sent(k).min_by_key(|(_, x)| if x.range.end <= m.range.start { m.range.start - x.range.end } else { x.range.start.saturating_sub(m.range.end) }).map(|(j, _)| j);
            let zone_target = |j: Option<usize>| match j {
                Some(j) if !ms[j].is_zone_ref => Target::Mention(j),
                _ => Target::ArticleZone,
            };
            match m.kind {
                Kind::Park => {
                    // the zone written right before it (X高新区Y园), else the sentence's first zone (its subject)
                    let inside = in_sent(Kind::Zone).find(|(_, x)| m.range.start <= x.range.start && x.range.end <= m.range.end).map(|(j, _)| j);
                    let adjacent = inside.or_else(|| nearest_before(Kind::Zone).filter(|&j| m.range.start - ms[j].range.end <= "的".len()));
                    let subject = in_sent(Kind::Zone).filter(|(_, x)| !x.is_zone_ref).min_by_key(|(_, x)| x.range.start).map(|(j, _)| j);
                    let z = adjacent.or(subject).or_else(|| nearest_any(Kind::Zone));
                    rels.push(RelationM { rel: Rel::PartOf, from: i, to: zone_target(z), range: m.range.clone(), rule: "partOf.zone", confidence: 0.8 });
                }
                Kind::Project => {
                    // the park before it, unless it is only a sibling in an enumeration (A、B项目)
                    let p = in_sent(Kind::Park)
                        .filter(|(_, x)| x.range.end <= m.range.start && m.range.start - x.range.end <= 40 && !text[x.range.end..m.range.start].contains('、'))
                        .max_by_key(|(_, x)| x.range.end)
                        .map(|(j, _)| j);
                    let to = match p {
                        Some(j) => Target::Mention(j),
                        None => zone_target(nearest_any(Kind::Zone)),
                    };
                    rels.push(RelationM { rel: Rel::LocatedIn, from: i, to, range: m.range.clone(), rule: "locatedIn.nearest", confidence: 0.75 });
                    if let Some(c) = nearest_before(Kind::Company).filter(|&j| m.range.start - ms[j].range.end <= 40) {
                        rels.push(RelationM { rel: Rel::Investor, from: i, to: Target::Mention(c), range: ms[c].range.start..m.range.end, rule: "investor.company_before_project", confidence: 0.75 });
                    } else {
                        // a project named after its company (宁德时代重庆基地项目): the company invests
                        let named = m.name.char_indices().skip(1).map(|(b, _)| &m.name[..b]).chain(std::iter::once(m.name.as_str())).filter_map(|p| company_names.get(p).copied()).min();
                        if let Some(c) = named {
                            rels.push(RelationM { rel: Rel::Investor, from: i, to: Target::Mention(c), range: m.range.clone(), rule: "investor.project_named_after_company", confidence: 0.7 });
                        }
                    }
                }
                Kind::Company => {
                    if let Some(z) = nearest_before(Kind::Zone).filter(|&j| !ms[j].is_zone_ref && m.range.start - ms[j].range.end <= 4) {
                        rels.push(RelationM { rel: Rel::LocatedIn, from: i, to: Target::Mention(z), range: ms[z].range.start..m.range.end, rule: "locatedIn.zone_prefix", confidence: 0.7 });
                    } else if m.rule == "company.enumeration" {
                        // the companies a zone's report lists are the zone's
                        let to = nearest_before(Kind::Zone).map(|j| zone_target(Some(j))).unwrap_or(Target::ArticleZone);
                        rels.push(RelationM { rel: Rel::LocatedIn, from: i, to, range: m.range.clone(), rule: "locatedIn.enumerated_company", confidence: 0.6 });
                    }
                }
                Kind::Policy | Kind::Program => {
                    let before = text[sent.start..m.range.start].trim_end_matches(['《', '“']);
                    let after = text[m.range.end..sent.end.max(m.range.end)].trim_start_matches(['》', '”']);
                    let cited = cite_verbs.iter().any(|v| before.ends_with(v) || before.rfind(v).map(|p| before[p..].chars().count() <= 6).unwrap_or(false))
                        || ["显示", "指出", "表明", "提出"].iter().any(|v| after.starts_with(v));
                    if cited {
                        continue;
                    }
                    let issuer = nearest_before(Kind::Zone).map(|j| zone_target(Some(j))).or_else(|| nearest_before(Kind::Organization).map(Target::Mention)).unwrap_or(Target::ArticleZone);
                    rels.push(RelationM { rel: Rel::IssuedBy, from: i, to: issuer, range: m.range.clone(), rule: "issuedBy.subject_zone", confidence: 0.75 });
                }
                Kind::Event => {
                    let org = nearest_before(Kind::Zone).map(|j| zone_target(Some(j))).or_else(|| nearest_before(Kind::Organization).map(Target::Mention)).unwrap_or(Target::ArticleZone);
                    rels.push(RelationM { rel: Rel::OrganizedBy, from: i, to: org, range: m.range.clone(), rule: "organizedBy.subject_zone", confidence: 0.75 });
                }
                _ => {}
            }
        }
        ex.relations = rels;
    }
}
