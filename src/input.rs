//! Reading articles: finding files, decoding (UTF-8 with or without BOM,
//! GB18030/GBK), HTML to text, JSONL records, and splitting a newspaper page
//! into its articles (headline, byline, dateline, body).

use crate::model::ids::hex;
use crate::text::{is_caption, is_heading_like, line_is_closed, Article, Reporter};
use regex::Regex;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Errors reading input. Each names the file and, where it applies, the line
/// or byte.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: no such file or directory")]
    Missing { path: String },
    #[error("{path}: cannot read: {message}")]
    Io { path: String, message: String },
    #[error("{path}: no articles found (looked for .txt, .md, .html, .htm, .jsonl files)")]
    NoArticles { path: String },
    #[error("{path}: cannot decode: not UTF-8 (invalid byte at offset {offset}) nor GB18030")]
    Undecodable { path: String, offset: usize },
    #[error("{path}: looks like binary data, not text (control byte at offset {offset})")]
    Binary { path: String, offset: usize },
    #[error("{path}:{line}: malformed JSONL record: {message}")]
    Jsonl { path: String, line: usize, message: String },
    #[error("{path}: empty: no text to read")]
    Empty { path: String },
}

/// One document as read, before page splitting.
#[derive(Debug, Clone, Default)]
pub struct RawDoc {
    pub origin: String,
    pub id: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub text: String,
}

const EXTS: &[&str] = &["txt", "md", "html", "htm", "jsonl"];

/// An input file and the name its articles record as their source: the
/// path relative to the folder it was found in (`2021/a.jsonl`), or the file
/// name when it was named directly, so the same articles read from another
/// checkout or shard record the same source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    pub path: PathBuf,
    pub name: String,
}

/// Expands paths (files, folders recursively; `-` is stdin) into a sorted
/// list of input files. A path that does not exist, or a folder with no
/// article files, is an error.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<InputFile>, InputError> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(InputFile { path: p.clone(), name: "<stdin>".into() });
            continue;
        }
        if !p.exists() {
            return Err(InputError::Missing { path: p.display().to_string() });
        }
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .follow_links(true)
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|f| f.extension().and_then(|x| x.to_str()).map(|x| EXTS.contains(&x.to_ascii_lowercase().as_str())).unwrap_or(false))
                .collect();
            if found.is_empty() {
                return Err(InputError::NoArticles { path: p.display().to_string() });
            }
            found.sort();
            out.extend(found.into_iter().map(|f| {
                let name = f.strip_prefix(p).map(|r| r.to_string_lossy().replace('\\', "/")).unwrap_or_else(|_| f.display().to_string());
                InputFile { path: f, name }
            }));
        } else {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string());
            out.push(InputFile { path: p.clone(), name });
        }
    }
    Ok(out)
}

/// Decodes bytes: UTF-8 (BOM stripped), UTF-16 with BOM, else GB18030.
pub fn decode(bytes: &[u8], path: &str) -> Result<String, InputError> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        std::str::from_utf8(rest).map(str::to_owned).map_err(|e| InputError::Undecodable { path: path.into(), offset: e.valid_up_to() + 3 })?
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (enc, bom) = encoding_rs::Encoding::for_bom(bytes).unwrap_or((encoding_rs::UTF_16LE, 2));
        enc.decode_without_bom_handling_and_without_replacement(&bytes[bom..]).map(|c| c.into_owned()).ok_or(InputError::Undecodable { path: path.into(), offset: bom })?
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(e) => {
                encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes).map(|c| c.into_owned()).ok_or(InputError::Undecodable { path: path.into(), offset: e.valid_up_to() })?
            }
        }
    };
    // text has no NULs and few control characters
    let mut bad = 0usize;
    let mut first = None;
    for (i, c) in text.char_indices() {
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0c}') {
            bad += 1;
            first.get_or_insert(i);
            if c == '\0' {
                return Err(InputError::Binary { path: path.into(), offset: i });
            }
        }
    }
    if bad > 0 && bad * 100 > text.chars().count().max(1) {
        return Err(InputError::Binary { path: path.into(), offset: first.unwrap_or(0) });
    }
    Ok(text)
}

