//! Companies (name + company suffix) and organisations (national bodies, place + government body, the zone's own bodies).

use super::*;
use crate::lexicon::Tag;

/// The subclass of an organisation, from the head of its name: 党政机关
/// (GovernmentBody), 事业单位 (PublicInstitution), 社会组织 (SocialOrganization).
pub fn org_class(name: &str) -> Option<&'static str> {
    const GOV: &[&str] = &[
        "人民政府",
        "政府",
        "市委",
        "区委",
        "省委",
        "县委",
        "党委",
        "党工委",
        "管委会",
        "管理委员会",
        "检察院",
        "法院",
        "办公厅",
        "办公室",
        "委员会",
        "发改委",
        "部",
        "局",
        "厅",
        "司",
        "署",
        "党支部",
    ];
    const PUB: &[&str] = &["中心", "研究院", "研究所", "大学", "学院", "实验室", "医院", "学校"];
    const SOC: &[&str] = &["协会", "商会", "联合会", "学会", "促进会", "联盟"];
    if GOV.iter().any(|h| name.ends_with(h)) {
        Some("GovernmentBody")
    } else if PUB.iter().any(|h| name.ends_with(h)) {
        Some("PublicInstitution")
    } else if SOC.iter().any(|h| name.ends_with(h)) {
        Some("SocialOrganization")
    } else {
        None
    }
}

/// Is `s` made only of the words a zone's platform company is named with
/// (投资控股, 建设发展, 城市建设投资)?
const PLATFORM_WORDS: &[&str] = &["投资", "控股", "建设", "发展", "开发", "运营", "实业", "城投", "资产", "管理", "经营", "产业", "集团", "科技", "创新", "服务", "城市", "置业", "国有"];

fn platform_words(s: &str) -> bool {
    let mut rest = s;
    while !rest.is_empty() {
        match PLATFORM_WORDS.iter().find(|w| rest.starts_with(**w)) {
            Some(w) => rest = &rest[w.len()..],
            None => return false,
        }
    }
    !s.is_empty()
}

impl Extractor {
    pub(super) fn companies(&self, text: &str, hits: &[(usize, usize, Tag)], ms: &mut Vec<Mention>) {
        let mut spans = Intervals::default();
        for m in self.re_company.find_iter(text) {
            let start = Self::left_extend(text, m.start(), 24, &['(', ')', '·', '&']);
            let start = after_entities(ms, spans.catch_up(ms, |_| true), start, m.start());
            // single-character particles occur inside firm names (华为): only words cut here,
            // and a particle only at the very start (与X有限公司签约)
            let mut start = self.cut_at_verb_n(text, start, m.start(), 2, hits, 2);
            // 分别同X有限公司, 园区内X有限公司: an adverb or 内 after a place opens the phrase
            if let Some(p) = text[start..m.start()].find("分别") {
                if text[start + p + "分别".len()..m.start()].chars().count() >= 3 {
                    start += p + "分别".len();
                }
            }
            if text[start..m.start()].starts_with('内') && text[..start].ends_with(['区', '园']) {
                start += '内'.len_utf8();
            }
            // a bracket closed or opened before the name is not part of it, nor a
            // particle after it: （以下简称“甲”）与X有限公司
            loop {
                let was = start;
                while text[start..].starts_with([')', '(']) {
                    start += 1;
                }
                // a bracket closed with none opened in the name ends what came before: 开发区(北区)和X有限公司
                if let Some(p) = text[start..m.start()].find(')') {
                    if !text[start..start + p].contains('(') {
                        start += p + 1;
                    }
                }
                if let Some(c) = text[start..m.start()].chars().next() {
                    if "与和同由对向在是将把被让及跟".contains(c) && text[start + c.len_utf8()..m.start()].chars().count() >= 2 {
                        start += c.len_utf8();
                    }
                }
                if start == was {
                    break;
                }
            }
            // a word saying what it is goes before the name: 签约企业X有限公司, 项目投资方为X
            for lead in ["签约企业", "入驻企业", "落户企业", "企业", "投资方为", "投资方", "业主单位", "建设单位", "承建方"] {
                if let Some(p) = rfind_short(&text[start..m.start()], lead) {
                    if text[start + p + lead.len()..m.start()].chars().count() >= 4 {
                        start += p + lead.len();
                    }
                }
            }
            // a zone's own platform company keeps the zone in its name (X高新区投资控股有限公司)
            // (only a zone ending inside the run of platform-word characters
            // before the name can: one look at the zones ending there)
            let run = text[..m.start()].len() - text[..m.start()].trim_end_matches(|c: char| PLATFORM_WORDS.iter().any(|w| w.contains(c))).len();
            let lo = m.start() - run;
            let zones = spans.catch_up(ms, |_| true).ending_within(lo.saturating_sub(1), start);
            if let Some(z) = zones.into_iter().map(|i| &ms[i]).find(|z| z.kind == Kind::Zone && !z.is_zone_ref && platform_words(&text[z.range.end..m.start()])) {
                start = z.range.start;
            }
            // a particle inside: the name starts after it (园区内的X分公司)
            if let Some(p) = text[start..m.start()].rfind('的') {
                if text[start + p + '的'.len_utf8()..m.start()].chars().count() >= 2 {
                    start += p + '的'.len_utf8();
                }
            }
            let stem = &text[start..m.start()];
            // 签约完成后公司会…: a time clause, not a name
            if stem.chars().count() < 2 || self.is_generic_stem(stem) || stem.ends_with(['后', '前', '时']) {
                continue;
            }
            let name = text[start..m.end()].to_string();
            ms.push(simple(Kind::Company, start..m.end(), name, "company.suffix", 0.9));
        }
    }

