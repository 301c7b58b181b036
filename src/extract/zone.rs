//! Zones (known names, place + zone suffix), references back to the article's zone, and places.

use super::*;
use crate::lexicon::Tag;
use crate::lexicon::ZoneClass;
use std::collections::HashMap;

impl Extractor {
    pub(super) fn zones(&self, text: &str, hits: &[(usize, usize, Tag)], ms: &mut Vec<Mention>) {
        // known zones and their aliases
        for &(s, e, tag) in hits {
            if let Tag::Zone(i) = tag {
                let z = &self.lex.zones[i];
                // a known alias followed by a zone suffix is a longer name
                ms.push(Mention {
                    kind: Kind::Zone,
                    range: s..e,
                    name: text[s..e].to_string(),
                    canonical: z.canonical.clone(),
                    key: z.canonical.clone(),
                    zone_class: Some(z.class),
                    known_aliases: z.aliases.clone(),
                    is_zone_ref: false,
                    rule: "zone.lexicon",
                    confidence: 0.98,
                });
            }
        }
        let place_end: HashMap<usize, (usize, usize)> = hits
            .iter()
            .filter(|h| matches!(h.2, Tag::Place(_)))
            .map(|h| (h.1, (h.0, h.1)))
            .collect();
        for m in self.re_zone_suffix.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            if ms.iter().any(|x| x.range.start < e && s < x.range.end) {
                continue;
            }
            // place + [市省区县]? + suffix
            let mut ps = None;
            let mut pe = s;
            if let Some(&(a, _)) = place_end.get(&s) {
                ps = Some(a);
            } else {
                for suf in ["市", "省", "区", "县"] {
                    if text[..s].ends_with(suf) {
                        if let Some(&(a, _)) = place_end.get(&(s - suf.len())) {
                            ps = Some(a);
                            pe = s - suf.len();
                        }
                    }
                }
            }
            let suffix = m.as_str();
            let (class, canon_suffix) = self
                .lex
                .zone_suffixes
                .iter()
                .find(|z| z.0 == suffix)
                .map(|z| (z.1, z.2.clone()))
                .unwrap_or((ZoneClass::Other, suffix.to_string()));
            match ps {
                Some(a) => {
                    // a city written before a district (南京江北新区) belongs to the name
                    let mut a = a;
                    while let Some(&(b, _)) = place_end.get(&a) {
                        a = b;
                    }
                    let place = &text[a..pe];
                    let mut canonical = format!("{place}{canon_suffix}");
                    let mut aliases = Vec::new();
                    let mut class = class;
                    // a known zone reached by place + suffix (X高新区 of a known X高新技术产业开发区)
                    let written = &text[a..e];
                    if let Some(z) = self.lex.zones.iter().find(|z| z.canonical == canonical || z.canonical == written || z.aliases.iter().any(|x| x == &canonical || x == written)) {
                        canonical = z.canonical.clone();
                        aliases = z.aliases.clone();
                        class = z.class;
                    }
                    ms.push(Mention {
                        kind: Kind::Zone,
                        range: a..e,
                        name: written.to_string(),
                        key: canonical.clone(),
                        canonical,
                        zone_class: Some(class),
                        known_aliases: aliases,
                        is_zone_ref: false,
                        rule: "zone.place_suffix",
                        confidence: 0.92,
                    });
                }
                None => {
                    // a zone named after a place the lexicon does not list: two characters
                    // standing alone before a specific suffix (云岭高新区)
                    if let Some(m) = self.unknown_place_zone(text, s, e, suffix, class, &canon_suffix) {
                        ms.push(m);
                        continue;
                    }
                    // a bare 高新区 / 园区: refers to the article's zone unless it is part of a longer word
                    let prev = text[..s].chars().next_back();
                    let standalone = prev.map(|c| !is_han(c) || "的在和与将对为了向是于从由及".contains(c)).unwrap_or(true);
                    if standalone && self.lex.zone_refs.iter().any(|r| r == suffix) {
                        ms.push(zone_ref(text, s, e, "zone.ref"));
                    }
                }
            }
        }
        // 该区, 全区, 本区, 园区 ...
        for r in &self.lex.zone_refs {
            if self.lex.zone_suffixes.iter().any(|z| &z.0 == r) {
                continue;
            }
            for (s, _) in text.match_indices(r.as_str()) {
                let e = s + r.len();
                if ms.iter().any(|x| x.range.start < e && s < x.range.end) {
                    continue;
                }
                let prev = text[..s].chars().next_back();
                let standalone = prev.map(|c| !is_han(c) || "的在和与将对为了向是于从由及来".contains(c)).unwrap_or(true);
                if standalone || r.starts_with('该') || r.starts_with('本') || r.starts_with('全') {
                    ms.push(zone_ref(text, s, e, "zone.ref"));
                }
            }
        }
    }

    pub(super) fn places(&self, text: &str, hits: &[(usize, usize, Tag)], ms: &mut Vec<Mention>) {
        for &(s, e, tag) in hits {
            let Tag::Place(i) = tag else { continue };
            let (base, level) = &self.lex.places[i];
            let mut end = e;
            for suf in ["市", "省", "区", "县", "自治区"] {
                if text[e..].starts_with(suf) {
                    end = e + suf.len();
                    break;
                }
            }
            // X市委 : the place is X市, 委 belongs to the title
            let name = &text[s..end];
            // the label depends on the place alone, not on how it was written
            let canonical = {
                match level.as_str() {
                    "city" if !base.ends_with('市') => format!("{base}市"),
                    "province" if !["内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门", "台湾"].contains(&base.as_str()) => format!("{base}省"),
                    _ => base.clone(),
                }
            };
            ms.push(Mention {
                kind: Kind::Place,
                range: s..end,
                name: name.to_string(),
                key: base.clone(),
                canonical,
                zone_class: None,
                known_aliases: Vec::new(),
                is_zone_ref: false,
                rule: "place.lexicon",
                confidence: 0.9,
            });
        }
    }
}

