//! Bylines: 记者 X, 通讯员 Y, (记者/X 通讯员/Y), 新华社…电(记者 Z), with each name's span.

use crate::text::{OrigSpan, Reporter};
use regex::Regex;
use std::sync::OnceLock;

fn byline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // 新华社长沙3月5日电（记者 张三）, 国际在线湖南频道报道（李四）, 本报讯（记者 王五）
    RE.get_or_init(|| Regex::new(r"^[^。,，]{0,30}?(?:报道|电|讯)\s*[(（][^()（）]{2,30}[)）]").expect("byline regex"))
}

/// Does a line open with a byline?
pub fn is_byline(line: &str) -> bool {
    let folded: String = line.trim().chars().map(crate::text::fold_char).collect();
    let l = folded.as_str();
    ["▶", "►", "○", "●", "本报讯", "本报记者", "本报特约", "本报通讯员", "作者:", "作者：", "文/", "文／", "来源:", "来源："].iter().any(|p| l.starts_with(p))
        || byline_re().is_match(l)
        || ((l.starts_with("记者") || l.starts_with("通讯员") || l.starts_with("特约通讯员")) && l.chars().count() <= 30 && !l.contains(['。', ',', '，']))
        || ((l.starts_with('(') || l.starts_with('（')) && l.chars().take(8).collect::<String>().contains("记者"))
}

const ROLES: &[&str] = &["特约通讯员", "实习记者", "实习生", "通讯员", "记者", "作者", "摄影", "摄", "责任编辑", "责编", "编辑", "来源"];

fn is_name_char(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·'
}

/// Reporters named in a byline (the part of `line` before the body starts).
/// Returns the reporters with char offsets relative to `line`, and the char
/// length of the byline part. Editors (责编, 编辑) are not reporters.
pub fn parse_byline(line: &str) -> (Vec<Reporter>, usize) {
    // traditional characters and full-width forms fold one for one, so offsets hold
    let folded: String = line.chars().map(crate::text::fold_char).collect();
    parse_byline_folded(&folded)
}

fn parse_byline_folded(line: &str) -> (Vec<Reporter>, usize) {
    // the region that holds the names: the first bracket, else the short line, else up to the first space
    let head_len = line.char_indices().nth(40).map(|(b, _)| b).unwrap_or(line.len());
    let bracket = line[..head_len].find(['(', '（']).and_then(|open| line[open..].find([')', '）']).map(|c| (open, open + c)));
    let (region_start, region_end, part_end) = match bracket {
        Some((open, close)) => {
            let close_len = line[close..].chars().next().map(char::len_utf8).unwrap_or(1);
            let open_len = line[open..].chars().next().map(char::len_utf8).unwrap_or(1);
            let mut end = close + close_len;
            if line[end..].starts_with(['：', ':']) {
                end += line[end..].chars().next().map(char::len_utf8).unwrap_or(1);
            }
            (open + open_len, close, end)
        }
        None => {
            if line.chars().count() <= 30 && !line.contains(['。', ',', '，']) {
                (0, line.len(), line.len())
            } else {
                let e = line.find(char::is_whitespace).unwrap_or(0);
                (0, e, e)
            }
        }
    };
    let region = &line[region_start..region_end];
    let mut reps = Vec::new();
    let mut role = String::new();
    let mut i = 0;
    while i < region.len() {
        let c = region[i..].chars().next().unwrap_or(' ');
        if !is_name_char(c) {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        while let Some(c) = region[i..].chars().next().filter(|c| is_name_char(*c)) {
            i += c.len_utf8();
        }
        let mut run = &region[start..i];
        let mut run_start = start;
        for p in ["本报讯", "本报", "新华社", "中新社", "国际在线"] {
            if let Some(r) = run.strip_prefix(p) {
                run_start += run.len() - r.len();
                run = r;
            }
        }
        // a role, perhaps after the paper's name or a rank (某日报记者, 见习记者)
        if let Some((p, r)) = ROLES.iter().filter_map(|r| run.find(*r).map(|p| (p, *r))).min_by_key(|(p, r)| (*p, usize::MAX - r.len())) {
            role = r.to_string();
            run_start += p + r.len();
            run = &run[p + r.len()..];
        }
        let n = run.chars().count();
        if !(2..=4).contains(&n) || ["报道", "报讯", "电讯"].iter().any(|w| run.contains(w)) {
            continue;
        }
        if matches!(role.as_str(), "责编" | "责任编辑" | "编辑" | "来源") {
            continue;
        }
        let abs = region_start + run_start;
        let cs = line[..abs].chars().count();
        reps.push(Reporter { name: run.to_string(), role: role.clone(), span: OrigSpan::new(cs, cs + n) });
    }
    (reps, line[..part_end].chars().count())
}

/// Bylines written inside a line: a bracket that names reporters
/// (`(记者 方亮)`, `(见习记者舒震)`, `(记者/潘登 通讯员/莫竣元 曾燕)`), an
/// `作者:` field (`来源: X日报 | 作者:齐广君 陈赫一`), or a paper's reporter
/// opening the line (`X日报记者万红 `). Photographers (`摄`) and editors are
/// not reporters. Char offsets are relative to `line`.
pub fn bylines_in(line: &str) -> Vec<Reporter> {
    static BRACKET: OnceLock<Regex> = OnceLock::new();
    static FIELD: OnceLock<Regex> = OnceLock::new();
    static LEAD: OnceLock<Regex> = OnceLock::new();
    let folded: String = line.chars().map(crate::text::fold_char).collect();
    let bracket = BRACKET.get_or_init(|| Regex::new(r"[(（]([^()（）]{0,12}?(?:记者|通讯员|作者)[^()（）]{1,40})[)）]").expect("byline bracket"));
    let field = FIELD.get_or_init(|| Regex::new(r"作者\s*[:：/]\s*([\p{Han}·]{2,4}(?:[ \u{3000}、,]+[\p{Han}·]{2,4})*)").expect("byline field"));
    let lead = LEAD.get_or_init(|| Regex::new(r"^[\p{Han}]{0,8}?记者([\p{Han}]{2,3})[ \u{3000}]").expect("byline lead"));
    let take = |out: &mut Vec<Reporter>, region_start: usize, region: &str| {
        if region.contains('摄') || region.contains("编辑") {
            return;
        }
        // the names are read as a bracketed byline of their own
        let (reps, _) = parse_byline_folded(&format!("({region})"));
        let base = folded[..region_start].chars().count();
        let chars: Vec<char> = folded.chars().collect();
        for r in reps {
            let (start, end) = (base + r.span.start - 1, base + r.span.end - 1);
            // a field's label is no name (作者:姜慧  刊发时间:2020-12-11)
            let labelled = chars[end..].iter().find(|c| !c.is_whitespace()).is_some_and(|c| *c == ':' || *c == '：');
            if labelled {
                continue;
            }
            out.push(Reporter { span: OrigSpan::new(start, end), ..r });
        }
    };
    let mut out = Vec::new();
    for c in bracket.captures_iter(&folded) {
        if let Some(m) = c.get(1) {
            take(&mut out, m.start(), m.as_str());
        }
    }
    if out.is_empty() {
        if let Some(m) = field.captures(&folded).and_then(|c| c.get(1)) {
            take(&mut out, m.start(), m.as_str());
        }
    }
    if out.is_empty() {
        if let Some(m) = lead.captures(&folded).and_then(|c| c.get(1)) {
            take(&mut out, m.start(), m.as_str());
        }
    }
    out
}
