//! Observations: reported figures with value, unit, growth, qualifier and period.

use super::*;
use std::ops::Range;

/// A figure the figure regexes found: the whole match, the value (as
/// written, or converted from Chinese numerals), the qualifier before and
/// after, the magnitude and the unit.
struct Cand {
    all: Range<usize>,
    value: String,
    pre: Option<String>,
    post: Option<String>,
    mag: String,
    unit: String,
    rule: &'static str,
}

/// What the passes over one article's figures share.
struct Scan<'t> {
    a: &'t Article,
    text: &'t str,
    /// the quoted and book-title spans
    quoted: Intervals,
    periods: Periods,
    /// every growth rate of the text, found once
    growth_caps: Vec<regex::Captures<'t>>,
    /// growth rates already given to a figure
    consumed_growth: Intervals,
    /// the article's mentions, to find those of a sentence without a scan of all
    mentions: Intervals,
    out: Vec<ObservationM>,
    /// `out`'s spans, caught up before each question
    out_spans: Intervals,
    /// the first figure reported with each value and unit
    first_of: HashMap<(String, String), usize>,
}

impl Scan<'_> {
    fn in_quote(&self, r: &Range<usize>) -> bool {
        self.quoted.any_containing(r)
    }

    /// The sentence holding a byte offset.
    fn sentence(&self, at: usize) -> Range<usize> {
        self.a.sentences.get(self.a.sentence_of(at)).cloned().unwrap_or(0..self.text.len())
    }
}

impl Extractor {
    pub(super) fn observations(&self, a: &Article, quoted: &[Range<usize>], ex: &mut Extraction) {
        let text = a.clean.text.as_str();
        let mut quoted_spans = Intervals::default();
        for q in quoted {
            quoted_spans.insert(q, 0);
        }
        let mut mentions = Intervals::default();
        mentions.catch_up(&ex.mentions, |_| true);
        let mut sc = Scan {
            a,
            text,
            quoted: quoted_spans,
            periods: self.periods(text),
            growth_caps: self.re_growth.captures_iter(text).collect(),
            consumed_growth: Intervals::default(),
            mentions,
            out: Vec::new(),
            out_spans: Intervals::default(),
            first_of: HashMap::new(),
        };
        for c in self.figure_candidates(text) {
            if !sc.in_quote(&c.all) && !self.not_a_quantity(text, &c) {
                self.value_figure(&mut sc, ex, c);
            }
        }
        self.growth_lists(&mut sc, ex);
        self.growth_after(&mut sc, ex);
        self.growth_only(&mut sc, ex);
        sc.out.sort_by_key(|o| o.range.start);
        self.shares(&mut sc);
        ex.observations = sc.out;
    }

    /// Every figure of the text (Arabic and Chinese numerals), in text order.
    fn figure_candidates(&self, text: &str) -> Vec<Cand> {
        let mut cands: Vec<Cand> = Vec::new();
        // (the regexes only find the figures; the parts are split by hand, which
        // costs a fraction of a capture search; a figure the split cannot read
        // falls back to the regex's groups)
        let own = |x: Option<&str>| x.map(str::to_string);
        for m in figure_matches(&self.re_figure_num, text, FIGURE_PRE) {
            let found = &text[m.clone()];
            let parts = self.split_figure(found, FIGURE_PRE, |c| c.is_ascii_digit() || c == '.', FIGURE_MAG).or_else(|| {
                let c = self.re_figure.captures(found)?;
                Some((c.get(1).map(|x| x.as_str()), c.get(2)?.as_str(), c.get(3).map(|x| x.as_str()), c.get(4).map_or("", |x| x.as_str()), c.get(5)?.as_str()))
            });
            let Some((pre, value, post, mag, unit)) = parts else { continue };
            cands.push(Cand { all: m, value: value.to_string(), pre: own(pre), post: own(post), mag: mag.to_string(), unit: unit.to_string(), rule: "figure.value_unit" });
        }
        // figures in Chinese numerals: 十二个, 三十余家 (single digits are words, not figures: 一个部门)
        for m in figure_matches(&self.re_figure_cn_num, text, &FIGURE_PRE[..5]) {
            let found = &text[m.clone()];
            let parts = self.split_figure(found, &FIGURE_PRE[..5], |c| CN_FIGURE_DIGITS.contains(c), &["万", "亿"]).or_else(|| {
                let c = self.re_figure_cn.captures(found)?;
                Some((c.get(1).map(|x| x.as_str()), c.get(2)?.as_str(), c.get(3).map(|x| x.as_str()), c.get(4).map_or("", |x| x.as_str()), c.get(5)?.as_str()))
            });
            let Some((pre, written, post, mag, unit)) = parts else { continue };
            let Some(v) = cn_number(written) else { continue };
            if v < 10 && !written.contains(['十', '百', '千']) {
                continue;
            }
            cands.push(Cand { all: m, value: v.to_string(), pre: own(pre), post: own(post), mag: mag.to_string(), unit: unit.to_string(), rule: "figure.cn_numeral" });
        }
        cands.sort_by_key(|c| c.all.start);
        cands
    }

