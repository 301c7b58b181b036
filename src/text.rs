//! Articles and their text: the original text as read, and a cleaned copy for
//! the extractors in which lines broken by page layout (政\n\n策) are joined,
//! full-width ASCII is folded, and picture captions are moved out of the
//! running text. Every character of the cleaned copy remembers the offset of
//! the character of the original it came from, so spans found in the clean
//! text map back to the original exactly.

use std::ops::Range;

pub use crate::model::span::{CleanBytes, CleanSpan, OrigChars, OrigSpan, Span};

/// A reporter or author named in an article's byline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reporter {
    pub name: String,
    /// 记者, 通讯员, 特约通讯员, 作者 ... as written ("" when the byline gives only the name)
    pub role: String,
    /// where the name is written in the article's original text
    pub span: OrigSpan,
}

/// One article: the unit of provenance.
#[derive(Debug, Clone)]
pub struct Article {
    /// stable identifier: the record's id, or a hash of the article's text
    pub id: String,
    /// where it came from: `path`, `path:line` for JSONL, `<stdin>`
    pub source: String,
    /// headline lines joined with a space
    pub title: String,
    pub reporters: Vec<Reporter>,
    pub date: Option<String>,
    /// the original text, headline included
    pub text: String,
    /// the cleaned copy the extractors read
    pub clean: CleanText,
    /// sentences as byte ranges of `clean.text`
    pub sentences: Vec<Range<usize>>,
}

impl Article {
    pub fn new(id: String, source: String, title: String, reporters: Vec<Reporter>, date: Option<String>, text: String) -> Self {
        let mut a = Self::shell(id, source, title, reporters, date, text);
        a.prepare();
        a
    }

    /// An article without its cleaned copy (see [`Article::prepare`]).
    pub fn shell(id: String, source: String, title: String, reporters: Vec<Reporter>, date: Option<String>, text: String) -> Self {
        Article { id, source, title, reporters, date, text, clean: CleanText::default(), sentences: Vec::new() }
    }

    /// Drops the cleaned copy (to hold many articles in little memory);
    /// [`Article::prepare`] makes it again.
    pub fn unprepare(&mut self) {
        self.clean = CleanText::default();
        self.sentences = Vec::new();
    }

    /// Makes the cleaned copy and the sentences, if they were dropped.
    pub fn prepare(&mut self) {
        if self.clean.text.is_empty() && !self.text.trim().is_empty() {
            self.clean = CleanText::from_text(&self.text);
            self.sentences = split_sentences(&self.clean.text);
        }
    }

    /// The original text between two character offsets.
    pub fn slice_chars(&self, start: usize, end: usize) -> String {
        self.text.chars().skip(start).take(end.saturating_sub(start)).collect()
    }

    /// Index of the sentence holding clean byte offset `b`.
    pub fn sentence_of(&self, b: usize) -> usize {
        match self.sentences.binary_search_by(|r| {
            if b < r.start {
                std::cmp::Ordering::Greater
            } else if b >= r.end {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Equal
            }
        }) {
            Ok(i) => i,
            Err(i) => i.min(self.sentences.len().saturating_sub(1)),
        }
    }
}

/// The cleaned text and its map back to the original.
#[derive(Debug, Clone, Default)]
pub struct CleanText {
    pub text: String,
    /// byte offset in `text` of each char
    char_bytes: Vec<u32>,
    /// original char offset of each char
    orig: Vec<u32>,
}

/// Characters that end a sentence.
pub fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '…')
}

fn is_closing_quote(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '"' | '）' | ')')
}

/// Does a line end a paragraph (sentence-final punctuation, possibly inside a quote)?
pub fn line_is_closed(line: &str) -> bool {
    let mut it = line.chars().rev().skip_while(|&c| is_closing_quote(c));
    matches!(it.next(), Some(c) if is_terminal(c))
}

/// Picture captions and credits that interrupt running text.
pub fn is_caption(line: &str) -> bool {
    line.contains("图片来源") || line.contains("图片由") || line.starts_with("图为") || line.contains("(摄)") || line.contains("（摄）")
}

/// A heading: short, no sentence punctuation inside, not ending with a comma,
/// not a date or a time alone (2019年06月24日 18:01:21).
pub fn is_heading_like(line: &str) -> bool {
    let n = line.chars().count();
    if n == 0 || n > 40 || is_caption(line) || is_date_line(line) || is_meta_line(line) {
        return false;
    }
    !line.chars().any(|c| matches!(c, '。' | '，' | ',' | '；' | ';' | '！' | '？' | '!' | '?' | '、'))
}