    /// Companies named without a legal form in an enumeration that says they
    /// are companies: `A、B、C等一批重点企业`, `包括A、B在内的5家企业`,
    /// `A、B、C……这些工业企业`. The first item starts at a word after the
    /// last verb before it.
    pub(super) fn enumerated_companies(&self, text: &str, hits: &[(usize, usize, Tag)], ms: &mut Vec<Mention>) {
        static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
        let re = RE.get_or_init(|| Regex::new(r"((?:[\p{Han}A-Za-z0-9·]{2,12}、)+[\p{Han}A-Za-z0-9·]{2,12})(?:等|在内的|……|…)([^,，。;；:：!?]{0,16})").expect("enumeration regex"));
        const HEADS: &[&str] = &["企业", "公司", "集团", "龙头", "厂商", "品牌", "名企", "外企", "车企", "药企", "上市公司"];
        for c in captures_near(re, text, |s| s.contains('、') && (s.contains('等') || s.contains("在内") || s.contains('…'))) {
            let (Some(list), Some(tail)) = (c.get(1), c.get(2)) else { continue };
            // the tail names what the items are: modifiers, then a company word
            let Some(hp) = HEADS.iter().filter_map(|h| find_short(tail.as_str(), h)).min() else { continue };
            let lead = &tail.as_str()[..hp];
            if tail.as_str().contains("项目")
                || lead.contains(['为', '被', '对', '向', '给', '从', '和', '与'])
                || lead.contains("方面")
                || self.verbs.iter().any(|v| v.chars().count() >= 2 && lead.contains(v.as_str()))
            {
                continue;
            }
            let mut items: Vec<std::ops::Range<usize>> = Vec::new();
            let mut at = list.start();
            for part in list.as_str().split('、') {
                items.push(at..at + part.len());
                at += part.len() + '、'.len_utf8();
            }
            // the first item: after the last verb or particle before it, at a word
            let longest = items[1..].iter().map(|r| text[r.clone()].chars().count()).max().unwrap_or(4).max(2);
            if let Some(first) = items.first_mut() {
                let opened = text[..first.start].chars().next_back().is_some_and(|c| !is_han(c));
                let mut s = self.cut_at_verb_n(text, first.start, first.end, 2, hits, 1);
                for lead in ["包括", "如", "像", "有", "引进", "汇聚", "集聚"] {
                    if let Some(p) = find_short(&text[s..first.end], lead) {
                        if text[s + p + lead.len()..first.end].chars().count() >= 2 {
                            s = s + p + lead.len();
                        }
                    }
                }
                if !opened && text[s..first.end].chars().count() > longest + 2 {
                    // as long as the others: the words that end the run
                    let want = text[..first.end].char_indices().rev().nth(longest - 1).map(|(i, _)| i).unwrap_or(s).max(s);
                    s = words::snap_right(text, want, first.end);
                    if text[s..first.end].chars().count() < 2 {
                        continue;
                    }
                }
                first.start = s;
            }
            for r in items {
                let name = &text[r.clone()];
                if name.chars().count() < 2 || self.is_generic_stem(name) || name.chars().all(|c| c.is_ascii_digit()) || self.lex.is_place(name) {
                    continue;
                }
                ms.push(simple(Kind::Company, r.clone(), name.to_string(), "company.enumeration", 0.7));
            }
        }
    }