    /// A number that is part of a longer one, a rank or a move in a ranking,
    /// a threshold (超10亿元的项目), a word (个人, 人员) or a count of zones.
    fn not_a_quantity(&self, text: &str, c: &Cand) -> bool {
        let all = c.all.clone();
        // a digit right before: part of a longer number we did not match; 第13位 is a rank
        // (a zone's place in a ranking is reported: 综合排名第29位, 位次为第24位)
        let prev = text[..all.start].chars().next_back();
        let ranked = prev == Some('第') && c.unit == "位" && {
            let before: String = text[..all.start - '第'.len_utf8()].chars().rev().take(8).collect::<Vec<_>>().into_iter().rev().collect();
            ["排名", "位次", "位居", "位列", "排在", "名列"].iter().any(|w| before.contains(w))
        };
        if !ranked && prev.map(|p| p.is_ascii_digit() || p == '.' || p == '第' || CN_DIGITS.contains(p)).unwrap_or(false) {
            return true;
        }
        let after = &text[all.end..];
        if after.starts_with('的') || after.starts_with("以上") || after.starts_with("以下") || text[..all.start].ends_with('等') {
            return true; // 超10亿元的项目, 等9个领域
        }
        let unit_s = c.unit.as_str();
        // a move in a ranking (上升58位, 前移3个位次, 排名前30位) is not a quantity
        let lead: String = text[..all.start].chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
        let moved = ["上升", "前移", "前进", "提升", "跃升", "后退", "下滑", "排名前"].iter().any(|w| lead.ends_with(w));
        if moved && (unit_s == "位" || after.starts_with("位") || after.starts_with("名")) || (unit_s == "位" && (lead.ends_with("前") || after.starts_with("次"))) {
            return true;
        }
        // 个 as part of 个百分点, 个人; 人 in 人员
        if unit_s == "个" && (after.starts_with("百分点") || after.starts_with('人') || after.starts_with('月') || after.starts_with("工作日") || after.starts_with("小时")) {
            return true;
        }
        let noun: String = after.chars().take_while(|c| is_han(*c)).take(6).collect();
        if self.lex.nonfigure_nouns.iter().any(|n| noun.contains(n.as_str())) {
            return true;
        }
        if unit_s == "人" && after.starts_with('员') {
            return true;
        }
        // counts of zones (4个国家级经开区, 国家级5个) are about a group of zones, not one
        if matches!(unit_s, "个" | "家") {
            let rest = ["国家级", "省级", "自治区级", "市级"].iter().find_map(|l| after.strip_prefix(l)).unwrap_or(after);
            let zone_noun = ["经济技术开发区", "经开区", "开发区", "高新区"].iter().find_map(|z| rest.strip_prefix(z));
            let lead6: String = text[..all.start].chars().rev().take(7).collect::<Vec<_>>().into_iter().rev().collect();
            let zone_before = ["经开区", "开发区", "高新区"].iter().any(|z| lead6.ends_with(z)) && ["国家级", "省级", "自治区级", "市级", "以上"].iter().any(|w| lead6.contains(w));
            if zone_noun.is_some_and(|r| !r.starts_with("企业")) || zone_before || ["国家级", "省级", "自治区级"].iter().any(|w| lead.ends_with(w)) {
                return true;
            }
        }
        false
    }