/// A line of a page's metadata: a field (来源:, 作者:, 发稿时间:) or a
/// line that opens with a date (2023年02月03日 07:49 作者:X).
pub fn is_meta_line(line: &str) -> bool {
    let l = line.trim_start();
    const FIELDS: &[&str] = &["来源", "作者", "编辑", "责编", "发布时间", "发稿时间", "信息时间", "刊发时间", "时间", "发布日期", "日期"];
    let field = FIELDS.iter().any(|f| l.find(f).is_some_and(|p| l[p + f.len()..].trim_start().starts_with([':', '：'])));
    let digits = l.chars().take_while(|c| c.is_ascii_digit()).count();
    let dated = digits == 4 && l[4..].starts_with(['年', '-', '/', '.']);
    field || dated
}

/// A line that only writes a date or a time (2019-06-24 18:01, 2023年2月7日 11:37:22).
pub fn is_date_line(line: &str) -> bool {
    line.chars().any(|c| c.is_ascii_digit()) && line.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || "年月日时分秒:：-/.".contains(c))
}

/// A headline without the column tag a site puts before it (【第一要闻】,
/// 每日报道:, 今日头条|).
pub fn strip_column_tag(title: &str) -> &str {
    let t = title.trim();
    if let Some(rest) = t.strip_prefix('【').and_then(|r| r.split_once('】')).map(|(_, r)| r.trim()) {
        if !rest.is_empty() {
            return rest;
        }
    }
    const TAGS: &[&str] = &["报道", "要闻", "快讯", "头条", "聚焦", "关注", "速递", "播报", "视点", "时评"];
    if let Some(p) = t.find([':', '：', '|']) {
        let tag = &t[..p];
        let n = tag.chars().count();
        if (2..=6).contains(&n) && TAGS.iter().any(|x| tag.ends_with(x)) {
            let rest = t[p..].trim_start_matches([':', '：', '|', ' ']);
            if !rest.is_empty() {
                return rest;
            }
        }
    }
    t
}

/// A line of a list of officials ends with a name set off by a space
/// (市农业农村委主任、党组书记 张国坤, 区长 缪 京): a layout break never does.
pub fn ends_with_listed_name(line: &str) -> bool {
    let t = line.trim_end();
    let Some(p) = t.rfind([' ', '\u{3000}']) else { return false };
    let tail: String = t[p..].chars().filter(|c| !c.is_whitespace()).collect();
    let n = tail.chars().count();
    // 缪 京: a surname and a given name each set off
    let before = t[..p].trim_end();
    let spaced = n == 1 && before.rfind([' ', '\u{3000}']).map(|q| before[q..].trim().chars().count() == 1).unwrap_or(false);
    ((2..=3).contains(&n) || spaced) && tail.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) && before.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// Does a line start with a fragment of a word cut by the layout (策,支持…)?
pub fn starts_with_fragment(line: &str) -> bool {
    let head: Vec<char> = line.chars().take(3).collect();
    matches!(head.as_slice(), [_, p, ..] | [_, _, p] if matches!(p, ',' | '，' | '、' | '。' | '”' | ';' | '；')) && !head.first().map(|c| is_terminal(*c)).unwrap_or(false)
}

fn traditional() -> &'static std::collections::HashMap<char, char> {
    static MAP: std::sync::OnceLock<std::collections::HashMap<char, char>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        include_str!("../ontology/lexicon/traditional.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut it = l.split('\t').map(|x| x.chars().next());
                Some((it.next()??, it.next()??))
            })
            .collect()
    })
}

/// Folds one character for the extractors: full-width ASCII (，（１２０）) to
/// ASCII, the ideographic space to a space, traditional characters to
/// simplified (經開區 → 经开区), 「」『』 to “”‘’. One character in, one out,
/// so offsets map back one to one.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '「' => '“',
        '」' => '”',
        '『' => '‘',
        '』' => '’',
        c if c < '\u{3400}' => c,
        c => traditional().get(&c).copied().unwrap_or(c),
    }
}

impl CleanText {
    fn push(&mut self, c: char, orig: usize) {
        self.char_bytes.push(self.text.len() as u32);
        self.text.push(c);
        self.orig.push(orig as u32);
    }

