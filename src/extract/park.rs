//! Parks: sub-parks, towns and carriers inside a zone.

use super::*;
use crate::lexicon::Tag;
use regex::Regex;

impl Extractor {
    pub(super) fn parks(&self, text: &str, hits: &[(usize, usize, Tag)], ms: &mut Vec<Mention>) {
        static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
        let re = RE.get_or_init(|| Regex::new(r"(?:产业园|科技园|科创园|工业园|创业园|软件园|科学城|科技城|生物城|智造城|小镇|园)").expect("park regex"));
        let listed = self.listed_parks(text, hits, ms);
        for m in re.find_iter(text) {
            let head = m.as_str();
            if listed.iter().any(|r| r.start < m.end() && m.start() < r.end) {
                continue;
            }
            // 园区 is a reference, 园长 / 园林 are words
            let next = text[m.end()..].chars().next();
            if head == "园" && next.map(|c| "区长林艺地内".contains(c)).unwrap_or(false) {
                continue;
            }
            if head != "小镇" && !head.ends_with('城') && next == Some('区') {
                continue;
            }
            let max = 8;
            let start = Self::left_extend(text, m.start(), max, &[]);
            // starts after a zone or park written right before it (X高新区Y园, Y园万亩产业园)
            let mut start = start;
            // (a zone's bare alias such as 光谷 stays part of the park's name: 光谷软件园)
            let suffixed = |z: &Mention| z.kind == Kind::Park || self.lex.zone_suffixes.iter().any(|(s, _, _)| z.name.ends_with(s.as_str())) || z.rule == "zone.body";
            for z in ms.iter().filter(|z| matches!(z.kind, Kind::Zone | Kind::Park) && suffixed(z)) {
                if z.range.end <= m.start() && z.range.end > start {
                    start = z.range.end;
                }
            }
            // and after a carrier written before it (千亩加速器聚锦科创园)
            for carrier in ["加速器", "孵化器", "片区", "基地", "园"] {
                if let Some(p) = text[start..m.start()].rfind(carrier) {
                    start = start + p + carrier.len();
                }
            }
            let start = self.cut_at_verb(text, start, m.start(), 1, hits);
            let stem = &text[start..m.start()];
            let n = stem.chars().count();
            if n == 0 || Self::preceded_by_count(text, start) || stem.contains("特色") || stem.starts_with('各') {
                continue; // 10个特色产业园区, 航空特色小镇: categories, not names
            }
            if stem.chars().any(|c| CN_DIGITS.contains(c)) && n <= 3 && !self.lex.is_place(stem) {
                continue; // 一区五园
            }
            let ok = if head == "园" {
                // a district + 园, or an industry + 园 (零部件园)
                (n == 2 && self.lex.is_place(stem)) || (n >= 3 && !self.is_generic_stem(stem) && !stem.contains('的'))
            } else {
                n >= 2 && !self.is_generic_stem(stem)
            };
            if !ok {
                continue;
            }
            ms.push(simple(Kind::Park, start..m.end(), text[start..m.end()].to_string(), "park.head", 0.8));
        }
    }
}

impl Extractor {
    /// Parks named in a list (一区五园: A园、B园、C园和D园; 三园分别为A园区、B园区和C园区):
    /// two or more short names each ending in 园 or 园区. A listed name is a
    /// park wherever else the article writes it (A园面积29平方公里).
    fn listed_parks(&self, text: &str, hits: &[(usize, usize, Tag)], ms: &mut Vec<Mention>) -> Vec<std::ops::Range<usize>> {
        static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
        let re = RE.get_or_init(|| Regex::new(r"[\p{Han}&&[^、和及与,，。;；]]{2,16}园区?(?:(?:、|和|及|与)[\p{Han}&&[^、和及与,，。;；]]{2,10}园区?)+").expect("park list regex"));
        let mut names: Vec<String> = Vec::new();
        let mut ranges = Vec::new();
        let lists = captures_near(re, text, |s| s.contains('园') && s.contains(['、', '和', '及', '与']));
        for m in lists.iter().filter_map(|c| c.get(0)) {
            let mut items: Vec<std::ops::Range<usize>> = Vec::new();
            let mut at = m.start();
            for part in m.as_str().split(['、', '和', '及', '与']) {
                items.push(at..at + part.len());
                at += part.len() + 3;
            }
            // the first item starts after the words that introduce the list
            let first = items[0].clone();
            let mut start = first.start;
            for lead in ["分别为", "分别是", "包括", "即", "以", "为", "是", "有", "由", "含"] {
                if let Some(p) = text[start..first.end].rfind(lead) {
                    start = start + p + lead.len();
                }
            }
            // and after a zone or park written before it (常州高新区武进园)
            for z in ms.iter().filter(|z| matches!(z.kind, Kind::Zone | Kind::Park)) {
                // (unless what follows says nothing alone: X高新区核心园区)
                if z.range.start >= first.start && z.range.end > start && z.range.end < first.end {
                    let rest = text[z.range.end..first.end].trim_end_matches('区').trim_end_matches('园');
                    if !self.is_generic_stem(rest) {
                        start = start.max(z.range.end);
                    }
                }
            }
            let start = self.cut_at_verb(text, start, first.end, 2, hits);
            items[0] = start..first.end;
            let ok = items.iter().all(|r| {
                let stem = text[r.clone()].trim_end_matches('区').trim_end_matches('园');
                let n = stem.chars().count();
                // digits in a name are part of it (五桥园), but a name of digits alone is not one
                let digits = stem.chars().filter(|c| CN_DIGITS.contains(*c)).count();
                let generic = if digits > 0 { digits == n || (n == 2 && stem.ends_with(['区', '园'])) } else { self.is_generic_stem(stem) };
                (2..=12).contains(&n) && !generic && !stem.contains('的')
            });
            if !ok {
                continue;
            }
            for r in items {
                names.push(text[r.clone()].to_string());
                ranges.push(r);
            }
        }
        names.sort();
        names.dedup();
        for n in &names {
            for (s, _) in text.match_indices(n.as_str()) {
                let r = s..s + n.len();
                // a longer word ending in the name is not the park (X高峰园 is not 高峰园)
                let prev = text[..s].chars().next_back();
                if !ranges.contains(&r) && prev.is_some_and(|c| is_han(c) && !"在和与及的以为是从到至、".contains(c)) {
                    continue;
                }
                if !ranges.contains(&r) {
                    ranges.push(r.clone());
                }
            }
        }
        for r in &ranges {
            ms.push(simple(Kind::Park, r.clone(), text[r.clone()].to_string(), "park.list", 0.8));
        }
        ranges
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        super::super::table::check_entities(include_str!("../../tests/cases/park.tsv"), "park.tsv");
    }
}
