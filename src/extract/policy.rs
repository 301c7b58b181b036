//! Policies (book titles, …若干政策, 政策N条, N条措施, 实施方案, 办法, 清单) and programmes (quoted names with a head word, known programmes).

use super::*;
use crate::lexicon::Tag;

impl Extractor {
    pub(super) fn policies(&self, text: &str, ms: &mut Vec<Mention>) {
        for c in self.re_book.captures_iter(text) {
            let Some(inner) = c.get(1) else { continue };
            let name = inner.as_str();
            if name.chars().count() < 4 || ["报", "日报", "杂志", "网", "晚报"].iter().any(|s| name.ends_with(s)) {
                continue;
            }
            let kind = if ["手册", "工作体系", "一本通", "指南"].iter().any(|s| name.ends_with(s)) { Kind::Program } else { Kind::Policy };
            let mut m = simple(kind, inner.range(), name.to_string(), "policy.book_title", 0.9);
            if kind == Kind::Program {
                m.rule = "program.book_title";
                // a quoted core inside (“1234”) identifies the programme
                if let Some(q) = self.re_quote.captures(name).and_then(|q| q.get(1)) {
                    m.key = format!("“{}”", q.as_str());
                }
            }
            ms.push(m);
        }
        let strong = ["制定出台", "研究出台", "制定实施", "制定", "出台", "印发", "发布", "推出", "梳理", "编制", "修订"];
        // `min`: characters the name needs before its head (four for 若干政策; two for N条, whose count names it)
        let push = |ms: &mut Vec<Mention>, min: usize, head_start: usize, end: usize, rule: &'static str| {
            let mut s = Self::left_extend(text, head_start, 30, &[]);
            s = self.strip_leading_verbs(text, s, head_start);
            // an issuing verb inside: the name starts after the last one
            let mut cut = None;
            for v in strong {
                if let Some(p) = text[s..head_start].rfind(v) {
                    cut = cut.max(Some(s + p + v.len()));
                }
            }
            if let Some(c) = cut {
                s = c;
            }
            let stem = &text[s..head_start];
            // a policy head after enough characters makes a name (科技创新若干政策); a count does not
            if stem.chars().count() < min || stem.chars().next().map(|c| c.is_ascii_digit() || CN_DIGITS.contains(c)).unwrap_or(true) {
                return;
            }
            ms.push(simple(Kind::Policy, s..end, text[s..end].to_string(), rule, 0.8));
        };
        for m in self.re_policy.find_iter(text) {
            push(ms, 4, m.start(), m.end(), "policy.head");
        }
        for m in self.re_policy_n.find_iter(text) {
            let s = m.as_str();
            if !(s.contains("措施") || s.contains("政策") || s.contains("意见") || s.contains("新政")) {
                continue;
            }
            // 产业促进政策20条: the head starts at 政策
            push(ms, 2, m.start(), m.end(), "policy.n_measures");
        }
    }

    pub(super) fn programs(&self, text: &str, hits: &[(usize, usize, Tag)], ms: &mut Vec<Mention>) {
        let mut cores: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut spans = Intervals::default();
        // quoted phrases (whole with its marks, inside), found once
        let quotes: Vec<(regex::Match, regex::Match)> = self.re_quote.captures_iter(text).filter_map(|c| Some((c.get(0)?, c.get(1)?))).collect();
        for c in self.re_program.captures_iter(text) {
            let (Some(all), Some(core)) = (c.get(0), c.get(1)) else { continue };
            let core_s = core.as_str();
            if core_s.chars().count() > 16 || core_s.contains('。') {
                continue;
            }
            // words between the quote and the head are a modifier, not a verb phrase (对“X”作了重新制定)
            let gap = c.get(2).map(|g| g.as_str()).unwrap_or("");
            if gap.contains('了') || self.verb_ac.is_match(gap) {
                continue;
            }
            let mut m = simple(Kind::Program, all.range(), all.as_str().to_string(), "program.quoted_head", 0.85);
            m.key = format!("“{core_s}”");
            cores.insert(m.key.clone());
            ms.push(m);
        }
        // quoted names that end with a head themselves (“一号工程”)
        let self_heads = ["工程", "行动", "计划", "机制", "模式", "工作法", "制"];
        for &(all, core) in &quotes {
            let s = core.as_str();
            // “四个机制”, “三个转变”: counted slogans, not names
            let mut cs = s.chars();
            if cs.next().map(|c| CN_DIGITS.contains(c)).unwrap_or(false) && cs.next() == Some('个') {
                continue;
            }
            if s.chars().count() >= 3 && s.chars().count() <= 12 && self_heads.iter().any(|h| s.ends_with(h)) && !s.contains(['、', ',', '，']) {
                let mut m = simple(Kind::Program, all.range(), s.to_string(), "program.quoted_self_head", 0.7);
                m.key = format!("“{s}”");
                cores.insert(m.key.clone());
                ms.push(m);
            }
        }
        // bare quoted slogans that name a programme the zone runs: a verb that
        // says so right before (推行“…”, 围绕“…”, 全面推开“…”, lexicon
        // `program_cues.txt`) and a number, a list of parts or a campaign year in
        // the slogan (“三个一”, “马上办、网上办、一次办”, “实体大厅+网上大厅”,
        // “项目攻坚年”); counted principles (“四个坚持”, “六项要求”) are not
        // programmes. A quoted N条 is a policy (“十条措施”, “黄金10条”, “人才9策24条”).
        for &(all, core) in &quotes {
            let s = core.as_str();
            let n = s.chars().count();
            if !(3..=24).contains(&n) || s.contains([',', '，', '。', ':', '：', ';', '；', '!', '?']) || s.starts_with('第') || s.ends_with('级') {
                continue;
            }
            if spans.catch_up(ms, |_| true).any_overlap(&all.range()) || self.lex.titles.contains(s) {
                continue;
            }
            // a quoted document name (“三定工作方案”) is a policy
            if n >= 4 && self.lex.policy_heads.iter().chain(["工作方案".to_string()].iter()).any(|h| s.ends_with(h.as_str())) {
                ms.push(simple(Kind::Policy, core.range(), s.to_string(), "policy.quoted_head", 0.75));
                continue;
            }
            if self.re_policy_count.is_match(s) {
                ms.push(simple(Kind::Policy, core.range(), s.to_string(), "policy.quoted_count", 0.75));
                continue;
            }
            let mut cs = s.chars();
            let counted =
                cs.next().is_some_and(|c| c.is_ascii_digit() || CN_DIGITS.contains(c)) && cs.next().is_some_and(|c| c == '个' || c == '项') && !cs.any(|c| c.is_ascii_digit() || CN_DIGITS.contains(c));
            let numbered = s.chars().any(|c| c.is_ascii_digit() || CN_DIGITS.contains(c));
            let listed = s.contains(['、', '+', '＋']);
            let campaign = s.ends_with('年') && n >= 4;
            let before = &text[..all.start()];
            let cued = self.lex.program_cues.iter().any(|v| before.ends_with(v.as_str()));
            if cued && !counted && (numbered || listed || campaign) {
                let mut m = simple(Kind::Program, all.range(), all.as_str().to_string(), "program.quoted_slogan", 0.65);
                m.key = format!("“{s}”");
                cores.insert(m.key.clone());
                ms.push(m);
            }
        }
        // known programmes
        for &(s, e, tag) in hits {
            if let Tag::Program(i) = tag {
                let name = self.lex.programs[i].clone();
                let mut m = simple(Kind::Program, s..e, name.clone(), "program.lexicon", 0.9);
                m.key = format!("“{name}”");
                cores.insert(m.key.clone());
                ms.push(m);
            }
        }
        // standalone quoted mentions of a programme named with a head elsewhere
        for &(all, core) in &quotes {
            let key = format!("“{}”", core.as_str());
            if cores.contains(&key) {
                let mut m = simple(Kind::Program, all.range(), all.as_str().to_string(), "program.quoted_coref", 0.8);
                m.key = key;
                ms.push(m);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        super::super::table::check_entities(include_str!("../../tests/cases/policy.tsv"), "policy.tsv");
    }
}
