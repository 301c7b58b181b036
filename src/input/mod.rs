//! Reading articles: finding files, decoding (UTF-8 with or without BOM,
//! GB18030/GBK), HTML to text, JSONL records, and splitting a newspaper page
//! into its articles (headline, byline, dateline, body).

mod byline;
mod decode;
mod html;
mod jsonl;
mod page;

pub use byline::{bylines_in, is_byline, parse_byline};
pub use decode::decode;
pub use html::html_to_text;
pub use jsonl::{parse_jsonl, parse_record};
pub use page::{dateline, first_sentence, split_page, PagePart};

use crate::model::ids::hex;
use crate::text::{Article, OrigSpan, Reporter};
use regex::Regex;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

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

/// As [`read_input`], recording `origin` as the documents' source; errors
/// name the path as given.
pub fn read_input_as(path: &Path, origin: &str) -> (Vec<RawDoc>, Vec<InputError>) {
    let shown = if path.as_os_str() == "-" { "<stdin>".to_string() } else { path.display().to_string() };
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" { std::io::stdin().read_to_end(&mut bytes).map(|_| ()) } else { std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)).map(|_| ()) };
    if let Err(e) = read {
        return (Vec::new(), vec![InputError::Io { path: shown, message: e.to_string() }]);
    }
    read_bytes_as(&bytes, path, origin)
}

/// As [`read_input_as`], for the bytes read from `path` (`-`: stdin).
pub fn read_bytes_as(bytes: &[u8], path: &Path, origin: &str) -> (Vec<RawDoc>, Vec<InputError>) {
    let shown = if path.as_os_str() == "-" { "<stdin>".to_string() } else { path.display().to_string() };
    let text = match decode(bytes, &shown) {
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
                reporters.push(Reporter { name: name.to_string(), role: "作者".into(), span: OrigSpan::default() });
            }
        }
        let title = if title.is_empty() { first_sentence(&text) } else { title };
        // byline inside the text, if the record did not name an author
        let mut date = doc.date.clone();
        if reporters.is_empty() {
            let parts = split_page(&text, zone_cue);
            if let Some(p) = parts.first() {
                reporters = p.reporters.iter().map(|r| Reporter { span: r.span.shifted(p.span.start), ..r.clone() }).collect();
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
            let text: String = chars[p.span.start..p.span.end].iter().collect();
            let id = article_id(None, &text);
            let source = if multi { format!("{}#chars={},{}", doc.origin, p.span.start, p.span.end) } else { doc.origin.clone() };
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
        let table = include_str!("../../tests/cases/byline.tsv");
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
                let s: String = line.chars().skip(x.span.start).take(x.span.end - x.span.start).map(crate::text::fold_char).collect();
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
        let s: String = chars[parts[1].span.start + r.span.start..parts[1].span.start + r.span.end].iter().collect();
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
                let span: String = line.chars().skip(r.span.start).take(r.span.end - r.span.start).collect();
                assert_eq!(span, r.name, "{line}: span");
            }
        }
    }
}