/// As [`read_input`], recording `origin` as the documents' source; errors
/// name the path as given.
pub fn read_input_as(path: &Path, origin: &str) -> (Vec<RawDoc>, Vec<InputError>) {
    let shown = if path.as_os_str() == "-" { "<stdin>".to_string() } else { path.display().to_string() };
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" { std::io::stdin().read_to_end(&mut bytes).map(|_| ()) } else { std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)).map(|_| ()) };
    if let Err(e) = read {
        return (Vec::new(), vec![InputError::Io { path: shown, message: e.to_string() }]);
    }
    let text = match decode(&bytes, &shown) {
        Ok(t) => t,
        Err(e) => return (Vec::new(), vec![e]),
    };
    if text.trim().is_empty() {
        return (Vec::new(), vec![InputError::Empty { path: shown }]);
    }
    let ext = path.extension().and_then(|x| x.to_str()).map(|x| x.to_ascii_lowercase()).unwrap_or_default();
    let looks_jsonl = ext == "jsonl" || (path.as_os_str() == "-" && text.trim_start().starts_with('{'));
    if looks_jsonl {
        let (docs, errs) = parse_jsonl(&text, origin);
        // errors name the file as the user gave it
        let errs = errs
            .into_iter()
            .map(|e| match e {
                InputError::Jsonl { line, message, .. } => InputError::Jsonl { path: shown.clone(), line, message },
                other => other,
            })
            .collect();
        return (docs, errs);
    }
    if ext == "html" || ext == "htm" || (ext.is_empty() && text.trim_start().starts_with('<')) {
        let (title, body) = html_to_text(&text);
        return (vec![RawDoc { origin: origin.to_string(), title, text: body, ..Default::default() }], Vec::new());
    }
    (vec![RawDoc { origin: origin.to_string(), text, ..Default::default() }], Vec::new())
}

#[derive(Deserialize)]
struct JsonRecord {
    id: Option<serde_json::Value>,
    title: Option<String>,
    author: Option<serde_json::Value>,
    date: Option<String>,
    text: Option<String>,
}

/// Parses JSONL: one article a line (id, title, author, date, text; any may be
/// missing, but a record needs a title or a text).
pub fn parse_jsonl(text: &str, origin: &str) -> (Vec<RawDoc>, Vec<InputError>) {
    let mut docs = Vec::new();
    let mut errs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        let err = |message: String| InputError::Jsonl { path: origin.to_string(), line: i + 1, message };
        let rec: JsonRecord = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                errs.push(err(format!("{e}")));
                continue;
            }
        };
        let body = rec.text.unwrap_or_default();
        if body.trim().is_empty() && rec.title.as_deref().unwrap_or("").trim().is_empty() {
            errs.push(err("record has neither title nor text".into()));
            continue;
        }
        let id = rec.id.map(|v| match v {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        });
        let author = rec.author.map(|v| match v {
            serde_json::Value::String(s) => s,
            serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join("、"),
            other => other.to_string(),
        });
        docs.push(RawDoc { origin: format!("{origin}:{}", i + 1), id, title: rec.title.filter(|t| !t.trim().is_empty()), author: author.filter(|a| !a.trim().is_empty()), date: rec.date, text: body });
    }
    (docs, errs)
}

/// HTML to text: the `<h1>` or `<title>` as title, block elements as lines,
/// scripts, styles and navigation dropped.
pub fn html_to_text(html: &str) -> (Option<String>, String) {
    use scraper::{Html, Node, Selector};
    let doc = Html::parse_document(html);
    let pick =
        |sel: &str| Selector::parse(sel).ok().and_then(|s| doc.select(&s).next().map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty()));
    let title = pick("h1").or_else(|| pick("title"));
    const SKIP: &[&str] = &["script", "style", "nav", "header", "footer", "aside", "noscript", "form", "head", "iframe", "svg", "button", "select", "template"];
    const BLOCK: &[&str] = &["p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote", "pre", "table", "ul", "ol", "dd", "dt", "figcaption", "main"];
    let mut out = String::new();
    fn walk(node: ego_tree::NodeRef<Node>, out: &mut String) {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => {
                    let s: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !s.is_empty() {
                        out.push_str(&s);
                    }
                }
                Node::Element(e) => {
                    let name = e.name();
                    if SKIP.contains(&name) {
                        continue;
                    }
                    let role = e.attr("role").unwrap_or("");
                    let class = e.attr("class").unwrap_or("");
                    if role == "navigation" || class.split_whitespace().any(|c| matches!(c, "nav" | "menu" | "breadcrumb" | "footer" | "share")) {
                        continue;
                    }
                    let block = BLOCK.contains(&name);
                    if block && !out.ends_with('\n') && !out.is_empty() {
                        out.push('\n');
                    }
                    walk(child, out);
                    if block && !out.ends_with('\n') {
                        out.push('\n');
                    }
                }
                _ => walk(child, out),
            }
        }
    }
    let body_sel = Selector::parse("body").ok();
    match body_sel.as_ref().and_then(|s| doc.select(s).next()) {
        Some(body) => walk(*body, &mut out),
        None => walk(doc.tree.root(), &mut out),
    }
    let text = out.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n\n");
    (title, text)
}