    /// Cleans an article's text: one line per paragraph, layout breaks joined,
    /// captions moved to the end, full-width ASCII folded.
    pub fn from_text(text: &str) -> Self {
        // lines with their original char offsets, trimmed
        let mut lines: Vec<(usize, Vec<char>)> = Vec::new();
        let mut cur: Vec<char> = Vec::new();
        let mut cur_start = 0usize;
        for (pos, c) in text.chars().enumerate() {
            if c == '\n' {
                lines.push((cur_start, std::mem::take(&mut cur)));
                cur_start = pos + 1;
            } else {
                cur.push(c);
            }
        }
        lines.push((cur_start, cur));
        let mut out = CleanText::default();
        let mut captions: Vec<(usize, Vec<char>)> = Vec::new();
        // non-empty lines, trimmed, with their original start
        let mut kept: Vec<(usize, &[char], String)> = Vec::new();
        for (start, chars) in &lines {
            let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
            let trail = chars.iter().rev().take_while(|c| c.is_whitespace()).count();
            if lead + trail >= chars.len() {
                continue;
            }
            let body = &chars[lead..chars.len() - trail];
            let s: String = body.iter().collect();
            if is_caption(&s) {
                captions.push((start + lead, body.to_vec()));
                continue;
            }
            kept.push((start + lead, body, s));
        }
        let mut open = false; // previous paragraph continues on this line
        for (k, (start, body, s)) in kept.iter().enumerate() {
            if !out.text.is_empty() && !open {
                out.push('\n', *start);
            }
            for (i, &c) in body.iter().enumerate() {
                out.push(if c == '\r' { ' ' } else { fold_char(c) }, start + i);
            }
            let next_is_fragment = kept.get(k + 1).map(|(_, _, n)| starts_with_fragment(n)).unwrap_or(false);
            // a line that ends with a colon introduces what follows (名单如下:)
            open = !line_is_closed(s) && !s.starts_with('▶') && !s.ends_with([':', '：']) && !ends_with_listed_name(s) && !is_meta_line(s) && (!is_heading_like(s) || next_is_fragment);
        }
        for (start, body) in captions {
            if !out.text.is_empty() {
                out.push('\n', start);
            }
            for (i, &c) in body.iter().enumerate() {
                out.push(fold_char(c), start + i);
            }
        }
        out
    }

