//! Observations: reported figures with value, unit, growth, qualifier and period.

use super::*;
use std::ops::Range;

impl Extractor {
    pub(super) fn observations(&self, a: &Article, quoted: &[Range<usize>], ex: &mut Extraction) {
        let text = a.clean.text.as_str();
        let mut consumed_growth: Vec<Range<usize>> = Vec::new();
        let mut out = Vec::new();
        let in_quote = |r: &Range<usize>| quoted.iter().any(|q| q.start <= r.start && r.end <= q.end);
        for c in self.re_figure.captures_iter(text) {
            let Some(all) = c.get(0) else { continue };
            let num = c.get(2).map(|x| x.range()).unwrap_or(all.range());
            if in_quote(&all.range()) {
                continue;
            }
            // a digit right before: part of a longer number we did not match
            let prev = text[..all.start()].chars().next_back();
            if prev.map(|p| p.is_ascii_digit() || p == '.' || p == '第').unwrap_or(false) {
                continue;
            }
            let after = &text[all.end()..];
            if after.starts_with('的') || after.starts_with("以上") || after.starts_with("以下") || text[..all.start()].ends_with('等') {
                continue; // 超10亿元的项目, 等9个领域
            }
            let unit_s = c.get(5).map(|u| u.as_str()).unwrap_or("");
            // 个 as part of 个百分点, 个人; 人 in 人员
            if unit_s == "个" && (after.starts_with("百分点") || after.starts_with('人')) {
                continue;
            }
            if self.lex.nonfigure_nouns.iter().any(|n| after.chars().take_while(|c| is_han(*c)).take(6).collect::<String>().contains(n.as_str())) {
                continue;
            }
            if unit_s == "人" && after.starts_with('员') {
                continue;
            }
            let mag = c.get(4).map(|x| x.as_str()).unwrap_or("");
            let unit = format!("{mag}{unit_s}");
            let mut qualifier = c.get(1).map(|x| x.as_str().to_string()).filter(|q| !matches!(q.as_str(), "达到" | "达" | "突破"));
            if qualifier.as_deref() == Some("超过") {
                qualifier = Some("超".into());
            }
            if let Some(p) = c.get(3) {
                qualifier = Some(p.as_str().to_string());
            }
            let sent_i = a.sentence_of(all.start());
            let sent = a.sentences.get(sent_i).cloned().unwrap_or(0..text.len());
            if qualifier.is_none() && text[sent.start..all.start()].contains("预计") {
                qualifier = Some("预计".into());
            }
            // growth reported with the figure: 4191.83亿元,增长2.99%
            let mut growth = None;
            let rest = after.trim_start_matches([',', '，', ' ']);
            let skipped = after.len() - rest.len();
            if let Some(g) = self.re_growth.captures(rest) {
                if g.get(0).map(|m| m.start() == 0).unwrap_or(false) {
                    let gm = g.get(0).map(|m| m.range()).unwrap_or(0..0);
                    let sign = matches!(g.get(2).map(|x| x.as_str()), Some("下降") | Some("减少") | Some("降低"));
                    let v = g.get(3).map(|x| x.as_str()).unwrap_or("0");
                    growth = Some(if sign { format!("-{v}") } else { v.to_string() });
                    let base = all.end() + skipped;
                    consumed_growth.push(base + gm.start..base + gm.end);
                }
            }
            let indicator = self.indicator(text, sent.start, all.start(), all.end(), sent.end);
            let subject = self.subject(ex, sent.clone(), all.start());
            out.push(ObservationM {
                subject: Some(subject),
                indicator,
                value: Some(text[num].to_string()),
                unit: Some(unit),
                growth,
                period: self.period(a, sent.start, all.start()),
                qualifier,
                range: all.range(),
                rule: "figure.value_unit",
                confidence: 0.8,
            });
        }
        // growth reported alone: 地区生产总值增长4%
        for g in self.re_growth.captures_iter(text) {
            let Some(all) = g.get(0) else { continue };
            if consumed_growth.iter().any(|r| r.start <= all.start() && all.end() <= r.end) || in_quote(&all.range()) {
                continue;
            }
            let sent_i = a.sentence_of(all.start());
            let sent = a.sentences.get(sent_i).cloned().unwrap_or(0..text.len());
            let ind_end = g.get(1).or(g.get(2)).map(|x| x.start()).unwrap_or(all.start());
            let indicator = self.indicator_before(text, sent.start, ind_end);
            if indicator.is_empty() {
                continue;
            }
            let sign = matches!(g.get(2).map(|x| x.as_str()), Some("下降") | Some("减少") | Some("降低"));
            let v = g.get(3).map(|x| x.as_str()).unwrap_or("0");
            let subject = self.subject(ex, sent.clone(), all.start());
            let ind_start = ind_end - indicator.len();
            out.push(ObservationM {
                subject: Some(subject),
                indicator,
                value: None,
                unit: None,
                growth: Some(if sign { format!("-{v}") } else { v.to_string() }),
                period: self.period(a, sent.start, all.start()),
                qualifier: None,
                range: ind_start..all.end(),
                rule: "figure.growth_only",
                confidence: 0.8,
            });
        }
        out.sort_by_key(|o| o.range.start);
        ex.observations = out;
    }

