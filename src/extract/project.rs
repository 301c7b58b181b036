//! Projects: named investment, construction and platform projects.

use super::*;
use crate::lexicon::Tag;
use std::ops::Range;

impl Extractor {
    pub(super) fn projects(&self, text: &str, hits: &[(usize, usize, Tag)], quoted: &[Range<usize>], ms: &mut Vec<Mention>) {
        let mut spans = Intervals::default();
        for m in self.re_project.find_iter(text) {
            let head = m.as_str();
            let after = &text[m.end()..];
            if ["版块", "板块", "审批", "库", "类", "建设", "签约", "落地", "载体", "搭建", "投资", "现场", "一线", "工地"].iter().any(|w| after.starts_with(w)) {
                continue;
            }
            // 工程院, 工程师, 工程(技术)中心: 工程 inside another word
            if head == "工程" && (after.starts_with(['院', '师', '学', '(', '（', '部', '局', '处', '队']) || after.starts_with("中心") || after.starts_with("技术")) {
                continue;
            }
            if quoted.iter().any(|q| q.start < m.start() && m.end() < q.end) {
                continue; // “一号工程” is a programme
            }
            let start = Self::left_extend(text, m.start(), 30, &[]);
            let start = after_entities(ms, spans.catch_up(ms, |_| true), start, m.start());
            let start = self.cut_at_verb(text, start, m.start(), 2, hits);
            let mut start = after_count(text, start, m.start());
            // one project named in two parts joined by 及/和/与 (X电池及Y封装项目,
            // 研发及生产基地建设项目); a part that is a project, a zone or a park
            // of its own ends the name
            while let Some(c) = text[..start].chars().next_back().filter(|c| "及和与".contains(*c)) {
                let j = start - c.len_utf8();
                let ps = Self::left_extend(text, j, 24, &['×', '/']);
                let ps = after_entities(ms, spans.catch_up(ms, |_| true), ps, j);
                let ps = self.cut_at_verb(text, ps, j, 2, hits);
                let part = &text[ps..j];
                if part.chars().count() < 2 || ["项目", "工程", "区", "园", "公司", "集团"].iter().any(|e| part.ends_with(e)) || self.is_generic_stem(part) || Self::preceded_by_count(text, ps)
                {
                    break;
                }
                start = ps;
            }
            // 还有X项目, 共有X项目: 有 standing as a word of its own opens the phrase
            for lead in ["还有", "共有", "另有", "有"] {
                if text[start..m.start()].starts_with(lead) && text[start + lead.len()..m.start()].chars().count() >= 3 && words::at(start + lead.len()) {
                    start += lead.len();
                    break;
                }
            }
            let stem = &text[start..m.start()];
            let n = stem.chars().count();
            let min = if head == "平台" { 4 } else { 3 };
            if n < min && !stem.chars().any(|c| c.is_ascii_alphabetic()) {
                continue;
            }
            // a stem that ends with an action (今年引进项目) names no project
            let action_end = ["引进", "引入", "签约", "签署", "开工", "落户", "推进", "谋划", "储备", "争取", "招引", "包装", "新建", "续建", "宣布", "执行", "落实", "跟踪", "调度", "服务", "保障"]
                .iter()
                .any(|v| stem.ends_with(v));
            // a place and generic words (在青岛投资项目), or a rank of projects (国家重点输电工程): a category
            let place_lead = hit_at(hits, start)
                .filter(|h| matches!(h.2, Tag::Place(_)))
                .map(|h| h.1)
                .or_else(|| spans.catch_up(ms, |_| true).starting_in(start..start + 1).into_iter().map(|i| &ms[i]).find(|p| matches!(p.kind, Kind::Park | Kind::Zone)).map(|p| p.range.end));
            let category = place_lead.is_some_and(|e| e < m.start() && self.is_generic_stem(&text[e..m.start()]))
                || ["国家重点", "省重点", "市重点", "省级重点", "市级重点", "以上", "以下"].iter().any(|w| stem.starts_with(w));
            if category || action_end || Self::preceded_by_count(text, start) || stem.contains('类') || stem.contains('的') || stem.starts_with('各') || self.is_generic_stem(stem) {
                continue;
            }
            ms.push(simple(Kind::Project, start..m.end(), text[start..m.end()].to_string(), "project.head", 0.75));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        super::super::table::check_entities(include_str!("../../tests/cases/project.tsv"), "project.tsv");
    }
}
