//! Officials: persons after a chain of titles, with one position per title.

use super::*;
use std::ops::Range;

impl Extractor {
    /// A name (surname + one to three characters) at the start of `after`,
    /// followed by one of `followers`; returns its byte length.
    fn name_at(&self, after: &str, followers: &[&str]) -> Option<usize> {
        let chars: Vec<char> = after.chars().take(5).collect();
        for len in [3usize, 2, 4] {
            if chars.len() < len || !chars[..len].iter().all(|c| is_han(*c)) {
                continue;
            }
            // 刘刚说: a third character that starts the verb after a two-character name
            if len == 3 && "说在和与等也还就对为向到来称率则已作".contains(chars[2]) {
                continue;
            }
            let cand: String = chars[..len].iter().collect();
            let s1: String = chars[..1].iter().collect();
            let s2: String = chars[..2].iter().collect();
            let surname_ok = self.lex.surnames.contains(&s1) || (len >= 3 && self.lex.surnames.contains(&s2));
            if !surname_ok || (len == 4 && !self.lex.surnames.contains(&s2)) {
                continue;
            }
            let rest = &after[cand.len()..];
            if rest.is_empty() || followers.iter().any(|f| rest.starts_with(f)) {
                // a title word or a common word is not a name (主任科员, 王牌)
                if self.titles.iter().any(|t| cand.starts_with(t.as_str())) || self.lex.generic.contains(&cand) {
                    continue;
                }
                return Some(cand.len());
            }
        }
        None
    }

    /// Officials: title chains before a name (市委常委、常务副市长,高新区党工委书记X),
    /// several names sharing the chain (管委会副主任A、B、C), and the
    /// honorific order (X书记强调).
    pub(super) fn persons(&self, a: &Article, ms: &mut Vec<Mention>, positions: &mut Vec<PositionM>) {
        let text = a.clean.text.as_str();
        const FOLLOWERS: &[&str] = &[
            "表示", "介绍", "说", "指出", "强调", "认为", "提出", "在", "出席", "参加", "主持", "会见", "调研", "带队", "一行", "等", "同志",
            "称", "透露", "讲话", "致辞", "宣布", "率", "陪同", "和", "与", "及", "告诉", "坦言", "接受", "对", "也", "还", "就", "先后", "到", "来",
            "为", "向", "共同", "分别", "一同", "已", "则", "代表", "听取", "深入", "前往", "走访", "实地", "作", "发言", "发表",
            "、", ",", "。", ":", "(", ")", "”", " ", ";", "!", "?",
        ];
        const SPEECH: &[&str] = &["表示", "介绍", "说", "指出", "强调", "认为", "提出", "称", "透露", "讲话", "致辞", "要求", "主持", "出席", "调研", "带队", "一行"];
        // (name ranges, title range) for title-then-name
        let mut found: Vec<(Vec<Range<usize>>, Range<usize>)> = Vec::new();
        for m in self.re_title.find_iter(text) {
            // a remark in brackets between the title and the name: 常务副主任(主持工作)赵文斌
            let mut name_start = m.end();
            if let Some(rest) = text[m.end()..].strip_prefix('(') {
                if let Some(close) = rest.find(')') {
                    if rest[..close].chars().count() <= 8 {
                        name_start = m.end() + 1 + close + 1;
                    }
                }
            }
            let Some(nl) = self.name_at(&text[name_start..], FOLLOWERS) else { continue };
            let mut names = vec![name_start..name_start + nl];
            // 管委会副主任A、B、C: more names sharing the title
            let mut at = name_start + nl;
            while text[at..].starts_with('、') {
                let next = at + '、'.len_utf8();
                match self.name_at(&text[next..], FOLLOWERS) {
                    Some(l) => {
                        names.push(next..next + l);
                        at = next + l;
                    }
                    None => break,
                }
            }
            found.push((names, m.range()));
        }
        for (names, tr) in found {
            let chain = self.title_chain(text, tr.end, ms);
            for nr in names {
                if ms.iter().any(|x| x.range.start < nr.end && nr.start < x.range.end && x.kind != Kind::Place) {
                    continue;
                }
                ms.push(simple(Kind::Person, nr.clone(), text[nr.clone()].to_string(), "person.title_name", 0.85));
                let holder = ms.len() - 1;
                for (title, org, range) in &chain {
                    // the span runs from the title (and its body) to the holder's name
                    positions.push(PositionM { holder, title: title.clone(), org: *org, range: range.start..nr.end, rule: "position.title_chain", confidence: 0.85 });
                }
            }
        }
        // a title with no body of its own that shares its head with the post
        // before it in the sentence takes that post's body (主任A、副主任B)
        let sentence_of = |b: usize| a.sentence_of(b);
        let snapshot: Vec<(usize, String, Option<Target>)> = positions.iter().map(|p| (p.range.start, p.title.clone(), p.org)).collect();
        for p in positions.iter_mut().filter(|p| p.org.is_none()) {
            let head: String = p.title.chars().rev().take(2).collect::<Vec<_>>().into_iter().rev().collect();
            let prev = snapshot
                .iter()
                .filter(|(start, t, org)| *start < p.range.start && org.is_some() && t.ends_with(&head) && sentence_of(*start) == sentence_of(p.range.start))
                .max_by_key(|(start, _, _)| *start);
            if let Some((_, _, org)) = prev {
                p.org = *org;
            }
        }
        // honorific order: 王建国书记强调 (the name before a bare title, a speech verb after)
        for m in self.re_title.find_iter(text) {
            if !SPEECH.iter().any(|v| text[m.end()..].starts_with(v)) {
                continue;
            }
            let before: String = text[..m.start()].chars().rev().take_while(|c| is_han(*c)).take(4).collect::<Vec<_>>().into_iter().rev().collect();
            for len in [3usize, 2] {
                let n = before.chars().count();
                if n < len {
                    continue;
                }
                let cand: String = before.chars().skip(n - len).collect();
                let start = m.start() - cand.len();
                // the name must start the clause or follow a boundary word
                let lead: String = before.chars().take(n - len).collect();
                let clause_start = lead.is_empty() || ["据", "由", "在", "对", "和", "与"].iter().any(|w| lead.ends_with(w));
                if !clause_start || self.name_at(&text[start..], &[m.as_str()]).is_none() {
                    continue;
                }
                if ms.iter().any(|x| x.range.start < m.end() && start < x.range.end && x.kind != Kind::Place) {
                    break;
                }
                ms.push(simple(Kind::Person, start..m.start(), cand.clone(), "person.name_title", 0.75));
                let holder = ms.len() - 1;
                let org = if m.as_str().contains("党工委") || m.as_str().contains("管委会") { Some(Target::ArticleZone) } else { None };
                positions.push(PositionM { holder, title: m.as_str().to_string(), org, range: start..m.end(), rule: "position.name_title", confidence: 0.7 });
                break;
            }
        }
    }