    /// A figure with its unit, qualifier, period, growth and subject.
    fn value_figure(&self, sc: &mut Scan, ex: &Extraction, c: Cand) {
        let (text, all) = (sc.text, c.all.clone());
        let unit_s = c.unit.as_str();
        let after = &text[all.end..];
        let unit = format!("{}{unit_s}", c.mag);
        let mut qualifier = c.pre.clone().filter(|q| !matches!(q.as_str(), "达到" | "达" | "突破"));
        if qualifier.as_deref() == Some("超过") {
            qualifier = Some("超".into());
        }
        if let Some(p) = c.post.clone() {
            qualifier = Some(p);
        }
        let sent = sc.sentence(all.start);
        if qualifier.is_none() && text[sent.start..all.start].contains("预计") {
            qualifier = Some("预计".into());
        }
        // growth reported with the figure: 4191.83亿元,增长2.99%
        let mut growth = None;
        // (only the next few dozen characters matter: the search must not run to the text's end)
        // (the growth matches were found once over the whole text; one starting
        // right here, or after one short clause, is the figure's)
        let growth_at = |at: usize| sc.growth_caps.binary_search_by_key(&at, |g| g.get(0).map_or(0, |m| m.start())).ok().map(|i| &sc.growth_caps[i]);
        let rest = after.trim_start_matches([',', '，', ' ']);
        let mut at = text.len() - rest.len();
        // one short clause without figures may stand between: ,按可比价计算,同比增长9.7%
        if growth_at(at).is_none() {
            if let Some(p) = rest.char_indices().take(14).find(|(_, c)| *c == ',').map(|(i, _)| i) {
                if !rest[..p].chars().any(|c| c.is_ascii_digit()) {
                    at += p + 1;
                }
            }
        }
        if let Some(g) = growth_at(at) {
            let list = g.get(4).map(|m| !m.as_str().is_empty()).unwrap_or(false);
            if !list {
                growth = Some(signed(g));
                sc.consumed_growth.insert(&g.get(0).map_or(at..at, |m| m.range()), 0);
            }
        }
        let indicator = self.indicator(text, sent.start, all.start, all.end, sent.end);
        let Some(mut subject) = self.subject(text, ex, &sc.mentions, sent.clone(), all.start, unit_s) else { return };
        // a figure written again (此次签约的129个项目) is the one reported before, on its subject
        if let Some(o) = sc.first_of.get(&(c.value.clone(), unit.clone())).map(|&i| &sc.out[i]) {
            if matches!(subject, Target::Mention(i) if ex.mentions[i].kind == Kind::Event) {
                subject = o.subject.unwrap_or(subject);
            }
        }
        sc.first_of.entry((c.value.clone(), unit.clone())).or_insert(sc.out.len());
        sc.out.push(ObservationM {
            subject: Some(subject),
            figure: Figure { indicator, value: Some(c.value.clone()), unit: Some(unit), growth, period: Self::period(&sc.periods, sent.start, all.start), qualifier, ..Default::default() },
            range: all.clone(),
            rule: c.rule,
            confidence: if c.rule == "figure.cn_numeral" { 0.7 } else { 0.8 },
        });
    }

