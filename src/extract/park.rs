//! Parks: sub-parks, towns and carriers inside a zone.

use super::*;
use crate::lexicon::Tag;
use regex::Regex;

impl Extractor {
    pub(super) fn parks(&self, text: &str, hits: &[(usize, usize, Tag)], ms: &mut Vec<Mention>) {
        static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
        let re = RE.get_or_init(|| Regex::new(r"(?:产业园|科技园|科创园|工业园|创业园|软件园|科学城|科技城|生物城|智造城|小镇|园)").expect("park regex"));
        for m in re.find_iter(text) {
            let head = m.as_str();
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

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        super::super::table::check_entities(include_str!("../../tests/cases/park.tsv"), "park.tsv");
    }
}