    pub(super) fn orgs(&self, text: &str, hits: &[(usize, usize, Tag)], ms: &mut Vec<Mention>) {
        // national bodies and what follows them: 科技部X中心
        for &(s, e, tag) in hits {
            if !matches!(tag, Tag::Ministry(_)) {
                continue;
            }
            let end = self.re_org_head.find(&text[e..]).map(|m| e + m.end()).unwrap_or(e);
            ms.push(simple(Kind::Organization, s..end, text[s..end].to_string(), "org.ministry", 0.9));
        }
        // place + government body: X市政府, X市检察院
        let heads = ["人民政府", "政府", "检察院", "人民法院", "法院", "公安局", "税务局", "发改委", "科技局", "商务局", "财政局"];
        for &(s, e, tag) in hits {
            if !matches!(tag, Tag::Place(_)) {
                continue;
            }
            let mut p = e;
            for suf in ["市", "省", "区", "县"] {
                if text[p..].starts_with(suf) {
                    p += suf.len();
                    break;
                }
            }
            if let Some(h) = heads.iter().find(|h| text[p..].starts_with(**h)) {
                let end = p + h.len();
                ms.push(simple(Kind::Organization, s..end, text[s..end].to_string(), "org.place_body", 0.85));
            }
        }
        // zone + body: 管委会 and 党工委 are the zone itself; a centre of the zone is an organisation
        let zone_ranges: Vec<(usize, usize, usize)> = ms.iter().enumerate().filter(|(_, m)| m.kind == Kind::Zone && !m.is_zone_ref).map(|(i, m)| (i, m.range.start, m.range.end)).collect();
        for (zi, s, e) in zone_ranges {
            for body in ["管委会", "管理委员会", "党工委"] {
                if text[e..].starts_with(body) && !self.titles.iter().any(|t| text[e..].starts_with(t.as_str())) {
                    let m = &mut ms[zi];
                    m.range = s..e + body.len();
                    m.name = text[s..e + body.len()].to_string();
                    m.rule = "zone.body";
                }
            }
            for body in ["政务服务中心", "服务中心", "促进中心"] {
                if text[e..].starts_with(body) {
                    ms.push(simple(Kind::Organization, s..e + body.len(), text[s..e + body.len()].to_string(), "org.zone_body", 0.8));
                    break;
                }
            }
        }
    }

    /// Aliases declared in the text: `X有限公司(以下简称“X”)` attaches the
    /// alias to X, and later mentions of the alias become mentions of X.
    pub(super) fn declared_aliases(&self, text: &str, ms: &mut Vec<Mention>) {
        static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
        let re = RE.get_or_init(|| Regex::new(r#"^[(（][^()（）]{0,24}?(?:以下简称|以下称|下称|简称)[:：]?\s*[“"]?([^”"()（）,，]{1,12}?)[”"]?\s*[)）]"#).expect("alias regex"));
        let mut added = Vec::new();
        for i in 0..ms.len() {
            if !matches!(ms[i].kind, Kind::Company | Kind::Organization | Kind::Zone | Kind::Project) || ms[i].is_zone_ref {
                continue;
            }
            let Some(c) = re.captures(&text[ms[i].range.end..]) else { continue };
            let Some(alias) = c.get(1).map(|a| a.as_str().trim().to_string()) else { continue };
            if alias.chars().count() < 2 {
                continue;
            }
            let decl_end = ms[i].range.end + c.get(0).map(|m| m.end()).unwrap_or(0);
            ms[i].known_aliases.push(alias.clone());
            for (p, _) in text[decl_end..].match_indices(alias.as_str()) {
                let s = decl_end + p;
                let e = s + alias.len();
                if ms.iter().chain(added.iter()).any(|m: &Mention| m.range.start < e && s < m.range.end && m.kind != Kind::Place) {
                    continue;
                }
                let mut m = ms[i].clone();
                m.range = s..e;
                m.name = alias.clone();
                m.rule = "alias.declared";
                m.confidence = 0.9;
                added.push(m);
            }
        }
        // a declared alias wins over a place name inside it (中国能建)
        ms.retain(|m| m.kind != Kind::Place || !added.iter().any(|a| a.range.start < m.range.end && m.range.start < a.range.end));
        ms.extend(added);
        ms.sort_by_key(|m| m.range.start);
    }
}

/// A company's or organisation's core name: legal form and a bracketed
/// region removed, and one trailing word of trade (科技, 技术 ...) when a
/// name of two or more characters remains. `SMC(中国)有限公司` → `SMC`.
pub fn company_core(name: &str) -> String {
    const LEGAL: &[&str] = &["集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司", "控股集团", "集团", "公司"];
    const TRADE: &[&str] = &["信息技术", "信息科技", "科技", "技术", "电子", "网络", "实业", "控股", "新能源科技"];
    let mut s: String = name.split_whitespace().collect();
    // a bracketed region or branch: (中国), (苏州)
    for (open, close) in [('(', ')'), ('（', '）')] {
        while let (Some(a), Some(b)) = (s.find(open), s.find(close)) {
            if b > a {
                s.replace_range(a..b + close.len_utf8(), "");
            } else {
                break;
            }
        }
    }
    let base = s.clone();
    for l in LEGAL {
        if let Some(r) = s.strip_suffix(l) {
            if r.chars().count() >= 2 {
                s = r.to_string();
                break;
            }
        }
    }
    if s == base {
        return name.to_string(); // not a company name: an organisation keeps its name
    }
    for t in TRADE {
        if let Some(r) = s.strip_suffix(t) {
            if r.chars().count() >= 2 {
                s = r.to_string();
                break;
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        super::super::table::check_entities(include_str!("../../tests/cases/org.tsv"), "org.tsv");
    }
}