    /// Growth rates listed for the figures before them: 分别为775.28亿元、112.91亿元,增速分别为27.3%、20.1%.
    fn growth_lists(&self, sc: &mut Scan, ex: &Extraction) {
        let text = sc.text;
        // growth rates listed for the figures before them: 分别为775.28亿元、112.91亿元,增速分别为27.3%、20.1%
        for g in &sc.growth_caps {
            let (Some(all), Some(first), Some(more)) = (g.get(0), g.get(3), g.get(4)) else { continue };
            if more.as_str().is_empty() || sc.in_quote(&all.range()) {
                continue;
            }
            let neg = is_fall(g.get(2).map(|x| x.as_str()).unwrap_or(""));
            let rates: Vec<String> = std::iter::once(first.as_str())
                .chain(more.as_str().split(['、', '和', '及', '与']).map(|x| x.trim_end_matches(['%', '％'])).filter(|x| !x.is_empty()))
                .map(|v| if neg { format!("-{v}") } else { v.to_string() })
                .collect();
            let sent = sc.sentence(all.start());
            let spans = sc.out_spans.catch_up_with(&sc.out, |o| Some(o.range.clone()));
            let mut idx: Vec<usize> = spans.starting_in(sent.start..all.start() + 1).into_iter().filter(|&i| sc.out[i].growth.is_none() && sc.out[i].range.end <= all.start()).collect();
            if idx.len() < rates.len() {
                // growth-only figures of listed indicators: A、B的增幅分别为6%和5%
                let ind_end = g.get(1).or(g.get(2)).map(|x| x.start()).unwrap_or(all.start());
                let clause_start = text[sent.start..ind_end].rfind([',', '，', ';', '；', ':', '：']).map(|p| sent.start + p + 1).unwrap_or(sent.start);
                let clause = text[clause_start..ind_end].trim_end_matches(['预', '计']).trim_end_matches("的");
                let parts: Vec<&str> = clause.split(['、', '和', '及', '与']).collect();
                if idx.is_empty() && parts.len() == rates.len() && parts.iter().all(|p| (2..=16).contains(&p.chars().count()) && p.chars().all(is_han)) {
                    let Some(subject) = self.subject(text, ex, &sc.mentions, sent.clone(), clause_start, "") else { continue };
                    for (part, r) in parts.iter().zip(rates) {
                        let at = clause_start + text[clause_start..].find(part).unwrap_or(0);
                        let indicator = part.to_string();
                        sc.out.push(ObservationM {
                            subject: Some(subject),
                            figure: Figure { indicator, growth: Some(r), period: Self::period(&sc.periods, sent.start, all.start()), ..Default::default() },
                            range: at..at + part.len(),
                            rule: "figure.growth_list",
                            confidence: 0.7,
                        });
                    }
                    sc.consumed_growth.insert(&all.range(), 0);
                }
                continue;
            }
            idx.drain(..idx.len() - rates.len());
            for (i, r) in idx.into_iter().zip(rates) {
                sc.out[i].growth = Some(r);
            }
            sc.consumed_growth.insert(&all.range(), 0);
        }
    }

    /// Growth written after its rate: 实现了2.8%的增长.
    fn growth_after(&self, sc: &mut Scan, ex: &Extraction) {
        let text = sc.text;
        // growth written after its rate: 实现了2.8%的增长
        let mut late: Vec<(Range<usize>, usize, String)> = Vec::new();
        for g in self.re_growth_after.captures_iter(text) {
            let (Some(all), Some(v)) = (g.get(0), g.get(1)) else { continue };
            let neg = is_fall(g.get(2).map(|x| x.as_str()).unwrap_or(""));
            late.push((all.range(), v.start(), if neg { format!("-{}", v.as_str()) } else { v.as_str().to_string() }));
        }
        for (all, ind_end, rate) in late {
            if sc.in_quote(&all) || sc.consumed_growth.any_overlap(&all) {
                continue;
            }
            let sent = sc.sentence(all.start);
            let indicator = self.indicator_before(text, sent.start, ind_end);
            if indicator.is_empty() {
                continue;
            }
            let Some(subject) = self.subject(text, ex, &sc.mentions, sent.clone(), all.start, "") else { continue };
            sc.out.push(ObservationM {
                subject: Some(subject),
                figure: Figure { indicator: indicator.clone(), growth: Some(rate), period: Self::period(&sc.periods, sent.start, all.start), ..Default::default() },
                range: text[sent.start..ind_end].rfind(indicator.as_str()).map(|p| sent.start + p).unwrap_or(all.start)..all.end,
                rule: "figure.growth_after",
                confidence: 0.75,
            });
            sc.consumed_growth.insert(&all, 0);
        }
    }

    /// Growth reported alone: 地区生产总值增长4%.
    fn growth_only(&self, sc: &mut Scan, ex: &Extraction) {
        let text = sc.text;
        // growth reported alone: 地区生产总值增长4%
        for g in &sc.growth_caps {
            let Some(all) = g.get(0) else { continue };
            if sc.consumed_growth.any_containing(&all.range()) || sc.in_quote(&all.range()) {
                continue;
            }
            if g.get(4).is_some_and(|m| !m.as_str().is_empty()) {
                continue;
            }
            let sent = sc.sentence(all.start());
            let ind_end = g.get(1).or(g.get(2)).map(|x| x.start()).unwrap_or(all.start());
            let indicator = self.indicator_before(text, sent.start, ind_end);
            if indicator.is_empty() {
                continue;
            }
            let Some(subject) = self.subject(text, ex, &sc.mentions, sent.clone(), all.start(), "") else { continue };
            let ind_start = text[sent.start..ind_end].rfind(indicator.as_str()).map(|p| sent.start + p).unwrap_or(all.start());
            sc.out.push(ObservationM {
                subject: Some(subject),
                figure: Figure { indicator, growth: Some(signed(g)), period: Self::period(&sc.periods, sent.start, all.start()), ..Default::default() },
                range: ind_start..all.end(),
                rule: "figure.growth_only",
                confidence: 0.8,
            });
        }
    }

