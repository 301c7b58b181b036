//! Extraction: one extractor per kind, each returning mentions with their
//! span (byte range of the article's clean text), kind, rule id and
//! confidence; positions, observations and relations between mentions; and
//! overlap resolution as a pure function. No graph nodes, no IRIs here.

use crate::lexicon::{Lexicon, LexiconError, Tag};
pub use crate::model::vocab::{Kind, Rel, ZoneClass};
use crate::text::Article;
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;

mod event;
mod figure;
mod org;
pub use org::{company_core, org_class};
mod park;
mod person;
mod policy;
mod project;
mod relation;
mod zone;

/// A name found in an article.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub kind: Kind,
    /// byte range in the article's clean text (the unit of [`crate::text::CleanSpan`];
    /// a std `Range` because the extractors slice and search the text with it)
    pub range: Range<usize>,
    /// the name as written (clean text)
    pub name: String,
    /// canonical name (zones: from the lexicon or place + canonical suffix)
    pub canonical: String,
    /// identity key within the kind (zones: canonical; programmes: quoted core)
    pub key: String,
    /// zone subclass, for zones
    pub zone_class: Option<ZoneClass>,
    /// aliases known from the lexicon or declared in the text (以下简称“X”)
    pub known_aliases: Vec<String>,
    /// a word that refers back to the article's zone (该区, 高新区, 管委会)
    pub is_zone_ref: bool,
    pub rule: &'static str,
    pub confidence: f32,
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

/// What a figure reports, its fields as written (numbers as decimal text).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figure {
    pub indicator: String,
    pub value: Option<String>,
    pub unit: Option<String>,
    pub growth: Option<String>,
    pub period: Option<String>,
    pub qualifier: Option<String>,
    /// share of a whole, in percent (占全市的76.21%)
    pub share: Option<String>,
}

/// One reported figure: what it reports (its fields read through `Deref`:
/// `o.value`), about what, and where.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ObservationM {
    pub subject: Option<Target>,
    pub figure: Figure,
    pub range: Range<usize>,
    pub rule: &'static str,
    pub confidence: f32,
}

impl std::ops::Deref for ObservationM {
    type Target = Figure;
    fn deref(&self) -> &Figure {
        &self.figure
    }
}

impl std::ops::DerefMut for ObservationM {
    fn deref_mut(&mut self) -> &mut Figure {
        &mut self.figure
    }
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

/// Word boundaries of the article being extracted, from jieba-rs's
/// dictionary: a name starts and ends at a word boundary, and a one-character
/// particle (中, 及, 在) cuts a phrase only where it is a word of its own
/// (中科衡水 keeps its 中). Set once per article by [`Extractor::extract`] on
/// the thread that extracts it.
///
/// Word boundaries from jieba-rs, computed lazily clause by clause: jieba
/// segments each run of Han characters on its own, so a clause between
/// punctuation marks segments the same alone as inside the whole text, and
/// clauses no rule asks about are never segmented.
pub(crate) mod words {
    use std::cell::RefCell;
    use std::sync::OnceLock;

    #[derive(Default)]
    struct State {
        text: String,
        bounds: Vec<bool>,
        /// clause ranges (byte offsets) and whether each has been segmented
        clauses: Vec<(usize, usize, bool)>,
    }

    thread_local! {
        static STATE: RefCell<State> = RefCell::new(State::default());
    }

    /// The segmenter, loaded once per process (~0.1 s).
    pub fn jieba() -> &'static jieba_rs::Jieba {
        static J: OnceLock<jieba_rs::Jieba> = OnceLock::new();
        J.get_or_init(jieba_rs::Jieba::new)
    }

    fn is_break(c: char) -> bool {
        matches!(c, '。' | '，' | '、' | '；' | '：' | '！' | '？' | '\n' | ',' | ';' | ':' | '!' | '?' | '“' | '”' | '《' | '》' | '(' | ')' | '（' | '）' | ' ')
    }

    /// Makes `text` the text whose boundaries [`at`] answers for.
    pub fn set(text: &str) {
        STATE.with(|st| {
            let mut st = st.borrow_mut();
            st.text.clear();
            st.text.push_str(text);
            st.bounds.clear();
            st.bounds.resize(text.len() + 1, false);
            st.clauses.clear();
            let mut start = 0;
            for (i, c) in text.char_indices() {
                if is_break(c) {
                    if i > start {
                        st.clauses.push((start, i, false));
                    }
                    start = i + c.len_utf8();
                }
            }
            if text.len() > start {
                st.clauses.push((start, text.len(), false));
            }
        });
    }

    /// Is byte offset `at` a word boundary? (true when unknown)
    pub fn at(at: usize) -> bool {
        STATE.with(|st| {
            let mut st = st.borrow_mut();
            let st = &mut *st;
            // the clause holding `at` (a clause's end is its own boundary)
            let k = st.clauses.partition_point(|c| c.1 < at);
            match st.clauses.get_mut(k) {
                Some(c) if c.0 <= at => {
                    if !c.2 {
                        c.2 = true;
                        let (s, e) = (c.0, c.1);
                        for t in jieba().cut(&st.text[s..e], false) {
                            st.bounds[s + t.byte_start] = true;
                            st.bounds[s + t.byte_end] = true;
                        }
                    }
                    st.bounds.get(at).copied().unwrap_or(true)
                }
                // between clauses: punctuation bounds every word
                _ => true,
            }
        })
    }