/// A stable id: the record id when it is a safe token, else a hash.
pub fn article_id(record_id: Option<&str>, text: &str) -> String {
    if let Some(id) = record_id {
        let ok = !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) && !id.starts_with('.');
        if ok {
            return id.to_string();
        }
        return format!("h{}", &hex(&Sha256::digest(id.as_bytes()))[..16]);
    }
    let norm: String = text.split_whitespace().collect();
    format!("a{}", &hex(&Sha256::digest(norm.as_bytes()))[..16])
}

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
        reps.push(Reporter { name: run.to_string(), role: role.clone(), start: cs, end: cs + n });
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
            let (start, end) = (base + r.start - 1, base + r.end - 1);
            // a field's label is no name (作者:姜慧  刊发时间:2020-12-11)
            let labelled = chars[end..].iter().find(|c| !c.is_whitespace()).is_some_and(|c| *c == ':' || *c == '：');
            if labelled {
                continue;
            }
            out.push(Reporter { start, end, ..r });
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
    pub start: usize,
    pub end: usize,
    pub title: String,
    pub reporters: Vec<Reporter>,
    pub date: Option<String>,
}

/// Splits a page into articles. A block of heading lines starts a new article
/// when a byline follows it, when it names a zone (the genre's headlines lead
/// with the zone: `zone_cue`), or when it opens the page.
pub fn split_page(text: &str, zone_cue: &Regex) -> Vec<PagePart> {
    struct Line {
        start: usize, // char offset of first non-space char
        end: usize,
        s: String,
    }
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
    let total = text.chars().count();
    // classify
    #[derive(PartialEq, Clone, Copy)]
    enum K {
        Heading,
        Byline,
        Body,
    }
    let mut kinds = Vec::with_capacity(lines.len());
    let mut open = false;
    for l in &lines {
        let k = if open || is_caption(&l.s) {
            K::Body
        } else if is_byline(&l.s) {
            K::Byline
        } else if is_heading_like(&l.s) {
            K::Heading
        } else {
            K::Body
        };
        open = k == K::Body && !line_is_closed(&l.s) && !is_heading_like(&l.s) && !is_caption(&l.s);
        kinds.push(k);
    }
    // find article starts
    let mut starts: Vec<usize> = Vec::new(); // line index of heading block start
    let mut i = 0;
    while i < lines.len() {
        if kinds[i] == K::Heading {
            let b = i;
            while i < lines.len() && kinds[i] == K::Heading {
                i += 1;
            }
            let followed_by_byline = i < lines.len() && kinds[i] == K::Byline;
            let names_zone = lines[b..i].iter().any(|l| zone_cue.is_match(&l.s));
            if starts.is_empty() || followed_by_byline || names_zone {
                starts.push(b);
            }
        } else {
            if starts.is_empty() && kinds[i] == K::Byline {
                starts.push(i);
            }
            i += 1;
        }
    }
    if starts.is_empty() {
        starts.push(0);
    }
    if lines.is_empty() {
        return Vec::new();
    }
    let mut parts = Vec::new();
    for (n, &s) in starts.iter().enumerate() {
        let first = if n == 0 { 0 } else { s };
        let last = starts.get(n + 1).copied().unwrap_or(lines.len());
        let start = lines[first].start;
        let end = if last < lines.len() { lines[last - 1].end } else { lines[lines.len() - 1].end.min(total) };
        // headline: the heading block at the start
        let mut title_lines = Vec::new();
        let mut j = first;
        while j < last && kinds[j] == K::Heading {
            title_lines.push(lines[j].s.clone());
            j += 1;
        }
        let mut reporters = Vec::new();
        let mut date = None;
        // byline: a line of its own, or the start of the first body line
        if j < last && (kinds[j] == K::Byline || (kinds[j] == K::Body && is_byline(&lines[j].s))) {
            let l = &lines[j];
            let (reps, blen) = parse_byline(&l.s);
            for r in reps {
                reporters.push(Reporter { start: l.start + r.start - start, end: l.start + r.end - start, ..r });
            }
            let rest: String = l.s.chars().skip(blen).collect();
            date = dateline(&rest);
        }
        // a byline elsewhere in the article: (记者 X), 作者:X Y, (记者/X 通讯员/Y Z)
        if reporters.is_empty() {
            for l in &lines[first..last] {
                for r in bylines_in(&l.s) {
                    reporters.push(Reporter { start: l.start + r.start - start, end: l.start + r.end - start, ..r });
                }
                if !reporters.is_empty() {
                    break;
                }
            }
        }
        if title_lines.is_empty() {
            let first_line = &lines[first].s;
            // a document's first line that is not a sentence is its headline, however
            // long or punctuated (有多大 …具体指哪些?, X前移,Y跻身全国百强); else the start of it
            let n = first_line.chars().count();
            let headline = first == 0 && n <= 64 && !first_line.contains('。') && !first_line.ends_with(['，', ',', '、', '：', ':']);
            title_lines.push(if headline { first_line.clone() } else { first_line.chars().take(30).collect() });
        }
        let title = title_lines.join(" ");
        let title = crate::text::strip_column_tag(&title).to_string();
        parts.push(PagePart { start, end, title, reporters, date });
    }
    parts
}