    /// Parses `…、…,…TITLE` ending at `end` into (title, org, range) from left to right.
    fn title_chain(&self, text: &str, end: usize, ms: &[Mention]) -> Vec<(String, Option<Target>, Range<usize>)> {
        // segments separated by 、 or , going left
        let mut segs: Vec<Range<usize>> = Vec::new();
        let mut seg_end = end;
        loop {
            let mut s = seg_end;
            for (i, c) in text[..seg_end].char_indices().rev() {
                if matches!(c, '、' | ',' | ';' | ':' | '。' | '\n' | '“' | '”' | '!' | '?' | ' ' | '(' | ')') && !(c == '(' || c == ')') {
                    break;
                }
                s = i;
            }
            segs.push(s..seg_end);
            if s == 0 {
                break;
            }
            let delim = text[..s].chars().next_back();
            if !matches!(delim, Some('、') | Some(',')) || segs.len() >= 6 {
                break;
            }
            seg_end = s - delim.map(|c| c.len_utf8()).unwrap_or(1);
        }
        let mut out: Vec<(String, Option<Target>, Range<usize>)> = Vec::new();
        for (k, seg) in segs.iter().enumerate() {
            let st = &text[seg.clone()];
            let Some(title) = self.titles.iter().find(|t| st.ends_with(t.as_str())) else { break };
            let prefix_end = seg.end - title.len();
            let prefix = &text[seg.start..prefix_end];
            // the body the title belongs to: an entity ending where the title starts
            let org = ms
                .iter()
                .enumerate()
                .filter(|(_, m)| m.range.end == prefix_end && m.range.start >= seg.start && matches!(m.kind, Kind::Zone | Kind::Company | Kind::Organization | Kind::Place))
                .min_by_key(|(_, m)| m.range.start)
                .map(|(i, m)| (i, m.range.start));
            let mut title_s = title.clone();
            let mut org_t = org.map(|(i, _)| Target::Mention(i));
            let mut start = seg.end - title.len();
            if let Some((_, os)) = org {
                // junk before the body: only the segment next to the name may have it
                if os > seg.start && k > 0 {
                    break;
                }
                start = os;
            } else if !prefix.is_empty() {
                // X市委常委: the place is written inside the title word
                let pe = ms.iter().enumerate().find(|(_, m)| m.kind == Kind::Place && m.range.start >= seg.start && m.range.end > prefix_end && m.range.start < prefix_end);
                if let Some((i, m)) = pe {
                    org_t = Some(Target::Mention(i));
                    start = m.range.start;
                    let _ = &mut title_s;
                } else if k > 0 {
                    break;
                } else {
                    // a title whose own prefix names the body (管委会主任 with no zone before it)
                    title_s = title.clone();
                }
            }
            if org_t.is_none() && (title_s.contains("党工委") || title_s.contains("管委会") || title_s.contains("工委")) {
                org_t = Some(Target::ArticleZone);
            }
            out.push((title_s, org_t, start..seg.end));
        }
        out.reverse();
        // titles with no body of their own take the body of the title before them
        for i in 1..out.len() {
            if out[i].1.is_none() {
                out[i].1 = out[i - 1].1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        super::super::table::check_persons(include_str!("../../tests/cases/person.tsv"), "person.tsv");
    }
}