    /// The first word boundary at or after `at`, not past `limit`.
    pub fn snap_right(text: &str, at: usize, limit: usize) -> usize {
        let mut i = at;
        while i < limit && !self::at(i) {
            i += text[i..].chars().next().map(|c| c.len_utf8()).unwrap_or(1);
        }
        i.min(limit)
    }
}

/// The captures of `re` in the sentences (split at 。 and line ends) of
/// `text` that `may_match`, in full-text offsets: a regex that can only match
/// around a word (a list needs 、) need not scan the rest.
pub(crate) fn captures_near<'t>(re: &Regex, text: &'t str, may_match: impl Fn(&str) -> bool) -> Vec<regex::Captures<'t>> {
    let mut out = Vec::new();
    let mut seg_start = 0;
    let ends = text.match_indices(['。', '\n']).map(|(i, m)| i + m.len()).chain(std::iter::once(text.len()));
    for seg_end in ends {
        if seg_end <= seg_start {
            continue;
        }
        if may_match(&text[seg_start..seg_end]) {
            let hay = &text[..seg_end];
            let mut at = seg_start;
            while at <= seg_end {
                let Some(c) = re.captures_at(hay, at) else { break };
                let Some(m) = c.get(0) else { break };
                at = if m.end() > m.start() { m.end() } else { m.end() + hay[m.end()..].chars().next().map(char::len_utf8).unwrap_or(1) };
                out.push(c);
            }
        }
        seg_start = seg_end;
    }
    out
}