    /// Char index of the char starting at (or containing) byte `b`.
    pub fn char_index(&self, b: usize) -> usize {
        match self.char_bytes.binary_search(&(b as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Original character span of a clean byte span.
    pub fn orig_span(&self, r: impl Into<CleanSpan>) -> OrigSpan {
        let r: CleanSpan = r.into();
        if self.orig.is_empty() || r.is_empty() {
            let p = self.orig.get(self.char_index(r.start)).copied().unwrap_or(0) as usize;
            return Span::new(p, p);
        }
        let a = self.char_index(r.start);
        let b = self.char_index(r.end.saturating_sub(1));
        Span::new(self.orig[a] as usize, self.orig[b.min(self.orig.len() - 1)] as usize + 1)
    }

    pub fn len_chars(&self) -> usize {
        self.orig.len()
    }
}

/// The longest sentence, in characters. News sentences stay far below it
/// (the longest of the corpus and dev passages has 236); a longer run with
/// no full stop is a table pasted as one line or text without punctuation,
/// and is cut at a clause break (，、, or a space) in its second half, else
/// at the limit, so that no extractor's work on one sentence can grow with
/// the length of the input.
pub const MAX_SENTENCE_CHARS: usize = 500;

/// Pushes `start..end`, in pieces of at most [`MAX_SENTENCE_CHARS`].
fn push_capped(out: &mut Vec<Range<usize>>, text: &str, mut start: usize, end: usize) {
    loop {
        let piece = &text[start..end];
        let Some((limit, _)) = piece.char_indices().nth(MAX_SENTENCE_CHARS) else {
            out.push(start..end);
            return;
        };
        let half = piece.char_indices().nth(MAX_SENTENCE_CHARS / 2).map_or(0, |(i, _)| i);
        let cut = piece[half..limit].char_indices().rfind(|&(_, c)| matches!(c, '，' | ',' | '、' | '：' | ':' | ' ' | '\u{3000}' | '\t')).map_or(limit, |(i, c)| half + i + c.len_utf8());
        out.push(start..start + cut);
        start += cut;
    }
}

/// Splits clean text into sentences: at line ends and after 。！？；, keeping
/// closing quotes with the sentence they close; none longer than
/// [`MAX_SENTENCE_CHARS`].
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let mut end = None;
        if c == '\n' {
            if i > start {
                push_capped(&mut out, text, start, i);
            }
            start = i + 1;
            continue;
        }
        if is_terminal(c) {
            let mut e = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if is_closing_quote(d) || is_terminal(d) {
                    e = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            end = Some(e);
        }
        if let Some(e) = end {
            if e > start {
                push_capped(&mut out, text, start, e);
            }
            start = e;
        }
    }
    if start < text.len() {
        push_capped(&mut out, text, start, text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_breaks_are_joined_and_offsets_map_back() {
        let text = "研究出台17份主导政\n\n策,支持企业。\n\n下一段。";
        let c = CleanText::from_text(text);
        assert_eq!(c.text, "研究出台17份主导政策,支持企业。\n下一段。");
        let b = c.text.find("政策").unwrap();
        let OrigSpan { start: s, end: e, .. } = c.orig_span(b..b + "政策".len());
        let orig: String = text.chars().skip(s).take(e - s).collect();
        assert_eq!(orig, "政\n\n策");
    }

    #[test]
    fn headings_stay_on_their_own_line() {
        let c = CleanText::from_text("聚焦“高”“新”\n工作成绩“亮眼”\n\n正文开始。");
        assert_eq!(c.text, "聚焦“高”“新”\n工作成绩“亮眼”\n正文开始。");
    }

    #[test]
    fn captions_move_out_of_running_text() {
        let text = "减时限,落实即办。园区推行一般事项即来即办当场办结,在服务大厅设置综合窗口,逐步落实\n\n大厅窗口。 图片来源:某区\n\n一窗受理。";
        let c = CleanText::from_text(text);
        assert!(c.text.ends_with("逐步落实一窗受理。\n大厅窗口。 图片来源:某区"), "{}", c.text);
    }

    #[test]
    fn traditional_and_corner_quotes_are_folded() {
        let c = CleanText::from_text("某市經開區「一網通辦」億元");
        assert_eq!(c.text, "某市经开区“一网通办”亿元");
        assert_eq!(c.len_chars(), "某市經開區「一網通辦」億元".chars().count());
    }

    #[test]
    fn full_width_is_folded() {
        let c = CleanText::from_text("ABC（中国）有限公司，增长１２０％");
        assert_eq!(c.text, "ABC(中国)有限公司,增长120%");
        assert_eq!(c.orig_span(0..3), OrigSpan::new(0, 3));
    }

    #[test]
    fn sentences_keep_closing_quotes() {
        let s = "他说:“好。”随后离开。\n标题";
        let r = split_sentences(s);
        let parts: Vec<&str> = r.iter().map(|r| &s[r.clone()]).collect();
        assert_eq!(parts, vec!["他说:“好。”", "随后离开。", "标题"]);
    }

    #[test]
    fn a_run_without_full_stops_is_cut_into_bounded_sentences() {
        let chars = |r: &Range<usize>, t: &str| t[r.clone()].chars().count();
        // a table pasted as one line: cut after a comma in each piece's second half
        let t = "工业总产值4191.83亿元,增长2.99%,".repeat(100);
        let s = split_sentences(&t);
        assert!(s.len() > 4);
        assert_eq!(s.first().unwrap().start, 0);
        assert_eq!(s.last().unwrap().end, t.len());
        for w in s.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        for r in &s[..s.len() - 1] {
            assert!(chars(r, &t) <= MAX_SENTENCE_CHARS && chars(r, &t) > MAX_SENTENCE_CHARS / 2, "{r:?}");
            assert!(t[r.clone()].ends_with(','), "{}", &t[r.clone()]);
        }
        // no break at all: cut at the limit, on a character boundary
        let t = "创新".repeat(600);
        let s = split_sentences(&t);
        assert_eq!(s.iter().map(|r| chars(r, &t)).collect::<Vec<_>>(), vec![500, 500, 200]);
        // ordinary sentences are untouched
        assert_eq!(split_sentences("甲乙。丙丁").len(), 2);
    }

    #[test]
    fn empty_text_is_fine() {
        let c = CleanText::from_text("");
        assert_eq!(c.text, "");
        assert_eq!(c.orig_span(0..0), OrigSpan::new(0, 0));
        assert!(split_sentences("").is_empty());
    }
}
