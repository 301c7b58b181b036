//! Extraction: one extractor per kind, each returning mentions with their
//! span (byte range of the article's clean text), kind, rule id and
//! confidence; positions, observations and relations between mentions; and
//! overlap resolution as a pure function. No graph nodes, no IRIs here.

use crate::lexicon::{Lexicon, Tag, ZoneClass};
use crate::text::Article;
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;

/// The kinds of entity the extractors find.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Zone,
    Park,
    Person,
    Organization,
    Company,
    Project,
    Policy,
    Program,
    Event,
    Place,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Zone,
        Kind::Park,
        Kind::Person,
        Kind::Organization,
        Kind::Company,
        Kind::Project,
        Kind::Policy,
        Kind::Program,
        Kind::Event,
        Kind::Place,
    ];
    /// Local name of the ontology class.
    pub fn class_name(self) -> &'static str {
        match self {
            Kind::Zone => "Zone",
            Kind::Park => "Park",
            Kind::Person => "Person",
            Kind::Organization => "Organization",
            Kind::Company => "Company",
            Kind::Project => "Project",
            Kind::Policy => "Policy",
            Kind::Program => "Program",
            Kind::Event => "Event",
            Kind::Place => "Place",
        }
    }
    /// Path segment of the kind's IRIs.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Zone => "zone",
            Kind::Park => "park",
            Kind::Person => "person",
            Kind::Organization => "org",
            Kind::Company => "company",
            Kind::Project => "project",
            Kind::Policy => "policy",
            Kind::Program => "program",
            Kind::Event => "event",
            Kind::Place => "place",
        }
    }
    /// Chinese name of the class.
    pub fn zh(self) -> &'static str {
        match self {
            Kind::Zone => "园区",
            Kind::Park => "分园",
            Kind::Person => "人物",
            Kind::Organization => "机构",
            Kind::Company => "企业",
            Kind::Project => "项目",
            Kind::Policy => "政策",
            Kind::Program => "工作机制",
            Kind::Event => "活动",
            Kind::Place => "地点",
        }
    }
}

/// A name found in an article.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub kind: Kind,
    /// byte range in the article's clean text
    pub range: Range<usize>,
    /// the name as written (clean text)
    pub name: String,
    /// canonical name (zones: from the lexicon or place + canonical suffix)
    pub canonical: String,
    /// identity key within the kind (zones: canonical; programmes: quoted core)
    pub key: String,
    /// zone subclass, for zones
    pub zone_class: Option<ZoneClass>,
    /// aliases known from the lexicon
    pub lexicon_aliases: Vec<String>,
    /// a word that refers back to the article's zone (该区, 高新区, 管委会)
    pub is_zone_ref: bool,
    pub rule: &'static str,
    pub confidence: f32,
}

/// Relations between mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rel {
    PartOf,
    LocatedIn,
    Investor,
    IssuedBy,
    OrganizedBy,
}

impl Rel {
    pub fn local(self) -> &'static str {
        match self {
            Rel::PartOf => "partOf",
            Rel::LocatedIn => "locatedIn",
            Rel::Investor => "investor",
            Rel::IssuedBy => "issuedBy",
            Rel::OrganizedBy => "organizedBy",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Rel::PartOf => "隶属",
            Rel::LocatedIn => "位于",
            Rel::Investor => "投资方",
            Rel::IssuedBy => "发布方",
            Rel::OrganizedBy => "主办方",
        }
    }
}

/// A relation found in text: `from` and `to` index `Extraction::mentions`;
/// `to == None` means the article's main zone.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationM {
    pub rel: Rel,
    pub from: usize,
    pub to: Target,
    pub range: Range<usize>,
    pub rule: &'static str,
    pub confidence: f32,
}

/// The object of a relation or the subject of an observation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Mention(usize),
    /// the article's main zone (coreference)
    ArticleZone,
}

/// A person holding a title in a body.
#[derive(Debug, Clone, PartialEq)]
pub struct PositionM {
    pub holder: usize,
    pub title: String,
    pub org: Option<Target>,
    pub range: Range<usize>,
    pub rule: &'static str,
    pub confidence: f32,
}

/// One reported figure.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ObservationM {
    pub subject: Option<Target>,
    pub indicator: String,
    pub value: Option<String>,
    pub unit: Option<String>,
    pub growth: Option<String>,
    pub period: Option<String>,
    pub qualifier: Option<String>,
    pub range: Range<usize>,
    pub rule: &'static str,
    pub confidence: f32,
}

/// Everything found in one article.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub mentions: Vec<Mention>,
    pub relations: Vec<RelationM>,
    pub positions: Vec<PositionM>,
    pub observations: Vec<ObservationM>,
    /// index of the mention naming the article's main zone
    pub main_zone: Option<usize>,
    /// reporters as person mentions (index into mentions), from the byline
    pub reporters: Vec<usize>,
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

const CN_DIGITS: &str = "一二三四五六七八九十百千万亿两零〇";

fn alt(words: &[String]) -> String {
    let mut w: Vec<&String> = words.iter().collect();
    w.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    w.dedup();
    w.iter().map(|s| regex::escape(s)).collect::<Vec<_>>().join("|")
}

/// Compiled extractors over a lexicon.
pub struct Extractor {
    pub lex: Lexicon,
    re_zone_suffix: Regex,
    re_title: Regex,
    re_company: Regex,
    re_org_head: Regex,
    re_project: Regex,
    re_policy: Regex,
    re_policy_n: Regex,
    re_book: Regex,
    re_program: Regex,
    re_quote: Regex,
    re_event: Regex,
    re_figure: Regex,
    re_growth: Regex,
    re_year: Regex,
    re_zone_cue: Regex,
    verbs: Vec<String>,
    figure_verbs: Vec<String>,
    generic: Vec<String>,
    titles: Vec<String>,
}