    /// Shares: 占全市的76.21% belongs to the nearest figure before it in its sentence.
    fn shares(&self, sc: &mut Scan) {
        let text = sc.text;
        // shares: 占全市的76.21% belongs to the nearest figure before it in its sentence
        for m in self.re_share.captures_iter(text) {
            let (Some(all), Some(v)) = (m.get(0), m.get(1)) else { continue };
            let sent = sc.sentence(all.start());
            if let Some(o) = sc.out.iter_mut().rfind(|o| o.value.is_some() && o.share.is_none() && o.range.start >= sent.start && o.range.end <= all.start()) {
                o.share = Some(v.as_str().to_string());
            }
        }
    }

    /// The parts of a figure the figure regex found: qualifier before, number,
    /// 余/多, magnitude and unit, read greedily in the regex's order; `None`
    /// when that reading leaves no unit (the caller then asks the regex).
    #[allow(clippy::type_complexity)]
    fn split_figure<'a>(&self, m: &'a str, pres: &[&str], is_digit: impl Fn(char) -> bool, mags: &[&str]) -> Option<(Option<&'a str>, &'a str, Option<&'a str>, &'a str, &'a str)> {
        let pre = pres.iter().find(|p| m.starts_with(**p) && m[p.len()..].starts_with(&is_digit)).map(|p| &m[..p.len()]);
        let rest = &m[pre.map_or(0, str::len)..];
        let vend = rest.find(|c: char| !is_digit(c)).unwrap_or(rest.len());
        let (value, rest) = rest.split_at(vend);
        if value.is_empty() {
            return None;
        }
        for post in ["余", "多", ""] {
            let Some(r) = rest.strip_prefix(post) else { continue };
            for mag in mags.iter().copied().chain([""]) {
                if let Some(u) = r.strip_prefix(mag).filter(|u| self.lex.units.iter().any(|x| x == u)) {
                    let post = (!post.is_empty()).then(|| &rest[..post.len()]);
                    let mag = &r[..mag.len()];
                    return Some((pre, value, post, mag, u));
                }
            }
        }
        None
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
            if let Some(p) = find_short(s, v) {
                if p > 0 {
                    s = &s[..p];
                }
            }
        }
        for v in ["通过", "已", "完成", "均", "纳入", "的", "在", "获"] {
            if let Some(p) = find_short(s, v) {
                if p > 0 {
                    s = &s[..p];
                }
            }
        }
        // the noun ends where a verb starts (17家企业签约)
        for v in self.verbs.iter().filter(|v| v.chars().count() >= 2) {
            if let Some(p) = find_short(s, v) {
                if p > 0 {
                    s = &s[..p];
                }
            }
        }
        s.to_string()
    }

    fn indicator_before(&self, text: &str, sent_start: usize, start: usize) -> String {
        // an abbreviation in brackets between the indicator and its figure: 地区生产总值(GDP)712.3亿元
        let mut start = start;
        if text[sent_start..start].ends_with(')') {
            if let Some(open) = text[sent_start..start].rfind('(') {
                let inner = &text[sent_start + open + 1..start - 1];
                if inner.chars().count() <= 8 && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-') {
                    start = sent_start + open;
                }
            }
        }
        let mut s = start;
        for (n, (i, c)) in text[sent_start..start].char_indices().rev().enumerate() {
            if !is_han(c) || n >= 16 {
                break;
            }
            s = sent_start + i;
        }
        let mut phrase = &text[s..start];
        // drop qualifiers and verbs at the end, and everything up to a verb inside
        loop {
            let before = phrase;
            for q in ["预计", "近", "超过", "超", "约", "逾", "同比", "比上年", "较上年", "可", "将", "有望", "力争", "了", "也", "还", "均", "更是", "第", "为"] {
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
        // everything up to the end of the last figure verb inside goes
        if let Some(cut) = self.figure_verb_ac.find_overlapping_iter(phrase).map(|m| m.end()).max() {
            phrase = &phrase[cut..];
        }
        for v in ["其中", "以及", "和", "与", "同", "向", "对", "的", "在", "占", "有", "共", "全年", "已", "等", "后"] {
            if let Some(p) = rfind_short(phrase, v) {
                phrase = &phrase[p + v.len()..];
            }
        }
        // a project's name before its figure: 某某项目总投资180亿元
        for v in ["项目", "工程"] {
            if let Some(p) = rfind_short(phrase, v) {
                if phrase[p + v.len()..].chars().count() >= 2 {
                    phrase = &phrase[p + v.len()..];
                }
            }
        }
        // a zone or place at the start is the subject, not the indicator; 各类 says nothing
        let mut ph = phrase.to_string();
        if let Some(z) = self.zone_cue().find(&ph) {
            ph = ph[z.end()..].to_string();
        }
        for lead in self.lex.zone_refs.iter().map(String::as_str).chain([
            "各类",
            "各项",
            "全年",
            "全市",
            "全省",
            "个月",
            "季度",
            "今年",
            "去年",
            "当年",
            "同期",
            "上半年",
            "下半年",
            "前三季度",
            "一季度",
            "二季度",
            "三季度",
            "四季度",
        ]) {
            if let Some(r) = ph.strip_prefix(lead) {
                if r.chars().count() >= 2 {
                    ph = r.to_string();
                }
            }
        }
        // a word that only names the zone (该区, 园区) is the subject, not the indicator
        if ph.chars().count() < 2 || self.lex.zone_refs.contains(&ph) {
            return String::new();
        }
        ph
    }

    /// The subject of a figure: the nearest zone, park, project, company or
    /// event named before it in its sentence (某项目总投资10亿元 is the
    /// project's); a word referring to the zone (该区, 高新区): the article's
    /// zone. With no name before it, a sentence opened by a word referring
    /// back (该项目, 项目建成后, 该公司, 此次: `subject_refs.tsv`) is about the
    /// project, company or event named last; a figure about a group of zones
    /// (全区13家经开区, 各级开发区) is no zone's and gives `None`; else the
    /// article's zone.
    fn subject(&self, text: &str, ex: &Extraction, by_span: &Intervals, sent: Range<usize>, at: usize, unit: &str) -> Option<Target> {
        let near = by_span
            .starting_in(sent.start..at + 1)
            .into_iter()
            .map(|i| (i, &ex.mentions[i]))
            .filter(|(_, m)| m.range.end <= at)
            .filter(|(_, m)| match m.kind {
                Kind::Zone => true,
                // a project, company or park: in the figure's clause, or a project
                // heading its own clause right before it (X项目,总投资3亿元)
                // a park only right before its indicator (高峰园面积29.26平方公里); what a
                // park holds (园内已落户企业20家) is counted for the zone
                Kind::Park => {
                    let between = &text[m.range.end..at];
                    between.chars().count() <= 6 && between.chars().all(is_han) && !between.contains(['已', '中', '内', '有', '共', '落', '入', '驻', '家'])
                }
                Kind::Project | Kind::Company => {
                    let between = &text[m.range.end..at];
                    let breaks = between.matches([',', ';', ':']).count();
                    // a company opening the sentence is its topic through every clause
                    // (某公司去年获得投资200万元,当年营收1088万元), unless someone speaks
                    let topic = m.kind == Kind::Company && text[sent.start..m.range.start].trim().is_empty() && !["表示", "介绍", "说", "指出", "认为", "称"].iter().any(|v| between.contains(v));
                    topic || breaks == 0 || (m.kind == Kind::Project && breaks == 1 && between.starts_with(','))
                }
                _ => false,
            })
            .max_by_key(|(_, m)| m.range.end);
        let head = &text[sent.start..at];
        // the last group of zones named before the figure in its sentence
        let group_end = self.re_zone_group.find_iter(head).last().map(|g| sent.start + g.end());
        if let Some((i, m)) = near {
            if m.is_zone_ref && group_end == Some(m.range.end) {
                return None;
            }
            return Some(if m.is_zone_ref { Target::ArticleZone } else { Target::Mention(i) });
        }
        if group_end.is_some() {
            return None;
        }
        let clause_at = head.rfind([',', ';', ':', '，', '；', '：']).map(|p| p + head[p..].chars().next().map_or(1, char::len_utf8)).unwrap_or(0);
        let clause = &head[clause_at..];
        // a word opening the clause (or the sentence) refers back; 此次/本次 anywhere in the clause
        let opening = |s: &str, events: bool| {
            let s = s.trim_start();
            self.lex
                .subject_refs
                .iter()
                .filter(|(w, k)| if k == "Event" { events && s.contains(w.as_str()) } else { s.starts_with(w.as_str()) })
                .max_by_key(|(w, _)| w.len())
                .map(|(w, k)| (w.as_str(), k.as_str()))
        };
        if let Some((word, kind)) = opening(clause, true).or_else(|| opening(head, true)) {
            // 项目 alone before a count is the zone's projects (项目总数50个)
            let count = matches!(unit, "个" | "家" | "项");
            let found = match kind {
                "Project" if !(count && word == "项目") => ex.mentions.iter().rposition(|m| m.kind == Kind::Project && m.range.end <= at),
                "Company" => ex.mentions.iter().rposition(|m| m.kind == Kind::Company && m.range.end <= at),
                // 此次/本次: the event the article reports, the first it names
                "Event" => ex.mentions.iter().position(|m| m.kind == Kind::Event),
                _ => None,
            };
            if let Some(i) = found {
                return Some(Target::Mention(i));
            }
        }
        Some(Target::ArticleZone)
    }

    /// The period of a figure: the nearest year written before it in its
    /// sentence, else in its paragraph.
    /// Every period the text writes, found once: years (2023年上半年) and
    /// periods without a year (今年前三季度), as (start, end, period).
    fn periods(&self, text: &str) -> Periods {
        let years = self
            .re_year
            .captures_iter(text)
            .filter_map(|c| {
                let all = c.get(0)?;
                let y = c.get(1).map(|x| x.as_str().to_string()).unwrap_or_default();
                let p = match c.get(2) {
                    Some(p) => format!("{y}年{}", p.as_str()),
                    None => y,
                };
                Some((all.start(), all.end(), p))
            })
            .collect();
        static REL: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
        let rel = REL.get_or_init(|| Regex::new(r"(?:今年|去年|本年度|上年)?(?:上半年|下半年|前三季度|一季度|第一季度|二季度|三季度|四季度|[0-9]{1,2}(?:至|-|—)[0-9]{1,2}月)").expect("period regex"));
        let rels = rel.find_iter(text).map(|m| (m.start(), m.end(), m.as_str().to_string())).collect();
        (years, rels, memchr::memchr_iter(b'\n', text.as_bytes()).collect())
    }

    /// The period of a figure at `at`: the last year written before it in its
    /// sentence, else in its paragraph, else a period without a year there.
    fn period(periods: &Periods, sent_start: usize, at: usize) -> Option<String> {
        let (years, rels, newlines) = periods;
        // the matches do not overlap, so their ends come in order too: the
        // last one ending by `at` is the one to look at
        let last_in = |v: &[(usize, usize, String)], lo: usize| {
            let n = v.partition_point(|(_, e, _)| *e <= at);
            v[..n].last().filter(|(s, _, _)| *s >= lo).map(|x| x.2.clone())
        };
        if let Some(p) = last_in(years, sent_start) {
            return Some(p);
        }
        let k = newlines.partition_point(|&p| p < sent_start);
        let para_start = if k > 0 { newlines[k - 1] + 1 } else { 0 };
        last_in(years, para_start).or_else(|| last_in(rels, para_start))
    }
}