    /// The indicator of a figure: the words before it (工业总产值4191.83亿元),
    /// or the noun after its unit (695家企业).
    fn indicator(&self, text: &str, sent_start: usize, start: usize, end: usize, sent_end: usize) -> String {
        let before = self.indicator_before(text, sent_start, start);
        if !before.is_empty() {
            return before;
        }
        let after: String = text[end..sent_end.max(end)].chars().take_while(|c| is_han(*c)).take(8).collect();
        let mut s = after.as_str();
        for v in &self.figure_verbs {
            if let Some(p) = s.find(v.as_str()) {
                if p > 0 {
                    s = &s[..p];
                }
            }
        }
        for v in ["通过", "已", "完成", "均", "纳入", "的", "在", "获"] {
            if let Some(p) = s.find(v) {
                if p > 0 {
                    s = &s[..p];
                }
            }
        }
        s.to_string()
    }

    fn indicator_before(&self, text: &str, sent_start: usize, start: usize) -> String {
        let mut s = start;
        let mut n = 0;
        for (i, c) in text[sent_start..start].char_indices().rev() {
            if !is_han(c) || n >= 12 {
                break;
            }
            s = sent_start + i;
            n += 1;
        }
        let mut phrase = &text[s..start];
        // drop qualifiers and verbs at the end, and everything up to a verb inside
        loop {
            let before = phrase;
            for q in ["预计", "近", "超过", "超", "约", "逾", "同比", "比上年", "较上年"] {
                if let Some(p) = phrase.strip_suffix(q) {
                    phrase = p;
                }
            }
            for v in &self.figure_verbs {
                if let Some(p) = phrase.strip_suffix(v.as_str()) {
                    phrase = p;
                }
            }
            if phrase == before {
                break;
            }
        }
        for v in &self.figure_verbs {
            if let Some(p) = phrase.rfind(v.as_str()) {
                phrase = &phrase[p + v.len()..];
            }
        }
        for v in ["其中", "以及", "和", "的", "在", "占", "有", "共", "全年", "已"] {
            if let Some(p) = phrase.rfind(v) {
                phrase = &phrase[p + v.len()..];
            }
        }
        // a zone or place at the start is the subject, not the indicator
        let mut ph = phrase.to_string();
        if let Some(z) = self.zone_cue().find(&ph) {
            ph = ph[z.end()..].to_string();
        }
        if ph.chars().count() < 2 {
            return String::new();
        }
        ph
    }

    fn subject(&self, ex: &Extraction, sent: Range<usize>, at: usize) -> Target {
        ex.mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.kind == Kind::Zone && !m.is_zone_ref && m.range.start >= sent.start && m.range.end <= at)
            .max_by_key(|(_, m)| m.range.end)
            .map(|(i, _)| Target::Mention(i))
            .unwrap_or(Target::ArticleZone)
    }

    /// The period of a figure: the nearest year written before it in its
    /// sentence, else in its paragraph.
    fn period(&self, a: &Article, sent_start: usize, at: usize) -> Option<String> {
        let text = a.clean.text.as_str();
        let fmt = |c: regex::Captures| {
            let y = c.get(1).map(|x| x.as_str().to_string()).unwrap_or_default();
            match c.get(2) {
                Some(p) => format!("{y}年{}", p.as_str()),
                None => y,
            }
        };
        if let Some(c) = self.re_year.captures_iter(&text[sent_start..at]).last() {
            return Some(fmt(c));
        }
        let para_start = text[..sent_start].rfind('\n').map(|p| p + 1).unwrap_or(0);
        self.re_year.captures_iter(&text[para_start..at]).last().map(fmt)
    }
}