/// A dateline at the start of a body: 2月3日, 2021年2月3日, 近日 is not one.
pub fn dateline(s: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^\s*((?:[0-9]{4}年)?[0-9]{1,2}月[0-9]{1,2}日)").unwrap());
    re.captures(s).and_then(|c| c.get(1)).map(|m| m.as_str().to_string())
}

/// Turns a document into articles: JSONL/HTML records are one article each;
/// plain text is split as a page.
pub fn articles_of(doc: &RawDoc, zone_cue: &Regex) -> Vec<Article> {
    let mut v = article_shells_of(doc, zone_cue);
    for a in &mut v {
        a.prepare();
    }
    v
}

/// [`articles_of`] without the cleaned copies ([`Article::prepare`] makes them).
pub fn article_shells_of(doc: &RawDoc, zone_cue: &Regex) -> Vec<Article> {
    if doc.title.is_some() || doc.id.is_some() {
        // a record: its text (with the title as first line when the body lacks it)
        let title = doc.title.clone().unwrap_or_default();
        let text = if title.is_empty() || doc.text.trim_start().starts_with(title.trim()) {
            doc.text.clone()
        } else if doc.text.trim().is_empty() {
            title.clone()
        } else {
            format!("{title}\n\n{}", doc.text)
        };
        let mut reporters = Vec::new();
        if let Some(a) = &doc.author {
            for name in a.split(['、', ',', '，', ' ', ';', '；']).map(str::trim).filter(|n| !n.is_empty()) {
                reporters.push(Reporter { name: name.to_string(), role: "作者".into(), start: 0, end: 0 });
            }
        }
        let title = if title.is_empty() { first_sentence(&text) } else { title };
        // byline inside the text, if the record did not name an author
        let mut date = doc.date.clone();
        if reporters.is_empty() {
            let parts = split_page(&text, zone_cue);
            if let Some(p) = parts.first() {
                reporters = p.reporters.iter().map(|r| Reporter { start: r.start + p.start, end: r.end + p.start, ..r.clone() }).collect();
                if date.is_none() {
                    date = p.date.clone();
                }
            }
        }
        let id = article_id(doc.id.as_deref(), &text);
        return vec![Article::shell(id, doc.origin.clone(), title, reporters, date, text)];
    }
    let parts = split_page(&doc.text, zone_cue);
    let chars: Vec<char> = doc.text.chars().collect();
    let multi = parts.len() > 1;
    parts
        .into_iter()
        .map(|p| {
            let text: String = chars[p.start..p.end].iter().collect();
            let id = article_id(None, &text);
            let source = if multi { format!("{}#chars={},{}", doc.origin, p.start, p.end) } else { doc.origin.clone() };
            Article::shell(id, source, p.title, p.reporters, doc.date.clone().or(p.date), text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue() -> Regex {
        Regex::new("高新区|经开区|开发区").unwrap()
    }

    #[test]
    fn decodes_utf8_bom_and_gb18030() {
        assert_eq!(decode("\u{feff}高新区".as_bytes(), "a").unwrap(), "高新区");
        let (gb, _, _) = encoding_rs::GB18030.encode("某高新区工业总产值增长");
        assert_eq!(decode(&gb, "b").unwrap(), "某高新区工业总产值增长");
    }

    #[test]
    fn undecodable_names_the_file() {
        let err = decode(&[0xff, 0xff, 0xff, 0x41], "bad.txt").unwrap_err().to_string();
        assert!(err.contains("bad.txt"), "{err}");
        let err = decode(b"ab\0cd", "nul.txt").unwrap_err().to_string();
        assert!(err.contains("nul.txt") && err.contains("offset 2"), "{err}");
    }

    #[test]
    fn jsonl_bad_lines_are_reported_and_others_read() {
        let t = "{\"id\":\"a1\",\"title\":\"甲\",\"text\":\"乙。\"}\n{oops\n{\"text\":\"丙。\"}\n";
        let (docs, errs) = parse_jsonl(t, "x.jsonl");
        assert_eq!(docs.len(), 2);
        assert_eq!(errs.len(), 1);
        assert!(errs[0].to_string().starts_with("x.jsonl:2:"), "{}", errs[0]);
    }

    #[test]
    fn html_drops_scripts_and_nav() {
        let h = "<html><head><title>T</title><script>var x=1;</script></head><body><nav>首页 | 新闻</nav><h1>某高新区新闻</h1><p>第一段。</p><p>第二段。</p><footer>版权</footer></body></html>";
        let (title, text) = html_to_text(h);
        assert_eq!(title.as_deref(), Some("某高新区新闻"));
        assert!(text.contains("第一段。") && text.contains("第二段。"));
        assert!(!text.contains("var x") && !text.contains("首页") && !text.contains("版权"));
    }

    #[test]
    fn byline_table() {
        let table = include_str!("../tests/cases/byline.tsv");
        let rows: Vec<Vec<&str>> = table.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(|l| l.split('\t').collect()).collect();
        assert!(rows.len() >= 15);
        let mut errs = Vec::new();
        for r in rows {
            let line = r[0];
            assert!(is_byline(line), "not seen as a byline: {line}");
            let want: Vec<&str> = r.get(1).map(|w| w.split('、').filter(|x| !x.is_empty()).collect()).unwrap_or_default();
            let (reps, _) = parse_byline(line);
            let got: Vec<&str> = reps.iter().map(|x| x.name.as_str()).collect();
            if got != want {
                errs.push(format!("{line}: {got:?}, want {want:?}"));
            }
            for x in &reps {
                // the span is in the original line; the name is folded (周濤 → 周涛)
                let s: String = line.chars().skip(x.start).take(x.end - x.start).map(crate::text::fold_char).collect();
                if s != x.name {
                    errs.push(format!("{line}: span of {} is {s}", x.name));
                }
            }
            if let (Some(first), Some(role)) = (reps.first(), r.get(2)) {
                if !role.is_empty() && first.role != *role {
                    errs.push(format!("{line}: role {}, want {role}", first.role));
                }
            }
        }
        assert!(errs.is_empty(), "{}", errs.join("\n"));
    }

    #[test]
    fn bylines_in_common_forms() {
        let (r, _) = parse_byline("▶ 本报特约通讯员 方远");
        assert_eq!(r[0].name, "方远");
        let (r, n) = parse_byline("本报讯(记者 叶青) 2月3日,某区举行活动");
        assert_eq!(r[0].name, "叶青");
        assert_eq!(n, "本报讯(记者 叶青)".chars().count());
        let (r, _) = parse_byline("▶ 石磊");
        assert_eq!(r[0].name, "石磊");
        let (r, _) = parse_byline("本报讯 近日从某某管委会获悉,园区实现了增长。");
        assert!(r.is_empty());
    }

    #[test]
    fn page_splits_on_headlines_with_bylines_or_zones() {
        let page = "甲高新区：奋进新篇\n\n▶ 本报记者 王小明\n\n近日,甲高新区召开会议。\n\n小标题一行\n\n正文继续。\n\n乙经开区10个项目签约\n\n本报讯(记者 李华) 3月5日,乙经开区举行签约活动。\n";
        let parts = split_page(page, &cue());
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].title, "甲高新区：奋进新篇");
        assert_eq!(parts[0].reporters[0].name, "王小明");
        assert_eq!(parts[1].title, "乙经开区10个项目签约");
        assert_eq!(parts[1].reporters[0].name, "李华");
        assert_eq!(parts[1].date.as_deref(), Some("3月5日"));
        let chars: Vec<char> = page.chars().collect();
        let r = &parts[1].reporters[0];
        let s: String = chars[parts[1].start + r.start..parts[1].start + r.end].iter().collect();
        assert_eq!(s, "李华");
    }

    #[test]
    fn headlines_keep_their_punctuation_and_length_and_lose_column_tags() {
        // a long punctuated first line is the whole headline, not its first 30 characters
        let page = "某某经开区“一把手”调整 中共某某经济技术开发区工委书记、管委会主任由李四出任\n来源:某某新闻 2020年04月06日 13:10\n近日,某某经开区迎来新任主要负责人。\n";
        let parts = split_page(page, &cue());
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].title, "某某经开区“一把手”调整 中共某某经济技术开发区工委书记、管委会主任由李四出任");
        // a column tag goes; an exclamation mark stays
        let page = "每日报道:甲省经开区排位整体前移,乙经开区首度跻身全国百强！\n来源:某某日报\n日前,商务部发布考核结果。\n";
        assert_eq!(split_page(page, &cue())[0].title, "甲省经开区排位整体前移,乙经开区首度跻身全国百强！");
        assert_eq!(crate::text::strip_column_tag("【第一要闻】甲高新区签约10个项目"), "甲高新区签约10个项目");
        assert_eq!(crate::text::strip_column_tag("甲高新区：奋进新篇"), "甲高新区：奋进新篇");
        // a date-time line and a question subheading start no article
        let page = "甲高新区5个项目齐开工\n来源: 某某网  作者:张三\n2019年06月24日 18:01:21\n甲高新区举行项目集中开工活动。\n甲高新区规划面积有多大?\n规划面积52平方公里。\n";
        let parts = split_page(page, &cue());
        assert_eq!(parts.len(), 1, "{:?}", parts.iter().map(|p| &p.title).collect::<Vec<_>>());
    }

    #[test]
    fn a_record_without_title_takes_its_first_sentence_after_the_byline() {
        assert_eq!(first_sentence("新华社西安6月1日电（记者 杨一）某高新区1日发布新政。第二句。"), "某高新区1日发布新政");
        assert_eq!(first_sentence("\n\n园区举行签约活动,共签约项目10个"), "园区举行签约活动,共签约项目10个");
    }

    #[test]
    fn ids_are_stable_and_safe() {
        assert_eq!(article_id(Some("art-1"), "x"), "art-1");
        assert!(article_id(Some("a/b c"), "x").starts_with('h'));
        assert_eq!(article_id(None, "甲 乙"), article_id(None, "甲乙"));
    }
}