impl Extractor {
    pub fn new(lex: Lexicon) -> Self {
        let suffixes: Vec<String> = lex.zone_suffixes.iter().map(|s| s.0.clone()).collect();
        let titles: Vec<String> = lex.titles.iter().cloned().collect();
        let units = alt(&lex.units);
        let re = |s: &str| Regex::new(s).expect("extractor regex compiles");
        let mut verbs = lex.verbs.clone();
        verbs.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        let mut figure_verbs = lex.figure_verbs.clone();
        figure_verbs.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        let mut generic: Vec<String> = lex.generic.iter().cloned().collect();
        generic.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        let mut sorted_titles = titles.clone();
        sorted_titles.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        Extractor {
            re_zone_suffix: re(&format!("(?:{})", alt(&suffixes))),
            re_title: re(&format!("(?:{})", alt(&titles))),
            re_company: re(&format!("(?:{})", alt(&lex.company_suffixes))),
            re_org_head: re(&format!("^(?:[\\p{{Han}}]{{0,8}}?)(?:{})", alt(&lex.org_heads))),
            re_project: re("项目|工程|平台"),
            re_policy: re(&format!("(?:{})", alt(&lex.policy_heads))),
            re_policy_n: re(r"(?:政策|措施|条措施)?[0-9一二三四五六七八九十]+条(?:措施|政策|意见)?"),
            re_book: re(r"《([^《》\n]{2,60})》"),
            re_program: re(&format!("“([^“”\n]{{1,24}})”([\\p{{Han}}]{{0,4}}?)(?:{})", alt(&lex.program_heads))),
            re_quote: re(r"“([^“”\n]{1,40})”"),
            re_event: re(&format!("(?:{})", alt(&lex.event_heads))),
            re_figure: re(&format!(
                r"(近|超过|超|约|逾|达到|达|突破)?(\d+(?:\.\d+)?)(余|多)?(万亿|千亿|百亿|亿|千万|百万|十万|万|千)?({units})"
            )),
            re_growth: re(r"(同比)?(增长|下降|增加|减少|提高|降低)了?(\d+(?:\.\d+)?)(?:%|％)"),
            re_year: re(r"((?:19|20)\d{2})年(上半年|下半年|前三季度|一季度|第一季度|前三个季度|全年|\d{1,2}(?:至|-|—)\d{1,2}月)?"),
            re_zone_cue: zone_cue_regex(&lex),
            verbs,
            figure_verbs,
            generic,
            titles: sorted_titles,
            lex,
        }
    }

    /// Regex that tells a headline names a zone (used by the page splitter).
    pub fn zone_cue(&self) -> &Regex {
        &self.re_zone_cue
    }

    /// Runs every extractor on an article.
    pub fn extract(&self, a: &Article) -> Extraction {
        let text = a.clean.text.as_str();
        let hits = self.lex.scan(text);
        let quoted: Vec<Range<usize>> = self.re_quote.find_iter(text).map(|m| m.range()).chain(self.re_book.find_iter(text).map(|m| m.range())).collect();
        let mut ms: Vec<Mention> = Vec::new();
        self.zones(text, &hits, &mut ms);
        self.places(text, &hits, &mut ms);
        self.companies(text, &hits, &mut ms);
        self.orgs(text, &hits, &mut ms);
        self.parks(text, &hits, &mut ms);
        self.projects(text, &hits, &quoted, &mut ms);
        self.policies(text, &mut ms);
        self.programs(text, &hits, &mut ms);
        self.events(text, &mut ms);
        let mut ms = resolve_overlaps(ms);
        // persons come after overlap resolution: they anchor on titles
        let mut positions = Vec::new();
        self.persons(a, &mut ms, &mut positions);
        let mut ex = Extraction { mentions: ms, positions, ..Default::default() };
        // reporters
        for r in &a.reporters {
            let name = r.name.clone();
            ex.mentions.push(Mention {
                kind: Kind::Person,
                range: 0..0,
                name: name.clone(),
                canonical: name.clone(),
                key: name,
                zone_class: None,
                lexicon_aliases: Vec::new(),
                is_zone_ref: false,
                rule: "person.byline",
                confidence: 0.95,
            });
            ex.reporters.push(ex.mentions.len() - 1);
        }
        ex.main_zone = main_zone(a, &ex.mentions);
        self.relations(a, &mut ex);
        self.observations(a, &quoted, &mut ex);
        ex
    }

    // ---------------------------------------------------------------- helpers

    /// Start of the phrase ending at `end`: extends left over name characters
    /// (no punctuation, no quotes) up to `max` chars.
    fn left_extend(text: &str, end: usize, max: usize, extra: &[char]) -> usize {
        let mut start = end;
        let mut n = 0;
        for (i, c) in text[..end].char_indices().rev() {
            if n >= max {
                break;
            }
            if is_han(c) || c.is_ascii_alphanumeric() || extra.contains(&c) {
                start = i;
                n += 1;
            } else {
                break;
            }
        }
        start
    }

