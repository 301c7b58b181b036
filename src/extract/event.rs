//! Events: meetings, signing ceremonies, contests.

use super::*;

impl Extractor {
    pub(super) fn events(&self, text: &str, ms: &mut Vec<Mention>) {
        for m in self.event_words.find_iter(text) {
            // the name runs back over quotes, brackets and a dash inside it
            // (首届中国-亚欧博览会…签约仪式), and starts after the last organising verb
            let base = Self::left_extend(text, m.start(), 40, &['“', '”', '(', ')', '-', '—']);
            let mut s2 = base;
            for v in ["举行", "召开", "举办", "承办好", "承办", "主办", "参加", "出席", "开展", "组织", "亮相", "获悉", "主持", "宣布", "在", "的"] {
                if let Some(p) = text[base..m.start()].rfind(v) {
                    s2 = s2.max(base + p + v.len());
                }
            }
            let mut start = s2;
            while text[start..].starts_with('”') {
                start += '”'.len_utf8();
            }
            // particles, verbs and a date before the name: 在X发布会, 继X仪式之后, 2月23日从X
            start = self.strip_event_lead(text, start, m.start());
            let stem = &text[start..m.start()];
            if stem.chars().filter(|c| is_han(*c) || c.is_ascii_alphanumeric()).count() < 2 {
                continue;
            }
            // 本次推介会, 此次大会: the event named before, not a name
            if ["本次", "此次", "这次", "本届", "此届"].iter().any(|w| stem.contains(w)) || ["该", "此"].iter().any(|w| stem.starts_with(w)) {
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

    /// Moves `start` past a date (2月23日, 4日上午), particles and verbs that
    /// open the phrase before an event's head.
    fn strip_event_lead(&self, text: &str, mut start: usize, head: usize) -> usize {
        static DATE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
        let date = DATE.get_or_init(|| Regex::new(r"^(?:[0-9]{1,4}年)?(?:[0-9]{1,2}月)?[0-9]{1,2}日(?:上午|下午|晚上|晚)?|^[0-9]{1,2}月(?:份)?").expect("date regex"));
        loop {
            let before = start;
            if let Some(m) = date.find(&text[start..head]) {
                start += m.end();
            }
            for lead in ["图为", "记者", "本报讯", "近日", "日前", "继", "在", "从", "于", "据", "由", "经", "随着", "通过", "借助", "依托", "参加", "出席"] {
                if text[start..head].starts_with(lead) && text[start + lead.len()..head].chars().count() >= 2 {
                    start += lead.len();
                }
            }
            start = self.strip_leading_verbs(text, start, head);
            if start == before {
                return start;
            }
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