#[cfg(test)]
mod byline_inside_tests {
    use super::*;

    /// Bylines inside a line, in the styles papers use; photographers are not reporters.
    #[test]
    fn bylines_inside_a_line() {
        let cases: &[(&str, &[&str])] = &[
            ("某网长沙消息(见习记者杨帆)3月2日上午,某高新区召开大会。", &["杨帆"]),
            ("园区90%以上的项目从外地引进。(记者/陈立 通讯员/黄敏 周涛)", &["陈立", "黄敏", "周涛"]),
            ("来源: 某某日报 | 作者:李明 王芳", &["李明", "王芳"]),
            ("作者:姜小慧  刊发时间:2020-12-11", &["姜小慧"]),
            ("作者:林海  来源:某某晚报", &["林海"]),
            ("某某日报记者孙强 在园区发布会上获悉:今年以来", &["孙强"]),
            ("会场一角(某网记者刘洋 摄)", &[]),
            ("园区企业达到120家(含分公司)。", &[]),
        ];
        for (line, want) in cases {
            let got: Vec<String> = bylines_in(line).into_iter().map(|r| r.name).collect();
            assert_eq!(&got, want, "{line}");
            for r in bylines_in(line) {
                let span: String = line.chars().skip(r.start).take(r.end - r.start).collect();
                assert_eq!(span, r.name, "{line}: span");
            }
        }
    }
}