/// `str::find` for the short phrases the extractors cut (a few dozen
/// bytes): the standard searcher's set-up costs more than the search there.
/// A UTF-8 needle can only match at a character boundary.
pub(crate) fn find_short(h: &str, n: &str) -> Option<usize> {
    let (h, n) = (h.as_bytes(), n.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    (0..(h.len() + 1).saturating_sub(n.len())).find(|&i| h[i] == n[0] && h[i..].starts_with(n))
}

/// `str::rfind` for short phrases (see [`find_short`]).
pub(crate) fn rfind_short(h: &str, n: &str) -> Option<usize> {
    let (h, n) = (h.as_bytes(), n.as_bytes());
    if n.is_empty() {
        return Some(h.len());
    }
    (0..(h.len() + 1).saturating_sub(n.len())).rev().find(|&i| h[i] == n[0] && h[i..].starts_with(n))
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

const CN_DIGITS: &str = "一二三四五六七八九十百千万亿两零〇";

/// Words longest first (then in code-point order), each once: the order in
/// which an alternation or a leftmost-first automaton prefers the longest word.
fn longest_first(words: &[String]) -> Vec<&String> {
    let mut w: Vec<&String> = words.iter().collect();
    w.sort_by(|a, b| longer_first(a, b));
    w.dedup();
    w
}

fn longer_first(a: &str, b: &str) -> std::cmp::Ordering {
    b.chars().count().cmp(&a.chars().count()).then(a.cmp(b))
}

fn alt(words: &[String]) -> String {
    longest_first(words).iter().map(|s| regex::escape(s)).collect::<Vec<_>>().join("|")
}

/// A list of words found in a text as a regex alternation of them would find
/// them (leftmost, the longest word first), by an Aho-Corasick automaton: a
/// word list of a hundred Chinese words is several times faster this way.
pub(crate) struct WordSet {
    ac: aho_corasick::AhoCorasick,
}

/// A word of a [`WordSet`] found in a text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordHit<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> WordHit<'t> {
    pub(crate) fn start(&self) -> usize {
        self.start
    }
    pub(crate) fn end(&self) -> usize {
        self.end
    }
    pub(crate) fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    pub(crate) fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

impl WordSet {
    fn new(what: &str, words: &[String]) -> Result<Self, LexiconError> {
        let w = longest_first(words);
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&w)
            .map_err(|e| too_large(&format!("the {what} entries"), e))?;
        Ok(WordSet { ac })
    }

    pub(crate) fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = WordHit<'t>> + 't {
        self.ac.find_iter(text).map(move |m| WordHit { text, start: m.start(), end: m.end() })
    }
}

/// A lexicon list whose automaton or regex cannot be built (too large).
fn too_large(what: &str, e: impl std::fmt::Display) -> LexiconError {
    LexiconError::Build(format!("{what} make a pattern that cannot be built: {e}"))
}

/// Compiled extractors over a lexicon.
pub struct Extractor {
    pub lex: Lexicon,
    zone_suffix_words: WordSet,
    title_words: WordSet,
    re_company: Regex,
    re_org_head: Regex,
    re_project: Regex,
    re_policy: Regex,
    re_policy_n: Regex,
    re_book: Regex,
    re_policy_count: Regex,
    re_program: Regex,
    re_quote: Regex,
    event_words: WordSet,
    /// a figure, anchored: its parts when the hand split cannot read them
    re_figure: Regex,
    /// the same figure from its number on, searched over the whole text (a
    /// number starts it, so the search skips ahead fast)
    re_figure_num: Regex,
    re_growth: Regex,
    re_growth_after: Regex,
    re_figure_cn: Regex,
    re_figure_cn_num: Regex,
    re_share: Regex,
    /// a group of zones a figure is about (全区13家经开区, 各级开发区)
    re_zone_group: Regex,
    re_year: Regex,
    re_zone_cue: Regex,
    verbs: Vec<String>,
    /// the verbs as one automaton (phrase cutting scans each stem once)
    verb_ac: aho_corasick::AhoCorasick,
    /// the generic words, leftmost-longest
    generic_ac: aho_corasick::AhoCorasick,
    figure_verbs: Vec<String>,
    figure_verb_ac: aho_corasick::AhoCorasick,
    titles: Vec<String>,
}

impl Extractor {
    /// The extractors over `lex`. A user lexicon can make a list too large
    /// for its automaton or regex: that is an error naming the list, not a panic.
    pub fn new(lex: Lexicon) -> Result<Self, LexiconError> {
        let suffixes: Vec<String> = lex.zone_suffixes.iter().map(|s| s.0.clone()).collect();
        let titles: Vec<String> = lex.titles.iter().cloned().collect();
        let units = alt(&lex.units);
        // \d is every Unicode digit, a large class that slows the lazy DFA; the
        // clean text folds full-width digits, so ASCII digits are all there are
        let re = |s: &str| Regex::new(&s.replace(r"\d", "[0-9]")).map_err(|e| too_large("the entries", e));
        let mut verbs = lex.verbs.clone();
        verbs.sort_by(|a, b| longer_first(a, b));
        let mut figure_verbs = lex.figure_verbs.clone();
        figure_verbs.sort_by(|a, b| longer_first(a, b));
        let mut generic: Vec<String> = lex.generic.iter().cloned().collect();
        generic.sort_by(|a, b| longer_first(a, b));
        let mut sorted_titles = titles.clone();
        sorted_titles.sort_by(|a, b| longer_first(a, b));
        Ok(Extractor {
            zone_suffix_words: WordSet::new("zone_suffix", &suffixes)?,
            title_words: WordSet::new("title", &titles)?,
            re_company: re(&format!("(?:{})", alt(&lex.company_suffixes)))?,
            re_org_head: re(&format!("^(?:[\\p{{Han}}]{{0,8}}?)(?:{})", alt(&lex.org_heads)))?,
            re_project: re("项目|工程|平台")?,
            re_policy: re(&format!("(?:{})", alt(&lex.policy_heads)))?,
            re_policy_n: re(r"(?:政策|措施|新政|条措施)?[0-9一二三四五六七八九十]+条(?:措施|政策|意见|新政)?")?,
            re_policy_count: re(r"[0-9一二三四五六七八九十百]+条(?:措施|政策|意见|新政|举措|具体举措)?$|[0-9一二三四五六七八九十]+策[0-9一二三四五六七八九十百]+条")?,
            re_book: re(r"《([^《》\n]{2,60})》")?,
            re_program: re(&format!("“([^“”\n]{{1,24}})”([\\p{{Han}}&&[^的]]{{0,4}}?)(?:{})", alt(&lex.program_heads)))?,
            re_quote: re(r"“([^“”\n]{1,40})”")?,
            event_words: WordSet::new("event_head", &lex.event_heads)?,
            re_figure: re(&format!(r"^({})?(\d+(?:\.\d+)?)(余|多)?({})?({units})", figure::FIGURE_PRE.join("|"), figure::FIGURE_MAG.join("|")))?,
            re_figure_num: re(&format!(r"\d+(?:\.\d+)?(?:余|多)?(?:{})?(?:{units})", figure::FIGURE_MAG.join("|")))?,
            re_growth: re(
                r"(同比|较上年同期|比上年同期|较上年|比上年|较去年同期|较去年|比去年|环比)?(?:分别)?(增长|下降|增加|减少|提高|降低|上升|下滑|回落|增幅|增速|降幅)(?:预计|预期|有望)?(?:分别)?(?:了|为|达到|达|高达|更是高达|是|约)?(\d+(?:\.\d+)?)(?:%|％)((?:[、和及与]\d+(?:\.\d+)?(?:%|％))*)",
            )?,
            re_growth_after: re(r"(\d+(?:\.\d+)?)(?:%|％)的(增长|增幅|降幅|下降|增速)")?,
            re_figure_cn: re(&format!(r"^({})?([{}]+)(余|多)?(万|亿)?({units})", figure::FIGURE_PRE[..5].join("|"), figure::CN_FIGURE_DIGITS))?,
            re_figure_cn_num: re(&format!(r"[{}]+(?:余|多)?(?:万|亿)?(?:{units})", figure::CN_FIGURE_DIGITS))?,
            re_share: re(r"占[^,，。;；%]{0,16}?(\d+(?:\.\d+)?)%")?,
            re_zone_group: re(r"(?:各级|各类|[0-9一二三四五六七八九十]+(?:家|个))(?:国家级|省级|自治区级|市级)?(?:及?以上)?(?:经济技术开发区|经开区|开发区|高新区)")?,
            re_year: re(r"((?:19|20)\d{2})年(上半年|下半年|前三季度|一季度|第一季度|前三个季度|全年|\d{1,2}(?:至|-|—)\d{1,2}月)?")?,
            re_zone_cue: zone_cue_regex(&lex)?,
            verb_ac: aho_corasick::AhoCorasick::builder().kind(Some(aho_corasick::AhoCorasickKind::DFA)).build(&verbs).map_err(|e| too_large("the verb entries", e))?,
            generic_ac: aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(&generic)
                .map_err(|e| too_large("the generic entries", e))?,
            verbs,
            figure_verb_ac: aho_corasick::AhoCorasick::builder().kind(Some(aho_corasick::AhoCorasickKind::DFA)).build(&figure_verbs).map_err(|e| too_large("the figure_verb entries", e))?,
            figure_verbs,
            titles: sorted_titles,
            lex,
        })
    }

    /// Regex that tells a headline names a zone (used by the page splitter).
    /// The regexes that run over whole texts, by name (for the benchmarks).
    #[doc(hidden)]
    pub fn text_regexes(&self) -> Vec<(&'static str, &Regex)> {
        vec![
            ("company", &self.re_company),
            ("project", &self.re_project),
            ("policy", &self.re_policy),
            ("policy_n", &self.re_policy_n),
            ("book", &self.re_book),
            ("program", &self.re_program),
            ("quote", &self.re_quote),
            ("figure_num", &self.re_figure_num),
            ("figure_cn_num", &self.re_figure_cn_num),
            ("growth", &self.re_growth),
            ("growth_after", &self.re_growth_after),
            ("share", &self.re_share),
            ("year", &self.re_year),
            ("zone_cue", &self.re_zone_cue),
        ]
    }

    pub fn zone_cue(&self) -> &Regex {
        &self.re_zone_cue
    }

    /// Runs every extractor on an article.
    pub fn extract(&self, a: &Article) -> Extraction {
        let text = a.clean.text.as_str();
        words::set(text);
        let hits = self.lex.scan(text);
        let quoted: Vec<Range<usize>> = self.re_quote.find_iter(text).map(|m| m.range()).chain(self.re_book.find_iter(text).map(|m| m.range())).collect();
        let mut ms: Vec<Mention> = Vec::new();
        self.zones(text, &hits, &mut ms);
        self.places(text, &hits, &mut ms);
        self.companies(text, &hits, &mut ms);
        self.enumerated_companies(text, &hits, &mut ms);
        self.orgs(text, &hits, &mut ms);
        self.parks(text, &hits, &mut ms);
        self.projects(text, &hits, &quoted, &mut ms);
        self.policies(text, &mut ms);
        self.programs(text, &hits, &mut ms);
        self.events(text, &mut ms);
        let mut ms = resolve_overlaps(ms);
        self.zone_from_source(text, &mut ms);
        // a reporter's name in the byline is a person, not a place (冯启东 holds 启东)
        if !a.reporters.is_empty() {
            ms.retain(|m| {
                let s = a.clean.orig_span(m.range.clone());
                !a.reporters.iter().any(|r| r.span.start < s.end && s.start < r.span.end)
            });
        }
        self.declared_aliases(text, &mut ms);
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
                known_aliases: Vec::new(),
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
        // stopped by the length cap inside a word: start at the next word
        if n >= max {
            start = words::snap_right(text, start, end);
        }
        start
    }

    /// Strips verbs and particles from the start of `text[start..end]`.
    fn strip_leading_verbs(&self, text: &str, mut start: usize, end: usize) -> usize {
        'outer: loop {
            for v in &self.verbs {
                if text[start..end].starts_with(v.as_str()) && start + v.len() < end && words::at(start + v.len()) {
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
        // the longest verb (of at least `min_verb` chars) starting at each position, found in one pass
        let mut longest: Vec<(usize, usize)> = Vec::new();
        for m in self.verb_ac.find_overlapping_iter(&text[start..stem_end]) {
            let v = &self.verbs[m.pattern().as_usize()];
            if v.chars().count() < min_verb {
                continue;
            }
            let (i, cut) = (start + m.start(), start + m.end());
            match longest.iter_mut().find(|(s, _)| *s == i) {
                Some(e) => e.1 = e.1.max(cut),
                None => longest.push((i, cut)),
            }
        }
        let mut best = start;
        for (i, cut) in longest {
            if !(words::at(i) && words::at(cut)) {
                continue;
            }
            let inside_hit = inside_a_hit(hits, cut) || inside_a_hit(hits, i);
            if !inside_hit && text[cut..stem_end].chars().count() >= min {
                best = best.max(cut);
            }
        }
        best
    }

    /// Does a stem say nothing particular (重点产业, 各类, 超亿元)?
    fn is_generic_stem(&self, stem: &str) -> bool {
        // strip generic words (longest first) until none is left, then see what remains
        let mut s = stem.to_string();
        loop {
            let mut t = String::with_capacity(s.len());
            let mut last = 0;
            for m in self.generic_ac.find_iter(&s) {
                t.push_str(&s[last..m.start()]);
                last = m.end();
            }
            if last == 0 {
                break;
            }
            t.push_str(&s[last..]);
            s = t;
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
}

/// Moves `start` past any zone, company or organisation that ends inside
/// `start..end` (a project's name starts after the zone that runs it).
fn after_entities(ms: &[Mention], spans: &Intervals, start: usize, end: usize) -> usize {
    spans.ending_within(start, end).into_iter().map(|i| &ms[i]).filter(|m| matches!(m.kind, Kind::Zone | Kind::Company | Kind::Organization)).map(|m| m.range.end).max().unwrap_or(start)
}

/// Whether a lexicon hit holds offset `p` strictly inside it. The hits come
/// from one leftmost, non-overlapping scan, in order: only the last one
/// starting before `p` can.
fn inside_a_hit(hits: &[(usize, usize, Tag)], p: usize) -> bool {
    let k = hits.partition_point(|h| h.0 < p);
    k > 0 && p < hits[k - 1].1
}

/// The lexicon hit starting at `p`, if any (see [`inside_a_hit`]).
fn hit_at(hits: &[(usize, usize, Tag)], p: usize) -> Option<&(usize, usize, Tag)> {
    hits.get(hits.partition_point(|h| h.0 < p)).filter(|h| h.0 == p)
}

/// Moves `start` past a count (21个, 第一批) inside `start..end`: what
/// follows a count is a category, and is rejected by the caller when nothing
/// particular is left.
fn after_count(text: &str, start: usize, end: usize) -> usize {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(?:第)?[0-9一二三四五六七八九十百千万两]+(?:个|批|项|家|类|座|大|次)").expect("count regex"));
    re.find_iter(&text[start..end]).last().map(|m| start + m.end()).unwrap_or(start)
}

fn zone_cue_regex(lex: &Lexicon) -> Result<Regex, LexiconError> {
    let mut words: Vec<String> = lex.zone_suffixes.iter().map(|s| s.0.clone()).collect();
    for z in &lex.zones {
        words.push(z.canonical.clone());
        words.extend(z.aliases.iter().cloned());
    }
    Regex::new(&alt(&words)).map_err(|e| too_large("the zone and zone_suffix entries", e))
}

fn simple(kind: Kind, range: Range<usize>, name: String, rule: &'static str, confidence: f32) -> Mention {
    Mention { kind, range, canonical: name.clone(), key: name.clone(), name, zone_class: None, known_aliases: Vec::new(), is_zone_ref: false, rule, confidence }
}

fn zone_ref(text: &str, s: usize, e: usize, rule: &'static str) -> Mention {
    Mention {
        kind: Kind::Zone,
        range: s..e,
        name: text[s..e].to_string(),
        canonical: String::new(),
        key: String::new(),
        zone_class: None,
        known_aliases: Vec::new(),
        is_zone_ref: true,
        rule,
        confidence: 0.6,
    }
}

/// Overlap resolution: of two overlapping mentions the longer wins (the
/// earlier on a tie); zone references never displace a name.
/// Ranges of a text, to ask which of them overlap a range without a scan of
/// all of them: by start, with the longest length known, so a question looks
/// only at the ranges that start within that length before its end. (Scans
/// of every mention for every candidate made a long run of names quadratic.)
#[derive(Default)]
pub(crate) struct Intervals {
    by_start: std::collections::BTreeMap<usize, Vec<(usize, usize)>>,
    longest: usize,
    /// how many mentions of a growing list [`Intervals::catch_up`] has seen
    seen: usize,
}

impl Intervals {
    /// Takes in the mentions pushed onto `ms` since the last call that
    /// `keep` keeps, by their index (`ms` only grows between calls).
    pub(crate) fn catch_up(&mut self, ms: &[Mention], keep: impl Fn(&Mention) -> bool) -> &Self {
        self.catch_up_with(ms, |m| keep(m).then(|| m.range.clone()))
    }

    /// [`Intervals::catch_up`] for any list: the range of each item, if any.
    pub(crate) fn catch_up_with<T>(&mut self, items: &[T], range: impl Fn(&T) -> Option<Range<usize>>) -> &Self {
        for (i, x) in items.iter().enumerate().skip(self.seen) {
            if let Some(r) = range(x) {
                self.insert(&r, i);
            }
        }
        self.seen = items.len();
        self
    }

    pub(crate) fn insert(&mut self, r: &Range<usize>, id: usize) {
        self.longest = self.longest.max(r.len());
        self.by_start.entry(r.start).or_default().push((r.end, id));
    }

    /// The ids of the ranges that share a character with `r` (an empty range
    /// shares none), in order of start.
    pub(crate) fn overlapping(&self, r: &Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let (from, to) = (r.start.saturating_sub(self.longest), r.end);
        let start = r.start;
        self.by_start.range(from..to.max(from)).flat_map(move |(s, v)| v.iter().filter(move |(e, _)| *s < to && start < *e).map(|(_, id)| *id))
    }

    pub(crate) fn any_overlap(&self, r: &Range<usize>) -> bool {
        self.overlapping(r).next().is_some()
    }

    /// The ids of the ranges that start in `starts`, smallest first.
    pub(crate) fn starting_in(&self, starts: Range<usize>) -> Vec<usize> {
        if starts.is_empty() {
            return Vec::new();
        }
        self.ids(starts, |_| true)
    }

    /// The ids of the ranges starting in `starts` whose end `keep` keeps, smallest first.
    fn ids(&self, starts: impl std::ops::RangeBounds<usize>, keep: impl Fn(usize) -> bool) -> Vec<usize> {
        let mut v: Vec<usize> = self.by_start.range(starts).flat_map(|(_, v)| v.iter().filter(|(e, _)| keep(*e)).map(|(_, id)| *id)).collect();
        v.sort_unstable();
        v
    }

    /// The ids of the ranges that end in `lo+1..=hi`, smallest first.
    pub(crate) fn ending_within(&self, lo: usize, hi: usize) -> Vec<usize> {
        if lo >= hi {
            return Vec::new();
        }
        self.ids(lo.saturating_sub(self.longest)..=hi, |e| e > lo && e <= hi)
    }

    /// Whether a range holds all of `r`.
    pub(crate) fn any_containing(&self, r: &Range<usize>) -> bool {
        self.by_start.range(r.start.saturating_sub(self.longest)..=r.start).any(|(_, v)| v.iter().any(|(e, _)| *e >= r.end))
    }

    /// The ids of the ranges (empty ones too) that end at `end`, smallest first.
    pub(crate) fn ending_at(&self, end: usize) -> Vec<usize> {
        self.ids(end.saturating_sub(self.longest)..=end, |e| e == end)
    }
}

pub fn resolve_overlaps(mut ms: Vec<Mention>) -> Vec<Mention> {
    ms.sort_by(|a, b| {
        let la = a.range.len();
        let lb = b.range.len();
        lb.cmp(&la).then(a.is_zone_ref.cmp(&b.is_zone_ref)).then(a.range.start.cmp(&b.range.start)).then(a.kind.cmp(&b.kind))
    });
    let mut kept: Vec<Mention> = Vec::new();
    let mut taken = Intervals::default();
    for m in ms {
        if m.range.is_empty() {
            continue;
        }
        // a zone named inside a park's name stays (光谷软件园 names 光谷): it says whose park it is
        let nested_zone = |k: &Mention| m.kind == Kind::Zone && k.kind == Kind::Park && k.range.start <= m.range.start && m.range.end <= k.range.end;
        if taken.overlapping(&m.range).any(|k| !nested_zone(&kept[k])) {
            continue;
        }
        taken.insert(&m.range, kept.len());
        kept.push(m);
    }
    kept.sort_by_key(|m| m.range.start);
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

/// Table-driven checks shared by the extractors' tests: the tables are data
/// files under `tests/cases/`, sentences written for the genre's styles.
#[cfg(test)]
pub(crate) mod table {
    use super::*;
    use crate::text::Article;
    use std::sync::OnceLock;

    pub(crate) fn extractor() -> &'static Extractor {
        static X: OnceLock<Extractor> = OnceLock::new();
        X.get_or_init(|| Extractor::new(Lexicon::builtin()).expect("the built-in lexicon compiles"))
    }

    pub(crate) fn run(text: &str) -> (Article, Extraction) {
        let a = Article::new("t".into(), "test".into(), text.lines().next().unwrap_or("").to_string(), vec![], None, text.to_string());
        let e = extractor().extract(&a);
        (a, e)
    }

    fn rows(tsv: &str) -> Vec<Vec<&str>> {
        tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(|l| l.split('\t').collect()).collect()
    }

    /// The name of a relation target: a mention's canonical name, or the
    /// article's zone (`@zone` when the article names none).
    pub(crate) fn target_name(e: &Extraction, t: Target) -> String {
        match t {
            Target::Mention(j) if e.mentions[j].is_zone_ref => e.main_zone.map(|z| e.mentions[z].canonical.clone()).unwrap_or("@zone".into()),
            Target::Mention(j) => e.mentions[j].canonical.clone(),
            Target::ArticleZone => e.main_zone.map(|z| e.mentions[z].canonical.clone()).unwrap_or("@zone".into()),
        }
    }

    fn kind_of(s: &str) -> Kind {
        Kind::ALL.into_iter().find(|k| k.class_name() == s).unwrap_or_else(|| panic!("unknown kind {s}"))
    }

    /// Rows: text, kind, name (`!name`: must not be found), canonical (`=`),
    /// link (`-`, `class=X`, or `rel=target`, target `@zone` for the article's zone).
    pub(crate) fn check_entities(tsv: &str, file: &str) {
        let mut errs = Vec::new();
        let all = rows(tsv);
        assert!(all.len() >= 15, "{file}: at least 15 cases");
        for r in &all {
            let [text, kind, name, canon, link] = r[..] else { panic!("{file}: bad row {r:?}") };
            let (a, e) = run(text);
            let kind = kind_of(kind);
            let found: Vec<&Mention> = e.mentions.iter().filter(|m| m.kind == kind && !m.is_zone_ref).collect();
            if let Some(neg) = name.strip_prefix('!') {
                if found.iter().any(|m| m.name == neg) {
                    errs.push(format!("{text}: {neg} must not be a {kind:?}"));
                }
                continue;
            }
            let Some((i, m)) = e.mentions.iter().enumerate().find(|(_, m)| m.kind == kind && m.name == name) else {
                errs.push(format!("{text}: want {kind:?} {name}, got {:?}", found.iter().map(|m| &m.name).collect::<Vec<_>>()));
                continue;
            };
            if a.clean.text[m.range.clone()] != *name {
                errs.push(format!("{text}: span of {name} is {:?}", &a.clean.text[m.range.clone()]));
            }
            let want_canon = if canon == "=" { name } else { canon };
            if m.canonical != want_canon {
                errs.push(format!("{text}: canonical of {name} is {}, want {want_canon}", m.canonical));
            }
            if let Some(c) = link.strip_prefix("class=") {
                let got = m.zone_class.map(|z| z.class_name()).unwrap_or("-");
                if got != c {
                    errs.push(format!("{text}: class of {name} is {got}, want {c}"));
                }
            } else if let Some((rel, target)) = link.split_once('=') {
                let got: Vec<String> = e.relations.iter().filter(|x| x.from == i && x.rel.local() == rel).map(|x| target_name(&e, x.to)).collect();
                if !got.iter().any(|g| g == target) {
                    errs.push(format!("{text}: {name} {rel} {got:?}, want {target}"));
                }
            }
        }
        assert!(errs.is_empty(), "{file}: {} failure(s):\n{}", errs.len(), errs.join("\n"));
    }

    /// Rows: text, person name (`!name`: not a person), positions `title@body;...`
    /// (body `-`: none; `=`: the article's zone).
    pub(crate) fn check_persons(tsv: &str, file: &str) {
        let mut errs = Vec::new();
        let all = rows(tsv);
        assert!(all.len() >= 15, "{file}: at least 15 cases");
        for r in &all {
            let [text, name, poss] = r[..] else { panic!("{file}: bad row {r:?}") };
            // \n in a row writes a line break (a notice's list, one member a line)
            let text = &text.replace("\\n", "\n");
            let (a, e) = run(text);
            let persons: Vec<&String> = e.mentions.iter().filter(|m| m.kind == Kind::Person).map(|m| &m.name).collect();
            if let Some(neg) = name.strip_prefix('!') {
                if persons.iter().any(|p| *p == neg) {
                    errs.push(format!("{text}: {neg} must not be a person"));
                }
                continue;
            }
            let Some(i) = e.mentions.iter().position(|m| m.kind == Kind::Person && m.name == name) else {
                errs.push(format!("{text}: want person {name}, got {persons:?}"));
                continue;
            };
            if a.clean.text[e.mentions[i].range.clone()] != *name {
                errs.push(format!("{text}: span of {name} wrong"));
            }
            let got: Vec<String> = e
                .positions
                .iter()
                .filter(|p| p.holder == i)
                .map(|p| {
                    let body = match p.org {
                        None => "-".to_string(),
                        Some(Target::ArticleZone) if e.main_zone.is_none() => "=".to_string(),
                        Some(t) => target_name(&e, t),
                    };
                    format!("{}@{body}", p.title)
                })
                .collect();
            // `none`: a person with no post
            let want: Vec<String> = if poss == "none" { Vec::new() } else { poss.split(';').map(str::to_string).collect() };
            if got != want {
                errs.push(format!("{text}: {name} positions {got:?}, want {want:?}"));
            }
        }
        assert!(errs.is_empty(), "{file}: {} failure(s):\n{}", errs.len(), errs.join("\n"));
    }

    /// Rows: text, indicator (`!`: no figure with that value), value, unit,
    /// growth, qualifier, period, share (`-`: none, `*`: any), and optionally
    /// the subject's name (`@zone`: the article's zone).
    pub(crate) fn check_figures(tsv: &str, file: &str) {
        let mut errs = Vec::new();
        let all = rows(tsv);
        assert!(all.len() >= 15, "{file}: at least 15 cases");
        let eq = |want: &str, got: &Option<String>| want == "*" || (want == "-" && got.is_none()) || got.as_deref() == Some(want);
        for r in &all {
            // an optional ninth column names the subject (`@zone`: the article's zone)
            let (text, ind, value, unit, growth, qual, period, share, subj) = match r[..] {
                [t, i, v, u, g, q, p, s] => (t, i, v, u, g, q, p, s, "*"),
                [t, i, v, u, g, q, p, s, j] => (t, i, v, u, g, q, p, s, j),
                _ => panic!("{file}: bad row {r:?}"),
            };
            let (_, e) = run(text);
            if ind == "!" {
                if e.observations.iter().any(|o| o.value.as_deref() == Some(value)) {
                    errs.push(format!("{text}: {value} must not be a figure"));
                }
                continue;
            }
            let hit = e.observations.iter().find(|o| eq(value, &o.value) && eq(growth, &o.growth));
            let Some(o) = hit else {
                errs.push(format!("{text}: no figure {value} growth {growth}; got {:?}", e.observations.iter().map(|o| (&o.indicator, &o.value, &o.growth)).collect::<Vec<_>>()));
                continue;
            };
            let subject = o.subject.map(|t| match t {
                Target::ArticleZone => "@zone".to_string(),
                t => target_name(&e, t),
            });
            let checks = [
                ("subject", subj, subject),
                ("indicator", ind, Some(o.indicator.clone())),
                ("unit", unit, o.unit.clone()),
                ("qualifier", qual, o.qualifier.clone()),
                ("period", period, o.period.clone()),
                ("share", share, o.share.clone()),
            ];
            for (what, want, got) in checks {
                if !eq(want, &got) {
                    errs.push(format!("{text}: {what} {got:?}, want {want}"));
                }
            }
        }
        assert!(errs.is_empty(), "{file}: {} failure(s):\n{}", errs.len(), errs.join("\n"));
    }
}

#[cfg(test)]
mod intervals_tests {
    use super::Intervals;
    use std::ops::Range;

    /// Every question of [`Intervals`] answers as a scan of all the ranges
    /// does, on random ranges (empty ones, nested ones, long ones) and
    /// random questions, including ones whose bounds are out of order.
    #[test]
    fn intervals_answer_as_a_scan_does() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for round in 0..200 {
            let count = next(30);
            let ranges: Vec<Range<usize>> = (0..count)
                .map(|_| {
                    let s = next(100);
                    let len = if round % 5 == 0 { next(80) } else { next(6) };
                    s..s + len
                })
                .collect();
            let mut iv = Intervals::default();
            for (i, r) in ranges.iter().enumerate() {
                iv.insert(r, i);
            }
            for _ in 0..50 {
                let (a, b) = (next(120), next(120));
                let q = a.min(b)..a.max(b);
                let scan = |f: &dyn Fn(&Range<usize>) -> bool| -> Vec<usize> { (0..ranges.len()).filter(|&i| f(&ranges[i])).collect() };
                let mut got: Vec<usize> = iv.overlapping(&q).collect();
                got.sort_unstable();
                assert_eq!(got, scan(&|r| r.start < q.end && q.start < r.end), "overlapping {q:?} in {ranges:?}");
                assert_eq!(iv.any_overlap(&q), !got.is_empty());
                assert_eq!(iv.starting_in(q.clone()), scan(&|r| q.contains(&r.start)), "starting_in {q:?}");
                assert_eq!(iv.ending_at(a), scan(&|r| r.end == a), "ending_at {a}");
                assert_eq!(iv.ending_within(a, b), scan(&|r| r.end > a && r.end <= b), "ending_within {a} {b}");
                assert_eq!(iv.any_containing(&q), !scan(&|r| r.start <= q.start && q.end <= r.end).is_empty(), "containing {q:?}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::table::run;
    use super::*;

    #[test]
    fn spans_point_at_names() {
        let (a, e) = run("近日,甲乙高新区管委会主任王建国表示,今年引进项目。");
        assert!(!e.mentions.is_empty());
        // a body implied by a title (副市长 → 市政府) points at the title
        for m in e.mentions.iter().filter(|m| !m.range.is_empty() && m.rule != "org.title_body") {
            assert_eq!(&a.clean.text[m.range.clone()], m.name);
        }
    }

    #[test]
    fn short_finds_agree_with_the_standard_ones() {
        let hs = ["", "增长", "工业总产值增长", "实现营业收入同比增长增长", "ab增长cd增长", "增"];
        let ns = ["", "增长", "长", "增长增长", "营业收入", "x", "ab"];
        for h in hs {
            for n in ns {
                assert_eq!(find_short(h, n), h.find(n), "{h:?} {n:?}");
                assert_eq!(rfind_short(h, n), h.rfind(n), "{h:?} {n:?}");
            }
        }
    }

    #[test]
    fn every_mention_has_a_rule_and_a_confidence() {
        let (_, e) = run("2022年,某高新区印发《促进数字经济发展若干措施》,全年营业收入1234.5亿元,增长8.1%。");
        for m in &e.mentions {
            assert!(!m.rule.is_empty() && m.confidence > 0.0 && m.confidence <= 1.0, "{m:?}");
        }
        for o in &e.observations {
            assert!(!o.rule.is_empty() && o.confidence > 0.0 && o.confidence <= 1.0, "{o:?}");
        }
    }

    #[test]
    fn word_sets_find_what_the_alternation_finds() {
        let x = super::table::extractor();
        let titles: Vec<String> = x.lex.titles.iter().cloned().collect();
        let set = WordSet::new("title", &titles).unwrap();
        let re = Regex::new(&alt(&titles)).unwrap();
        let text = [include_str!("../../tests/cases/person.tsv"), include_str!("../../examples/000_1180e4d859a6c566.txt")].concat();
        let a: Vec<_> = set.find_iter(&text).map(|m| m.range()).collect();
        let b: Vec<_> = re.find_iter(&text).map(|m| m.range()).collect();
        assert!(a.len() > 100);
        assert_eq!(a, b);
    }

    #[test]
    fn overlap_longest_wins() {
        let mk = |s: usize, e: usize, k: Kind| simple(k, s..e, String::new(), "t", 1.0);
        let out = resolve_overlaps(vec![mk(0, 3, Kind::Zone), mk(0, 9, Kind::Event), mk(9, 12, Kind::Place)]);
        assert_eq!(out.iter().map(|m| m.kind).collect::<Vec<_>>(), vec![Kind::Event, Kind::Place]);
    }

    #[test]
    fn chinese_numerals() {
        use super::figure::cn_number;
        for (s, v) in [("十二", 12), ("三十五", 35), ("两百", 200), ("一千二百", 1200), ("十", 10), ("三万", 30000)] {
            assert_eq!(cn_number(s), Some(v), "{s}");
        }
        assert_eq!(cn_number("百"), None);
    }
}
