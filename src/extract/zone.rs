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
        let place_end: HashMap<usize, (usize, usize)> = hits.iter().filter(|h| matches!(h.2, Tag::Place(_))).map(|h| (h.1, (h.0, h.1))).collect();
        let mut spans = Intervals::default();
        for m in self.zone_suffix_words.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            if spans.catch_up(ms, |_| true).any_overlap(&(s..e)) {
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
            let (class, canon_suffix) = self.lex.zone_suffixes.iter().find(|z| z.0 == suffix).map(|z| (z.1, z.2.clone())).unwrap_or((ZoneClass::Other, suffix.to_string()));
            match ps {
                Some(a) => ms.push(self.place_suffix_zone(text, a..e, pe, class, &canon_suffix, &place_end)),
                None => {
                    // a zone named after a place the lexicon does not list: two characters
                    // standing alone before a specific suffix (云岭高新区)
                    if let Some(m) = self.unknown_place_zone(text, s, e, suffix, class, &canon_suffix, &place_end) {
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
        self.zone_refs(text, ms);
    }

    /// A place and a zone suffix (`range` from the place's start to the
    /// suffix's end; the place ends at `place_end_at`): a city written before
    /// a district (南京江北新区) belongs to the name; a known zone reached this
    /// way (X高新区 of a known X高新技术产业开发区) takes its lexicon entry.
    fn place_suffix_zone(&self, text: &str, range: Range<usize>, place_end_at: usize, class: ZoneClass, canon_suffix: &str, place_end: &HashMap<usize, (usize, usize)>) -> Mention {
        let (a, e, pe) = (range.start, range.end, place_end_at);
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
        if let Some(z) = self.lex.zone_named(&canonical).or_else(|| self.lex.zone_named(written)) {
            canonical = z.canonical.clone();
            aliases = z.aliases.clone();
            class = z.class;
        }
        Mention {
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
        }
    }

    /// 该区, 全区, 本区, 园区 ...: words that refer back to the article's zone.
    fn zone_refs(&self, text: &str, ms: &mut Vec<Mention>) {
        let mut spans = Intervals::default();
        for r in &self.lex.zone_refs {
            if self.lex.zone_suffixes.iter().any(|z| &z.0 == r) {
                continue;
            }
            for (s, _) in text.match_indices(r.as_str()) {
                let e = s + r.len();
                if spans.catch_up(ms, |_| true).any_overlap(&(s..e)) {
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
    /// An article that names its zone only by the bare suffix (经开区, 高新区)
    /// while its source line or dateline names the city (新乡网讯, 来源:X日报,
    /// X日报讯): the first bare suffix becomes that city's zone, the known one
    /// when the lexicon lists it.
    pub(super) fn zone_from_source(&self, text: &str, ms: &mut [Mention]) {
        if ms.iter().any(|m| m.kind == Kind::Zone && !m.is_zone_ref) {
            return;
        }
        const SOURCE: &[&str] = &["网讯", "日报", "晚报", "新闻网", "融媒", "广播电视台", "电视台", "讯"];
        let Some(place) = ms.iter().find(|m| m.kind == Kind::Place && SOURCE.iter().any(|w| text[m.range.end..].starts_with(w))) else { return };
        let base = place.key.clone();
        let place_name = place.canonical.clone();
        let Some(r) = ms.iter_mut().find(|m| m.is_zone_ref && self.lex.zone_suffixes.iter().any(|z| z.0 == m.name)) else { return };
        let Some((_, class, canon_suffix)) = self.lex.zone_suffixes.iter().find(|z| z.0 == r.name).cloned() else { return };
        let candidates = [format!("{base}{}", r.name), format!("{base}{canon_suffix}"), format!("{place_name}{}", r.name), format!("{place_name}{canon_suffix}")];
        let known = candidates.iter().find_map(|c| self.lex.zone_named(c));
        let (canonical, aliases, class) = match known {
            Some(z) => (z.canonical.clone(), z.aliases.clone(), z.class),
            None => (candidates[1].clone(), Vec::new(), class),
        };
        r.is_zone_ref = false;
        r.key = canonical.clone();
        r.canonical = canonical;
        r.known_aliases = aliases;
        r.zone_class = Some(class);
        r.rule = "zone.source_place";
        r.confidence = 0.75;
    }
}

impl Extractor {
    /// A zone named after a place the lexicon does not list: a short name
    /// standing alone before a specific suffix (云岭高新区), perhaps with a
    /// bracketed second name (长丰(双凤)经开区), two names joined by a dash
    /// (奎屯-独山子经济技术开发区), or a known city written before it (大连金普新区).
    #[allow(clippy::too_many_arguments)] // the suffix match's parts, all needed
    fn unknown_place_zone(&self, text: &str, s: usize, e: usize, suffix: &str, class: ZoneClass, canon_suffix: &str, place_end: &HashMap<usize, (usize, usize)>) -> Option<Mention> {
        const SPECIFIC: &[&str] = &["高新区", "高新技术产业开发区", "国家高新区", "经开区", "经济技术开发区", "国家级经济技术开发区", "经济开发区", "自贸区", "自由贸易试验区", "新区", "新片区"];
        if !SPECIFIC.contains(&suffix) {
            return None;
        }
        // a bracketed second name right before the suffix
        let mut core_end = s;
        if let Some(open) = bracket_before(text, s) {
            core_end = open;
        }
        let mut start = self.short_name_before(text, core_end, suffix, place_end)?;
        let mut city_before = false;
        // a dash joining two names: 奎屯-独山子
        let lead = text[..start].chars().next_back();
        if matches!(lead, Some('-' | '—' | '－' | '–')) {
            let dash = start - lead.map(char::len_utf8).unwrap_or(0);
            if let Some(a) = self.short_name_before(text, dash, suffix, place_end) {
                start = a;
            }
        } else if let Some(&(a, _)) = place_end.get(&start) {
            // a known city before the name
            start = a;
            city_before = true;
        } else if !lead.map(|c| !is_han(c) || "在和与及的据从对为将把由向至到于".contains(c)).unwrap_or(true) {
            return None;
        }
        let place = &text[start..s];
        // 新区 and 新片区 end common phrases (展现新区新貌): an unknown name before them
        // must recur or head a body (X新区管委会)
        if (suffix == "新区" || suffix == "新片区") && !city_before {
            let written = &text[start..e];
            let body = ["管委会", "党工委", "管理委员会", "工委"].iter().any(|b| text[e..].starts_with(b));
            if !body && text.matches(written).count() < 2 {
                return None;
            }
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

    /// The start of a two- or three-character name ending at `end` that is not
    /// a function word, a generic word or a verb phrase; three characters only
    /// when the two-character reading has no boundary before it.
    fn short_name_before(&self, text: &str, end: usize, suffix: &str, place_end: &HashMap<usize, (usize, usize)>) -> Option<usize> {
        const STOP: &str = "和与及的在是为了对把将从向等各该本全每其此两一省市县区国级类个家这那些我们午晚";
        let before: Vec<(usize, char)> = text[..end].char_indices().rev().take(4).collect();
        let boundary = |i: usize| before.get(i).map(|(_, c)| !is_han(*c) || "在和与及的据从对为将把由向至到于".contains(*c) || "-—－–".contains(*c)).unwrap_or(true);
        for n in [2usize, 3] {
            if before.len() < n || !before[..n].iter().all(|(_, c)| is_han(*c)) {
                return None;
            }
            let start = before[n - 1].0;
            let place = &text[start..end];
            if place.chars().any(|c| STOP.contains(c)) || self.lex.generic.contains(place) || self.verbs.iter().any(|v| place.ends_with(v.as_str()) || v == place) {
                return None;
            }
            // 新区 and 新片区 are common words: only two-character names before them
            if n == 3 && (suffix == "新区" || suffix == "新片区") {
                return None;
            }
            // a date before the suffix (3日下午经开区召开): 日, 月 or 号 after a digit
            if place.starts_with(['日', '月', '号']) && text[..start].ends_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            if boundary(n) || place_end.contains_key(&start) {
                return Some(start);
            }
        }
        None
    }
}

/// The start of a bracket `(X)` of one to six Han characters ending at `end`.
fn bracket_before(text: &str, end: usize) -> Option<usize> {
    let t = &text[..end];
    let close = t.chars().next_back()?;
    if close != ')' && close != '）' {
        return None;
    }
    let inner_end = end - close.len_utf8();
    let open = text[..inner_end].rfind(['(', '（'])?;
    let inner = &text[open..inner_end];
    let inner = inner.trim_start_matches(['(', '（']);
    let n = inner.chars().count();
    ((1..=6).contains(&n) && inner.chars().all(is_han)).then_some(open)
}

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        super::super::table::check_entities(include_str!("../../tests/cases/zone.tsv"), "zone.tsv");
    }
}
