//! A newspaper page split into its articles: headline, byline, dateline, body.

use super::byline::{bylines_in, is_byline, parse_byline};
use crate::text::{is_caption, is_heading_like, line_is_closed, OrigSpan, Reporter};
use regex::Regex;
use std::sync::OnceLock;

/// A title for a record that has none: its first sentence after any byline,
/// at most 40 characters.
pub fn first_sentence(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    let rest: String = if is_byline(line) {
        let (_, n) = parse_byline(line);
        line.chars().skip(n).collect()
    } else {
        line.to_string()
    };
    let rest = rest.trim();
    let end = rest.find(['。', '!', '?', '！', '？']).unwrap_or(rest.len());
    rest[..end].chars().take(40).collect()
}

/// An article found on a page: char offsets into the page text.
#[derive(Debug, Clone)]
pub struct PagePart {
    pub span: OrigSpan,
    pub title: String,
    pub reporters: Vec<Reporter>,
    pub date: Option<String>,
}

/// A non-empty line of a page: char offsets of its first and after its last
/// non-space character, and its trimmed text.
struct Line {
    start: usize,
    end: usize,
    s: String,
}

#[derive(PartialEq, Clone, Copy)]
enum LineKind {
    Heading,
    Byline,
    Body,
}

fn page_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut pos = 0usize;
    for raw in text.split('\n') {
        let n = raw.chars().count();
        let lead = raw.chars().take_while(|c| c.is_whitespace()).count();
        let s = raw.trim().to_string();
        if !s.is_empty() {
            let len = s.chars().count();
            lines.push(Line { start: pos + lead, end: pos + lead + len, s });
        }
        pos += n + 1;
    }
    lines
}

/// Headings, bylines and body lines (a line continuing an open sentence is body).
fn classify(lines: &[Line]) -> Vec<LineKind> {
    let mut kinds = Vec::with_capacity(lines.len());
    let mut open = false;
    for l in lines {
        let k = if open || is_caption(&l.s) {
            LineKind::Body
        } else if is_byline(&l.s) {
            LineKind::Byline
        } else if is_heading_like(&l.s) {
            LineKind::Heading
        } else {
            LineKind::Body
        };
        open = k == LineKind::Body && !line_is_closed(&l.s) && !is_heading_like(&l.s) && !is_caption(&l.s);
        kinds.push(k);
    }
    kinds
}

/// The line indices where articles start: heading blocks that open the page,
/// are followed by a byline or name a zone; a byline opening the page.
fn article_starts(lines: &[Line], kinds: &[LineKind], zone_cue: &Regex) -> Vec<usize> {
    let mut starts: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if kinds[i] == LineKind::Heading {
            let b = i;
            while i < lines.len() && kinds[i] == LineKind::Heading {
                i += 1;
            }
            let followed_by_byline = i < lines.len() && kinds[i] == LineKind::Byline;
            let names_zone = lines[b..i].iter().any(|l| zone_cue.is_match(&l.s));
            if starts.is_empty() || followed_by_byline || names_zone {
                starts.push(b);
            }
        } else {
            if starts.is_empty() && kinds[i] == LineKind::Byline {
                starts.push(i);
            }
            i += 1;
        }
    }
    if starts.is_empty() {
        starts.push(0);
    }
    starts
}

/// Splits a page into articles. A block of heading lines starts a new article
/// when a byline follows it, when it names a zone (the genre's headlines lead
/// with the zone: `zone_cue`), or when it opens the page.
pub fn split_page(text: &str, zone_cue: &Regex) -> Vec<PagePart> {
    let lines = page_lines(text);
    if lines.is_empty() {
        return Vec::new();
    }
    let total = text.chars().count();
    let kinds = classify(&lines);
    let starts = article_starts(&lines, &kinds, zone_cue);
    let mut parts = Vec::new();
    for (n, &s) in starts.iter().enumerate() {
        let first = if n == 0 { 0 } else { s };
        let last = starts.get(n + 1).copied().unwrap_or(lines.len());
        parts.push(page_part(&lines[first..last], &kinds[first..last], first == 0, last == lines.len(), total));
    }
    parts
}

/// One article of a page from its lines: headline, byline, dateline and span.
fn page_part(lines: &[Line], kinds: &[LineKind], opens_page: bool, ends_page: bool, total: usize) -> PagePart {
    let start = lines[0].start;
    let end = if ends_page { lines[lines.len() - 1].end.min(total) } else { lines[lines.len() - 1].end };
    // headline: the heading block at the start
    let mut title_lines = Vec::new();
    let mut j = 0;
    while j < lines.len() && kinds[j] == LineKind::Heading {
        title_lines.push(lines[j].s.clone());
        j += 1;
    }
    let mut reporters = Vec::new();
    let mut date = None;
    // byline: a line of its own, or the start of the first body line
    if j < lines.len() && (kinds[j] == LineKind::Byline || (kinds[j] == LineKind::Body && is_byline(&lines[j].s))) {
        let l = &lines[j];
        let (reps, blen) = parse_byline(&l.s);
        for r in reps {
            reporters.push(Reporter { span: r.span.shifted(l.start - start), ..r });
        }
        let rest: String = l.s.chars().skip(blen).collect();
        date = dateline(&rest);
    }
    // a byline elsewhere in the article: (记者 X), 作者:X Y, (记者/X 通讯员/Y Z)
    if reporters.is_empty() {
        for l in lines {
            for r in bylines_in(&l.s) {
                reporters.push(Reporter { span: r.span.shifted(l.start - start), ..r });
            }
            if !reporters.is_empty() {
                break;
            }
        }
    }
    if title_lines.is_empty() {
        let first_line = &lines[0].s;
        // a document's first line that is not a sentence is its headline, however
        // long or punctuated (有多大 …具体指哪些?, X前移,Y跻身全国百强); else the start of it
        let n = first_line.chars().count();
        let headline = opens_page && n <= 64 && !first_line.contains('。') && !first_line.ends_with(['，', ',', '、', '：', ':']);
        title_lines.push(if headline { first_line.clone() } else { first_line.chars().take(30).collect() });
    }
    let title = title_lines.join(" ");
    let title = crate::text::strip_column_tag(&title).to_string();
    PagePart { span: OrigSpan::new(start, end), title, reporters, date }
}

/// A dateline at the start of a body: 2月3日, 2021年2月3日, 近日 is not one.
pub fn dateline(s: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^\s*((?:[0-9]{4}年)?[0-9]{1,2}月[0-9]{1,2}日)").unwrap());
    re.captures(s).and_then(|c| c.get(1)).map(|m| m.as_str().to_string())
}