/// Qualifiers written before a figure, in the figure regex's order (the
/// first five also before Chinese numerals).
pub(super) const FIGURE_PRE: &[&str] = &["近", "超过", "超", "约", "逾", "达到", "达", "突破", "最高", "最多", "不超过", "不低于"];
/// The characters of a number written in Chinese numerals.
pub(super) const CN_FIGURE_DIGITS: &str = "一二三四五六七八九十百千两";

/// The figures in `text`: what `num` (a figure from its number on) finds,
/// started earlier by the longest qualifier written right before it (and
/// after the figure before). These are the spans a search for the figure
/// regex with its optional qualifier gives; a regex that may start with
/// words has no fast way to skip ahead and runs several times slower.
pub(super) fn figure_matches(num: &Regex, text: &str, pres: &[&str]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut last_end = 0;
    for m in num.find_iter(text) {
        let head = &text[last_end..m.start()];
        let s = pres.iter().filter(|p| head.ends_with(**p)).map(|p| m.start() - p.len()).min().unwrap_or(m.start());
        out.push(s..m.end());
        last_end = m.end();
    }
    out
}

/// Magnitudes before a unit, in the figure regex's order.
pub(super) const FIGURE_MAG: &[&str] = &["万亿", "千亿", "百亿", "亿", "千万", "百万", "十万", "万", "千"];

