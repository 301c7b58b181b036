//! Events: meetings, signing ceremonies, contests.

use super::*;

impl Extractor {
    pub(super) fn events(&self, text: &str, ms: &mut Vec<Mention>) {
        for m in self.re_event.find_iter(text) {
            let mut start = Self::left_extend(text, m.start(), 24, &['“', '”', '(', ')']);
            // cut after the last organising verb
            let span = &text[start..m.start()];
            for v in ["举行", "召开", "举办", "承办好", "承办", "主办", "参加", "出席", "开展", "的"] {
                if let Some(p) = span.rfind(v) {
                    start = start.max(start + p + v.len());
                }
            }
            // re-anchor when several verbs cut: recompute from original span
            let base = Self::left_extend(text, m.start(), 24, &['“', '”', '(', ')']);
            let mut s2 = base;
            for v in ["举行", "召开", "举办", "承办好", "承办", "主办", "参加", "出席", "开展", "的"] {
                if let Some(p) = text[base..m.start()].rfind(v) {
                    s2 = s2.max(base + p + v.len());
                }
            }
            start = s2;
            while text[start..].starts_with('”') {
                start += '”'.len_utf8();
            }
            let stem = &text[start..m.start()];
            if stem.chars().filter(|c| is_han(*c) || c.is_ascii_alphanumeric()).count() < 2 {
                continue;
            }
            let mut end = m.end();
            // X挑战赛(Y赛区), and X大赛(Y赛区)Z赛 in full
            if let Some(rest) = text[end..].strip_prefix('(') {
                if let Some(close) = rest.find(')') {
                    if rest[..close].chars().count() <= 8 {
                        let after = &rest[close + 1..];
                        let tail: String = after.chars().take_while(|c| is_han(*c)).take(8).collect();
                        if tail.is_empty() || ["等", "和", "与", "及", "或", "上", "中"].iter().any(|w| tail.starts_with(w)) {
                            end += 1 + close + 1;
                        } else if tail.ends_with('赛') || tail.ends_with('会') {
                            end += 1 + close + 1 + tail.len();
                        }
                    }
                }
            }
            ms.push(simple(Kind::Event, start..end, text[start..end].to_string(), "event.head", 0.8));
        }
    }

}

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        super::super::table::check_entities(include_str!("../../tests/cases/event.tsv"), "event.tsv");
    }
}