    /// Strips verbs and particles from the start of `text[start..end]`.
    fn strip_leading_verbs(&self, text: &str, mut start: usize, end: usize) -> usize {
        'outer: loop {
            for v in &self.verbs {
                if text[start..end].starts_with(v.as_str()) && start + v.len() < end {
                    start += v.len();
                    continue 'outer;
                }
            }
            return start;
        }
    }

    /// Moves `start` past the rightmost verb in `text[start..stem_end]` that
    /// still leaves a stem of at least `min` chars, never cutting inside a
    /// lexicon hit.
    fn cut_at_verb(&self, text: &str, start: usize, stem_end: usize, min: usize, hits: &[(usize, usize, Tag)]) -> usize {
        self.cut_at_verb_n(text, start, stem_end, min, hits, 1)
    }

    /// As [`Self::cut_at_verb`], considering only verbs of at least `min_verb` chars.
    fn cut_at_verb_n(&self, text: &str, start: usize, stem_end: usize, min: usize, hits: &[(usize, usize, Tag)], min_verb: usize) -> usize {
        let mut best = start;
        let mut i = start;
        while i < stem_end {
            for v in self.verbs.iter().filter(|v| v.chars().count() >= min_verb) {
                if text[i..stem_end].starts_with(v.as_str()) {
                    let cut = i + v.len();
                    let inside_hit = hits.iter().any(|h| h.0 < cut && cut < h.1 || h.0 <= i && i < h.1 && h.0 < i);
                    if !inside_hit && text[cut..stem_end].chars().count() >= min {
                        best = best.max(cut);
                    }
                    break;
                }
            }
            i += text[i..].chars().next().map(|c| c.len_utf8()).unwrap_or(1);
        }
        best
    }

    /// Does a stem say nothing particular (重点产业, 各类, 超亿元)?
    fn is_generic_stem(&self, stem: &str) -> bool {
        let mut s = stem.to_string();
        loop {
            let before = s.clone();
            for g in &self.generic {
                s = s.replace(g.as_str(), "");
            }
            if s == before {
                break;
            }
        }
        let rest: String = s.chars().filter(|c| !c.is_ascii_digit() && !CN_DIGITS.contains(*c) && *c != '.').collect();
        rest.chars().count() < 2 && !rest.chars().any(|c| c.is_ascii_alphabetic())
    }

    fn preceded_by_count(text: &str, start: usize) -> bool {
        // 129个重点项目, 第一批21个高层次人才团队项目
        let before: Vec<char> = text[..start].chars().rev().take(6).collect();
        if let Some(&c) = before.first() {
            if matches!(c, '个' | '批' | '项' | '家' | '类' | '大' | '座') {
                return before.get(1).map(|d| d.is_ascii_digit() || CN_DIGITS.contains(*d)).unwrap_or(false);
            }
        }
        false
    }

    // -------------------------------------------------------------- extractors

    fn zones(&self, text: &str, hits: &[(usize, usize, Tag)], ms: &mut Vec<Mention>) {
        // known zones and their aliases
        for &(s, e, tag) in hits {
            if let Tag::Zone(i) = tag {
                let z = &self.lex.zones[i];
                // a known alias followed by a zone suffix is a longer name
                ms.push(Mention {
                    kind: Kind::Zone,
                    range: s..e,
                    name: text[s..e].to_string(),
                    canonical: z.canonical.clone(),
                    key: z.canonical.clone(),
                    zone_class: Some(z.class),
                    lexicon_aliases: z.aliases.clone(),
                    is_zone_ref: false,
                    rule: "zone.lexicon",
                    confidence: 0.98,
                });
            }
        }
        let place_end: HashMap<usize, (usize, usize)> = hits
            .iter()
            .filter(|h| matches!(h.2, Tag::Place(_)))
            .map(|h| (h.1, (h.0, h.1)))
            .collect();
        for m in self.re_zone_suffix.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            if ms.iter().any(|x| x.range.start < e && s < x.range.end) {
                continue;
            }
            // place + [市省区县]? + suffix
            let mut ps = None;
            let mut pe = s;
            if let Some(&(a, _)) = place_end.get(&s) {
                ps = Some(a);
            } else {
                for suf in ["市", "省", "区", "县"] {
                    if text[..s].ends_with(suf) {
                        if let Some(&(a, _)) = place_end.get(&(s - suf.len())) {
                            ps = Some(a);
                            pe = s - suf.len();
                        }
                    }
                }
            }
            let suffix = m.as_str();
            let (class, canon_suffix) = self
                .lex
                .zone_suffixes
                .iter()
                .find(|z| z.0 == suffix)
                .map(|z| (z.1, z.2.clone()))
                .unwrap_or((ZoneClass::Other, suffix.to_string()));
            match ps {
                Some(a) => {
                    let place = &text[a..pe];
                    let mut canonical = format!("{place}{canon_suffix}");
                    let mut aliases = Vec::new();
                    let mut class = class;
                    // a known zone reached by place + suffix (沈阳高新区)
                    let written = &text[a..e];
                    if let Some(z) = self.lex.zones.iter().find(|z| z.canonical == canonical || z.canonical == written || z.aliases.iter().any(|x| x == &canonical || x == written)) {
                        canonical = z.canonical.clone();
                        aliases = z.aliases.clone();
                        class = z.class;
                    }
                    ms.push(Mention {
                        kind: Kind::Zone,
                        range: a..e,
                        name: written.to_string(),
                        key: canonical.clone(),
                        canonical,
                        zone_class: Some(class),
                        lexicon_aliases: aliases,
                        is_zone_ref: false,
                        rule: "zone.place_suffix",
                        confidence: 0.92,
                    });
                }
                None => {
                    // a bare 高新区 / 园区: refers to the article's zone unless it is part of a longer word
                    let prev = text[..s].chars().next_back();
                    let standalone = prev.map(|c| !is_han(c) || "的在和与将对为了向是于从由及".contains(c)).unwrap_or(true);
                    if standalone && self.lex.zone_refs.iter().any(|r| r == suffix) {
                        ms.push(zone_ref(text, s, e, "zone.ref"));
                    }
                }
            }
        }
        // 该区, 全区, 本区, 园区 ...
        for r in &self.lex.zone_refs {
            if self.lex.zone_suffixes.iter().any(|z| &z.0 == r) {
                continue;
            }
            for (s, _) in text.match_indices(r.as_str()) {
                let e = s + r.len();
                if ms.iter().any(|x| x.range.start < e && s < x.range.end) {
                    continue;
                }
                let prev = text[..s].chars().next_back();
                let standalone = prev.map(|c| !is_han(c) || "的在和与将对为了向是于从由及来".contains(c)).unwrap_or(true);
                if standalone || r.starts_with('该') || r.starts_with('本') || r.starts_with('全') {
                    ms.push(zone_ref(text, s, e, "zone.ref"));
                }
            }
        }
    }

    fn places(&self, text: &str, hits: &[(usize, usize, Tag)], ms: &mut Vec<Mention>) {
        for &(s, e, tag) in hits {
            let Tag::Place(i) = tag else { continue };
            let (base, level) = &self.lex.places[i];
            let mut end = e;
            for suf in ["市", "省", "区", "县", "自治区"] {
                if text[e..].starts_with(suf) {
                    end = e + suf.len();
                    break;
                }
            }
            // 佛山市委 : the place is 佛山市, 委 belongs to the title
            let name = &text[s..end];
            let canonical = if end > e {
                name.to_string()
            } else {
                match level.as_str() {
                    "city" if !base.ends_with('市') => format!("{base}市"),
                    "province" if !["内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门", "台湾"].contains(&base.as_str()) => format!("{base}省"),
                    _ => base.clone(),
                }
            };
            ms.push(Mention {
                kind: Kind::Place,
                range: s..end,
                name: name.to_string(),
                key: base.clone(),
                canonical,
                zone_class: None,
                lexicon_aliases: Vec::new(),
                is_zone_ref: false,
                rule: "place.lexicon",
                confidence: 0.9,
            });
        }
    }

    fn companies(&self, text: &str, hits: &[(usize, usize, Tag)], ms: &mut Vec<Mention>) {
        for m in self.re_company.find_iter(text) {
            let start = Self::left_extend(text, m.start(), 24, &['(', ')', '·', '&']);
            let start = after_entities(ms, start, m.start());
            // single-character particles occur inside firm names (华为): only words cut here,
            // and a particle only at the very start (与X有限公司签约)
            let mut start = self.cut_at_verb_n(text, start, m.start(), 2, hits, 2);
            while let Some(c) = text[start..m.start()].chars().next() {
                if "与和同由对向在是将把被让及跟".contains(c) && text[start + c.len_utf8()..m.start()].chars().count() >= 2 {
                    start += c.len_utf8();
                } else {
                    break;
                }
            }
            // a bracket opened before the name is not part of it
            let mut start = start;
            while text[start..].starts_with([')', '(']) {
                start += 1;
            }
            let stem = &text[start..m.start()];
            if stem.chars().count() < 2 || self.is_generic_stem(stem) {
                continue;
            }
            let name = text[start..m.end()].to_string();
            ms.push(simple(Kind::Company, start..m.end(), name, "company.suffix", 0.9));
        }
    }

    fn orgs(&self, text: &str, hits: &[(usize, usize, Tag)], ms: &mut Vec<Mention>) {
        // national bodies and what follows them: 科技部火炬中心
        for &(s, e, tag) in hits {
            if !matches!(tag, Tag::Ministry(_)) {
                continue;
            }
            let end = self.re_org_head.find(&text[e..]).map(|m| e + m.end()).unwrap_or(e);
            ms.push(simple(Kind::Organization, s..end, text[s..end].to_string(), "org.ministry", 0.9));
        }
        // place + government body: 佛山市政府, 景德镇市检察院
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

    fn parks(&self, text: &str, hits: &[(usize, usize, Tag)], ms: &mut Vec<Mention>) {
        let re = Regex::new(r"(?:产业园|科技园|科创园|工业园|创业园|软件园|小镇|园)").expect("park regex");
        for m in re.find_iter(text) {
            let head = m.as_str();
            // 园区 is a reference, 园长 / 园林 are words
            let next = text[m.end()..].chars().next();
            if head == "园" && next.map(|c| "区长林艺地内".contains(c)).unwrap_or(false) {
                continue;
            }
            if head != "小镇" && next == Some('区') {
                continue;
            }
            let max = 6;
            let start = Self::left_extend(text, m.start(), max, &[]);
            // starts after a zone or park written right before it (佛山高新区禅城园, 三水园万亩产业园)
            let mut start = start;
            for z in ms.iter().filter(|z| matches!(z.kind, Kind::Zone | Kind::Park)) {
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
            let place_prefixed = hits.iter().any(|h| h.0 == start && matches!(h.2, Tag::Place(_)));
            let ok = if head == "园" {
                // 禅城园 (a district), 航空零部件园 (an industry)
                (n == 2 && self.lex.is_place(stem)) || (n >= 3 && !self.is_generic_stem(stem) && !stem.contains('的'))
            } else {
                n >= 2 && !self.is_generic_stem(stem) && (place_prefixed || n >= 2)
            };
            if !ok {
                continue;
            }
            ms.push(simple(Kind::Park, start..m.end(), text[start..m.end()].to_string(), "park.head", 0.8));
        }
    }

    fn projects(&self, text: &str, hits: &[(usize, usize, Tag)], quoted: &[Range<usize>], ms: &mut Vec<Mention>) {
        for m in self.re_project.find_iter(text) {
            let head = m.as_str();
            let after = &text[m.end()..];
            if ["版块", "板块", "审批", "库", "类", "建设", "签约", "落地", "载体", "搭建", "投资"].iter().any(|w| after.starts_with(w)) {
                continue;
            }
            if quoted.iter().any(|q| q.start < m.start() && m.end() < q.end) {
                continue; // “一号工程” is a programme
            }
            let start = Self::left_extend(text, m.start(), 16, &[]);
            let start = after_entities(ms, start, m.start());
            let start = self.cut_at_verb(text, start, m.start(), 2, hits);
            let start = after_count(text, start, m.start());
            let stem = &text[start..m.start()];
            let n = stem.chars().count();
            let min = if head == "平台" { 4 } else { 3 };
            if n < min && !stem.chars().any(|c| c.is_ascii_alphabetic()) {
                continue;
            }
            if Self::preceded_by_count(text, start) || stem.contains('类') || stem.contains('的') || stem.starts_with('各') || self.is_generic_stem(stem) {
                continue;
            }
            ms.push(simple(Kind::Project, start..m.end(), text[start..m.end()].to_string(), "project.head", 0.75));
        }
    }

    fn policies(&self, text: &str, ms: &mut Vec<Mention>) {
        for c in self.re_book.captures_iter(text) {
            let (Some(all), Some(inner)) = (c.get(0), c.get(1)) else { continue };
            let name = inner.as_str();
            if name.chars().count() < 4 || ["报", "日报", "杂志", "网", "晚报"].iter().any(|s| name.ends_with(s)) {
                continue;
            }
            let kind = if ["手册", "工作体系", "一本通", "指南"].iter().any(|s| name.ends_with(s)) { Kind::Program } else { Kind::Policy };
            let mut m = simple(kind, all.range(), name.to_string(), "policy.book_title", 0.9);
            if kind == Kind::Program {
                m.rule = "program.book_title";
                // a quoted core inside (“9685”) identifies the programme
                if let Some(q) = self.re_quote.captures(name).and_then(|q| q.get(1)) {
                    m.key = format!("“{}”", q.as_str());
                }
            }
            ms.push(m);
        }
        let strong = ["制定出台", "研究出台", "制定实施", "制定", "出台", "印发", "发布", "推出", "梳理", "编制", "修订"];
        let push = |ms: &mut Vec<Mention>, start: usize, head_start: usize, end: usize, rule: &'static str| {
            let mut s = Self::left_extend(text, head_start, 30, &[]);
            s = self.strip_leading_verbs(text, s, head_start);
            // an issuing verb inside: the name starts after it
            for v in strong {
                if let Some(p) = text[s..head_start].rfind(v) {
                    let cut = s + p + v.len();
                    if text[cut..head_start].chars().count() >= 4 {
                        s = cut;
                    }
                }
            }
            let _ = start;
            let stem = &text[s..head_start];
            // a policy head after four characters makes a name (科技创新若干政策); a count does not
            if stem.chars().count() < 4 || stem.chars().next().map(|c| c.is_ascii_digit() || CN_DIGITS.contains(c)).unwrap_or(true) {
                return;
            }
            ms.push(simple(Kind::Policy, s..end, text[s..end].to_string(), rule, 0.8));
        };
        for m in self.re_policy.find_iter(text) {
            push(ms, m.start(), m.start(), m.end(), "policy.head");
        }
        for m in self.re_policy_n.find_iter(text) {
            let s = m.as_str();
            if !(s.contains("措施") || s.contains("政策") || s.contains("意见")) {
                continue;
            }
            // 产业促进政策20条: the head starts at 政策
            push(ms, m.start(), m.start(), m.end(), "policy.n_measures");
        }
    }

    fn programs(&self, text: &str, hits: &[(usize, usize, Tag)], ms: &mut Vec<Mention>) {
        let mut cores: Vec<String> = Vec::new();
        for c in self.re_program.captures_iter(text) {
            let (Some(all), Some(core)) = (c.get(0), c.get(1)) else { continue };
            let core_s = core.as_str();
            if core_s.chars().count() > 16 || core_s.contains('。') {
                continue;
            }
            let mut m = simple(Kind::Program, all.range(), all.as_str().to_string(), "program.quoted_head", 0.85);
            m.key = format!("“{core_s}”");
            cores.push(m.key.clone());
            ms.push(m);
        }
        // quoted names that end with a head themselves (“一号工程”)
        let self_heads = ["工程", "行动", "计划", "机制", "模式", "工作法", "制"];
        for c in self.re_quote.captures_iter(text) {
            let (Some(all), Some(core)) = (c.get(0), c.get(1)) else { continue };
            let s = core.as_str();
            if s.chars().count() >= 3 && s.chars().count() <= 12 && self_heads.iter().any(|h| s.ends_with(h)) && !s.contains(['、', ',', '，']) {
                let mut m = simple(Kind::Program, all.range(), s.to_string(), "program.quoted_self_head", 0.7);
                m.key = format!("“{s}”");
                cores.push(m.key.clone());
                ms.push(m);
            }
        }
        // known programmes
        for &(s, e, tag) in hits {
            if let Tag::Program(i) = tag {
                let name = self.lex.programs[i].clone();
                let mut m = simple(Kind::Program, s..e, name.clone(), "program.lexicon", 0.9);
                m.key = format!("“{name}”");
                cores.push(m.key.clone());
                ms.push(m);
            }
        }
        // standalone quoted mentions of a programme named with a head elsewhere
        for c in self.re_quote.captures_iter(text) {
            let (Some(all), Some(core)) = (c.get(0), c.get(1)) else { continue };
            let key = format!("“{}”", core.as_str());
            if cores.contains(&key) {
                let mut m = simple(Kind::Program, all.range(), all.as_str().to_string(), "program.quoted_coref", 0.8);
                m.key = key;
                ms.push(m);
            }
        }
    }

    fn events(&self, text: &str, ms: &mut Vec<Mention>) {
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
            // 中国创新挑战赛(佛山赛区)
            if let Some(rest) = text[end..].strip_prefix('(') {
                if let Some(close) = rest.find(')') {
                    if rest[..close].chars().count() <= 8 {
                        end += 1 + close + 1;
                    }
                }
            }
            ms.push(simple(Kind::Event, start..end, text[start..end].to_string(), "event.head", 0.8));
        }
    }

    /// Officials: title chains before a name (市委常委、常务副市长,高新区党工委书记X).
    fn persons(&self, a: &Article, ms: &mut Vec<Mention>, positions: &mut Vec<PositionM>) {
        let text = a.clean.text.as_str();
        let followers = [
            "表示", "介绍", "说", "指出", "强调", "认为", "提出", "在", "出席", "参加", "主持", "会见", "调研", "带队", "一行", "等", "同志",
            "称", "透露", "讲话", "致辞", "宣布", "率", "陪同", "和", "与", "及", "告诉", "坦言", "接受", "对", "也", "还", "就", "先后", "到", "来",
            "、", ",", "。", ":", "(", ")", "”", " ", ";",
        ];
        let mut found: Vec<(Range<usize>, String, Range<usize>)> = Vec::new(); // name range, title, title range
        for m in self.re_title.find_iter(text) {
            let after = &text[m.end()..];
            let chars: Vec<char> = after.chars().take(5).collect();
            let mut name_len = None;
            for len in [3usize, 2, 4] {
                if chars.len() < len || !chars[..len].iter().all(|c| is_han(*c)) {
                    continue;
                }
                let cand: String = chars[..len].iter().collect();
                let s1: String = chars[..1].iter().collect();
                let s2: String = chars[..2.min(len)].iter().collect();
                let surname_ok = self.lex.surnames.contains(&s1) || (len >= 3 && self.lex.surnames.contains(&s2));
                if !surname_ok {
                    continue;
                }
                if len == 4 && !self.lex.surnames.contains(&s2) {
                    continue;
                }
                let rest = &after[cand.len()..];
                if rest.is_empty() || followers.iter().any(|f| rest.starts_with(f)) {
                    // a title word is not a name (主任科员)
                    if self.titles.iter().any(|t| cand.starts_with(t.as_str())) {
                        continue;
                    }
                    name_len = Some(cand.len());
                    break;
                }
            }
            let Some(nl) = name_len else { continue };
            let nr = m.end()..m.end() + nl;
            found.push((nr, m.as_str().to_string(), m.range()));
        }
        for (nr, _title, tr) in found {
            let name = text[nr.clone()].to_string();
            if ms.iter().any(|x| x.range.start < nr.end && nr.start < x.range.end && x.kind != Kind::Place) {
                continue;
            }
            ms.push(simple(Kind::Person, nr.clone(), name, "person.title_name", 0.85));
            let holder = ms.len() - 1;
            // the chain of titles before the name
            let chain = self.title_chain(text, tr.end, ms);
            for (title, org, range) in chain {
                positions.push(PositionM { holder, title, org, range, rule: "position.title_chain", confidence: 0.85 });
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
                // 佛山市委常委: the place is written inside the title word
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

    fn relations(&self, a: &Article, ex: &mut Extraction) {
        let text = a.clean.text.as_str();
        let ms = &ex.mentions;
        let cite_verbs = ["对照", "参照", "根据", "按照", "依据", "依照", "对标"];
        let mut rels = Vec::new();
        for (i, m) in ms.iter().enumerate() {
            if m.range.is_empty() {
                continue;
            }
            let sent = a.sentences.get(a.sentence_of(m.range.start)).cloned().unwrap_or(0..text.len());
            let in_sent = |k: Kind| {
                ms.iter().enumerate().filter(move |(j, x)| *j != i && x.kind == k && x.range.start >= sent.start && x.range.end <= sent.end)
            };
            let nearest_before = |k: Kind| in_sent(k).filter(|(_, x)| x.range.end <= m.range.start).max_by_key(|(_, x)| x.range.end).map(|(j, _)| j);
            let nearest_any = |k: Kind| {
                in_sent(k).min_by_key(|(_, x)| if x.range.end <= m.range.start { m.range.start - x.range.end } else { x.range.start.saturating_sub(m.range.end) }).map(|(j, _)| j)
            };
            let zone_target = |j: Option<usize>| match j {
                Some(j) if !ms[j].is_zone_ref => Target::Mention(j),
                _ => Target::ArticleZone,
            };
            match m.kind {
                Kind::Park => {
                    let z = nearest_before(Kind::Zone).or_else(|| nearest_any(Kind::Zone));
                    rels.push(RelationM { rel: Rel::PartOf, from: i, to: zone_target(z), range: m.range.clone(), rule: "partOf.nearest_zone", confidence: 0.8 });
                }
                Kind::Project => {
                    let p = nearest_before(Kind::Park).filter(|&j| m.range.start - ms[j].range.end <= 40);
                    let to = match p {
                        Some(j) => Target::Mention(j),
                        None => zone_target(nearest_any(Kind::Zone)),
                    };
                    rels.push(RelationM { rel: Rel::LocatedIn, from: i, to, range: m.range.clone(), rule: "locatedIn.nearest", confidence: 0.75 });
                    if let Some(c) = nearest_before(Kind::Company).filter(|&j| m.range.start - ms[j].range.end <= 40) {
                        rels.push(RelationM { rel: Rel::Investor, from: i, to: Target::Mention(c), range: ms[c].range.start..m.range.end, rule: "investor.company_before_project", confidence: 0.75 });
                    }
                }
                Kind::Company => {
                    if let Some(z) = nearest_before(Kind::Zone).filter(|&j| !ms[j].is_zone_ref && m.range.start - ms[j].range.end <= 4) {
                        rels.push(RelationM { rel: Rel::LocatedIn, from: i, to: Target::Mention(z), range: ms[z].range.start..m.range.end, rule: "locatedIn.zone_prefix", confidence: 0.7 });
                    }
                }
                Kind::Policy | Kind::Program => {
                    let before = &text[sent.start..m.range.start];
                    let after = &text[m.range.end..sent.end.max(m.range.end)];
                    let cited = cite_verbs.iter().any(|v| before.ends_with(v) || before.rfind(v).map(|p| before[p..].chars().count() <= 6).unwrap_or(false))
                        || ["显示", "指出", "表明", "提出"].iter().any(|v| after.starts_with(v));
                    if cited {
                        continue;
                    }
                    let issuer = nearest_before(Kind::Zone).map(|j| zone_target(Some(j))).or_else(|| nearest_before(Kind::Organization).map(Target::Mention)).unwrap_or(Target::ArticleZone);
                    rels.push(RelationM { rel: Rel::IssuedBy, from: i, to: issuer, range: m.range.clone(), rule: "issuedBy.subject_zone", confidence: 0.75 });
                }
                Kind::Event => {
                    let org = nearest_before(Kind::Zone).map(|j| zone_target(Some(j))).or_else(|| nearest_before(Kind::Organization).map(Target::Mention)).unwrap_or(Target::ArticleZone);
                    rels.push(RelationM { rel: Rel::OrganizedBy, from: i, to: org, range: m.range.clone(), rule: "organizedBy.subject_zone", confidence: 0.75 });
                }
                _ => {}
            }
        }
        ex.relations = rels;
    }

    fn observations(&self, a: &Article, quoted: &[Range<usize>], ex: &mut Extraction) {
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

/// Moves `start` past any zone, company or organisation that ends inside
/// `start..end` (a project's name starts after the zone that runs it).
fn after_entities(ms: &[Mention], start: usize, end: usize) -> usize {
    ms.iter()
        .filter(|m| matches!(m.kind, Kind::Zone | Kind::Company | Kind::Organization) && m.range.end > start && m.range.end <= end)
        .map(|m| m.range.end)
        .max()
        .unwrap_or(start)
}

/// Moves `start` past a count (21个, 第一批) inside `start..end`: what
/// follows a count is a category, and is rejected by the caller when nothing
/// particular is left.
fn after_count(text: &str, start: usize, end: usize) -> usize {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(?:第)?[0-9一二三四五六七八九十百千万两]+(?:个|批|项|家|类|座|大)").expect("count regex"));
    re.find_iter(&text[start..end]).last().map(|m| start + m.end()).unwrap_or(start)
}

fn zone_cue_regex(lex: &Lexicon) -> Regex {
    let mut words: Vec<String> = lex.zone_suffixes.iter().map(|s| s.0.clone()).collect();
    for z in &lex.zones {
        words.push(z.canonical.clone());
        words.extend(z.aliases.iter().cloned());
    }
    Regex::new(&alt(&words)).expect("zone cue compiles")
}

fn simple(kind: Kind, range: Range<usize>, name: String, rule: &'static str, confidence: f32) -> Mention {
    Mention {
        kind,
        range,
        canonical: name.clone(),
        key: name.clone(),
        name,
        zone_class: None,
        lexicon_aliases: Vec::new(),
        is_zone_ref: false,
        rule,
        confidence,
    }
}

fn zone_ref(text: &str, s: usize, e: usize, rule: &'static str) -> Mention {
    Mention {
        kind: Kind::Zone,
        range: s..e,
        name: text[s..e].to_string(),
        canonical: String::new(),
        key: String::new(),
        zone_class: None,
        lexicon_aliases: Vec::new(),
        is_zone_ref: true,
        rule,
        confidence: 0.6,
    }
}

/// Overlap resolution: of two overlapping mentions the longer wins (the
/// earlier on a tie); zone references never displace a name.
pub fn resolve_overlaps(mut ms: Vec<Mention>) -> Vec<Mention> {
    ms.sort_by(|a, b| {
        let la = a.range.len();
        let lb = b.range.len();
        lb.cmp(&la)
            .then(a.is_zone_ref.cmp(&b.is_zone_ref))
            .then(a.range.start.cmp(&b.range.start))
            .then(a.kind.cmp(&b.kind))
    });
    let mut kept: Vec<Mention> = Vec::new();
    for m in ms {
        if m.range.is_empty() {
            continue;
        }
        if kept.iter().any(|k| k.range.start < m.range.end && m.range.start < k.range.end) {
            continue;
        }
        kept.push(m);
    }
    kept.sort_by(|a, b| a.range.start.cmp(&b.range.start));
    kept
}

/// The article's main zone: the first zone of the headline, else the zone
/// named most often (the first on a tie).
pub fn main_zone(a: &Article, ms: &[Mention]) -> Option<usize> {
    let title_end = a.clean.text.find('\n').unwrap_or(a.clean.text.len());
    let title_len = a.title.len().min(title_end);
    let zones: Vec<(usize, &Mention)> = ms.iter().enumerate().filter(|(_, m)| m.kind == Kind::Zone && !m.is_zone_ref).collect();
    // headline lines come first in the text
    let head_span = a.clean.text.char_indices().nth(a.title.chars().count()).map(|(b, _)| b).unwrap_or(title_len);
    if let Some((i, _)) = zones.iter().find(|(_, m)| m.range.start < head_span.max(title_len)) {
        return Some(*i);
    }
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, m) in &zones {
        let e = counts.entry(m.key.as_str()).or_insert((0, *i));
        e.0 += 1;
    }
    counts.into_iter().max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1))).map(|(_, (_, i))| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Article;

    fn ex(text: &str) -> (Article, Extraction) {
        let x = Extractor::new(Lexicon::builtin());
        let a = Article::new("t".into(), "test".into(), text.lines().next().unwrap_or("").to_string(), vec![], None, text.to_string());
        let e = x.extract(&a);
        (a, e)
    }

    fn names(e: &Extraction, k: Kind) -> Vec<String> {
        e.mentions.iter().filter(|m| m.kind == k && !m.is_zone_ref).map(|m| m.name.clone()).collect()
    }

    // (sentence, kind, expected names)
    const CASES: &[(&str, Kind, &[&str])] = &[
        ("近日,合肥高新区召开大会。", Kind::Zone, &["合肥高新区"]),
        ("北京经开区与北京亦庄是同一个地方。", Kind::Zone, &["北京经开区", "北京亦庄"]),
        ("株洲国家高新技术产业开发区今年引进项目。", Kind::Zone, &["株洲国家高新技术产业开发区"]),
        ("苏州市高新区发布通知。", Kind::Zone, &["苏州市高新区"]),
        ("南昌经济技术开发区管委会获悉。", Kind::Zone, &["南昌经济技术开发区管委会"]),
        ("华为技术有限公司董事长在会上讲话。", Kind::Company, &["华为技术有限公司"]),
        ("与莱克电气绿能科技(苏州)有限公司签约。", Kind::Company, &["莱克电气绿能科技(苏州)有限公司"]),
        ("科技部火炬中心发布通知。", Kind::Organization, &["科技部火炬中心"]),
        ("常州高新区武进园、新北园一体发展。", Kind::Park, &["武进园", "新北园"]),
        ("某高新区印发《促进数字经济发展若干措施》。", Kind::Policy, &["促进数字经济发展若干措施"]),
        ("该区相继出台科技创新若干政策、人才引进10条措施。", Kind::Policy, &["科技创新若干政策", "人才引进10条措施"]),
        ("推行“一窗通办”服务模式。", Kind::Program, &["“一窗通办”服务模式"]),
        ("全面推行链长制。", Kind::Program, &["链长制"]),
        ("近日,成都高新区举行2021年重大项目集中签约活动。", Kind::Event, &["2021年重大项目集中签约活动"]),
        ("目前,新能源汽车零部件产业园项目已开工。", Kind::Project, &["新能源汽车零部件产业园项目"]),
    ];

    #[test]
    fn table_of_mentions() {
        for (text, kind, want) in CASES {
            let (_, e) = ex(text);
            let got = names(&e, *kind);
            for w in *want {
                assert!(got.iter().any(|g| g == w), "{text}: want {kind:?} {w}, got {got:?}");
            }
        }
    }

    #[test]
    fn spans_point_at_names() {
        let (a, e) = ex("近日,合肥高新区管委会主任王建国表示,今年项目增加。");
        for m in &e.mentions {
            assert_eq!(&a.clean.text[m.range.clone()], m.name);
        }
    }

    #[test]
    fn generic_projects_are_not_names() {
        let (_, e) = ex("共引入超亿元产业项目27个,其中重点产业项目14个,129个重点项目签约。");
        assert!(names(&e, Kind::Project).is_empty(), "{:?}", names(&e, Kind::Project));
    }

    #[test]
    fn stacked_titles_give_one_position_each() {
        let (a, e) = ex("泉州市委常委、副市长,泉州高新区党工委书记林志强表示,要加快发展。");
        let persons = names(&e, Kind::Person);
        assert_eq!(persons, vec!["林志强"]);
        let titles: Vec<&str> = e.positions.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, vec!["市委常委", "副市长", "党工委书记"]);
        let org = |i: usize| match e.positions[i].org {
            Some(Target::Mention(j)) => e.mentions[j].name.clone(),
            other => format!("{other:?}"),
        };
        assert_eq!(org(0), "泉州市");
        assert_eq!(org(1), "泉州市");
        assert_eq!(org(2), "泉州高新区");
        let _ = a;
    }

    #[test]
    fn company_title_name() {
        let (_, e) = ex("“我们看好这里。”宁德时代新能源科技股份有限公司总经理陈立新在签约后表示。");
        assert_eq!(names(&e, Kind::Person), vec!["陈立新"]);
        let p = &e.positions[0];
        assert_eq!(p.title, "总经理");
        let Some(Target::Mention(o)) = p.org else { panic!("no org") };
        assert_eq!(e.mentions[o].name, "宁德时代新能源科技股份有限公司");
    }

    #[test]
    fn figures_with_growth_qualifier_and_period() {
        let (_, e) = ex("2022年,武汉高新区预计实现营业收入1234.5亿元,增长8.1%;新增企业超300家。");
        let o = &e.observations;
        assert_eq!(o.len(), 2, "{o:?}");
        assert_eq!(o[0].value.as_deref(), Some("1234.5"));
        assert_eq!(o[0].unit.as_deref(), Some("亿元"));
        assert_eq!(o[0].growth.as_deref(), Some("8.1"));
        assert_eq!(o[0].qualifier.as_deref(), Some("预计"));
        assert_eq!(o[0].period.as_deref(), Some("2022"));
        assert_eq!(o[0].indicator, "营业收入");
        assert_eq!(o[1].value.as_deref(), Some("300"));
        assert_eq!(o[1].qualifier.as_deref(), Some("超"));
    }

    #[test]
    fn growth_alone_and_points_are_not_growth() {
        let (_, e) = ex("2021年,地区生产总值增长6.5%,高于全省2.1个百分点。");
        assert_eq!(e.observations.len(), 1, "{:?}", e.observations);
        assert_eq!(e.observations[0].growth.as_deref(), Some("6.5"));
        assert_eq!(e.observations[0].value, None);
        assert_eq!(e.observations[0].indicator, "地区生产总值");
    }

    #[test]
    fn thresholds_and_enumerations_are_not_figures() {
        let (_, e) = ex("超10亿元的项目有5个,涵盖等9个细分领域,设立4个临时党支部。");
        let vals: Vec<_> = e.observations.iter().filter_map(|o| o.value.clone()).collect();
        assert_eq!(vals, vec!["5"]);
    }

    #[test]
    fn overlap_longest_wins() {
        let mk = |s: usize, e: usize, k: Kind| simple(k, s..e, String::new(), "t", 1.0);
        let out = resolve_overlaps(vec![mk(0, 3, Kind::Zone), mk(0, 9, Kind::Event), mk(9, 12, Kind::Place)]);
        assert_eq!(out.iter().map(|m| m.kind).collect::<Vec<_>>(), vec![Kind::Event, Kind::Place]);
    }
}