impl Extractor {
    fn unknown_place_zone(&self, text: &str, s: usize, e: usize, suffix: &str, class: ZoneClass, canon_suffix: &str) -> Option<Mention> {
        const SPECIFIC: &[&str] = &["高新区", "高新技术产业开发区", "国家高新区", "经开区", "经济技术开发区", "国家级经济技术开发区", "经济开发区", "自贸区", "自由贸易试验区"];
        if !SPECIFIC.contains(&suffix) {
            return None;
        }
        let before: Vec<(usize, char)> = text[..s].char_indices().rev().take(3).collect();
        if before.len() < 2 || !before[..2].iter().all(|(_, c)| is_han(*c)) {
            return None;
        }
        let start = before[1].0;
        let place = &text[start..s];
        const STOP: &str = "和与及的在是为了对把将从向等各该本全每其此两一省市县区国级类个家这那些";
        if place.chars().any(|c| STOP.contains(c)) || self.lex.generic.contains(place) || self.verbs.iter().any(|v| place.ends_with(v.as_str()) || v == place) {
            return None;
        }
        // a boundary before the name: punctuation, the start, or a particle
        let lead_ok = before.get(2).map(|(_, c)| !is_han(*c) || "在和与及的据从对为将把由向至到".contains(*c)).unwrap_or(true);
        if !lead_ok {
            return None;
        }
        let canonical = format!("{place}{canon_suffix}");
        Some(Mention {
            kind: Kind::Zone,
            range: start..e,
            name: text[start..e].to_string(),
            key: canonical.clone(),
            canonical,
            zone_class: Some(class),
            known_aliases: Vec::new(),
            is_zone_ref: false,
            rule: "zone.unknown_place",
            confidence: 0.7,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        super::super::table::check_entities(include_str!("../../tests/cases/zone.tsv"), "zone.tsv");
    }
}