/// Years and periods without a year written in a text: (start, end, period).
/// Years and periods without a year (start, end, period), in text order,
/// and where the lines end.
type Periods = (Vec<(usize, usize, String)>, Vec<(usize, usize, String)>, Vec<usize>);

fn is_fall(word: &str) -> bool {
    matches!(word, "下降" | "减少" | "降低" | "下滑" | "回落" | "降幅")
}

fn signed(g: &regex::Captures) -> String {
    let neg = is_fall(g.get(2).map(|x| x.as_str()).unwrap_or(""));
    let v = g.get(3).map(|x| x.as_str()).unwrap_or("0");
    if neg {
        format!("-{v}")
    } else {
        v.to_string()
    }
}

/// The value of a Chinese numeral: 十二 → 12, 三十五 → 35, 两百 → 200, 一千二百 → 1200.
pub fn cn_number(s: &str) -> Option<u64> {
    let digit = |c: char| match c {
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    if s.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut section: u64 = 0;
    let mut cur: Option<u64> = None;
    for c in s.chars() {
        let d = if c == '两' { Some(2) } else { digit(c) };
        match (d, c) {
            (Some(d), _) => cur = Some(d),
            (None, '十') => {
                section += cur.unwrap_or(1) * 10;
                cur = None;
            }
            (None, '百') => {
                section += cur? * 100;
                cur = None;
            }
            (None, '千') => {
                section += cur? * 1000;
                cur = None;
            }
            (None, '万') => {
                total += (section + cur.unwrap_or(0)) * 10_000;
                section = 0;
                cur = None;
            }
            _ => return None,
        }
    }
    Some(total + section + cur.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    #[test]
    fn split_figures_agree_with_the_regex() {
        // every figure in the cases and the example page: the hand split gives the regex's groups
        let x = super::super::table::extractor();
        let text = [include_str!("../../tests/cases/figure.tsv"), include_str!("../../examples/000_1180e4d859a6c566.txt"), "超过5.5万亿元、三十余万家、近两千亿元、12千米、达到3000万平方米"].concat();
        let mut n = 0;
        // the digit-start search finds what an unanchored search finds
        for (re, num, pres) in [(&x.re_figure, &x.re_figure_num, super::FIGURE_PRE), (&x.re_figure_cn, &x.re_figure_cn_num, &super::FIGURE_PRE[..5])] {
            let free = regex::Regex::new(re.as_str().trim_start_matches('^')).unwrap();
            let want: Vec<_> = free.find_iter(&text).map(|m| m.range()).collect();
            assert_eq!(super::figure_matches(num, &text, pres), want);
        }
        let free = |re: &regex::Regex| regex::Regex::new(re.as_str().trim_start_matches('^')).unwrap();
        for c in free(&x.re_figure).captures_iter(&text) {
            let got = x.split_figure(&c[0], super::FIGURE_PRE, |c| c.is_ascii_digit() || c == '.', super::FIGURE_MAG);
            let want = (c.get(1).map(|m| m.as_str()), &c[2], c.get(3).map(|m| m.as_str()), c.get(4).map_or("", |m| m.as_str()), &c[5]);
            if let Some(g) = got {
                assert_eq!(g, want, "{}", &c[0]);
                n += 1;
            }
        }
        assert!(n > 50, "{n}");
        for c in free(&x.re_figure_cn).captures_iter(&text) {
            if let Some(g) = x.split_figure(&c[0], &super::FIGURE_PRE[..5], |c| "一二三四五六七八九十百千两".contains(c), &["万", "亿"]) {
                assert_eq!(g, (c.get(1).map(|m| m.as_str()), &c[2], c.get(3).map(|m| m.as_str()), c.get(4).map_or("", |m| m.as_str()), &c[5]), "{}", &c[0]);
            }
        }
    }

    #[test]
    fn table() {
        super::super::table::check_figures(include_str!("../../tests/cases/figure.tsv"), "figure.tsv");
    }
}
