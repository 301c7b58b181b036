//! HTML to text.

/// The deepest nesting of elements the tree is built for. Real pages nest
/// a few dozen deep; an HTML parser's scope checks take time in proportion to
/// the depth for each element (40,000 nested `<div>` took 6.4 s) and the
/// walk over the tree recursed once a level (and overflowed its stack).
/// Deeper documents are read as a stream of tags instead ([`flat_text`]).
const MAX_DEPTH: usize = 256;

/// Elements with no end tag.
const VOID: &[&str] = &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen"];
const SKIP: &[&str] = &["script", "style", "nav", "header", "footer", "aside", "noscript", "form", "head", "iframe", "svg", "button", "select", "template"];
const BLOCK: &[&str] = &["p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote", "pre", "table", "ul", "ol", "dd", "dt", "figcaption", "main"];

/// A start or end tag: `/` if an end tag, the name, `/` if self-closing.
fn tag_regex() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*?(/?)>").expect("tag regex"))
}

/// How deep the start tags nest, counted on the text (no tree built): an
/// upper bound of what a parser builds, since it closes some unclosed
/// elements (`<p>`, `<li>`) itself.
fn tag_depth(html: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for c in tag_regex().captures_iter(html) {
        let name = c[2].to_ascii_lowercase();
        if VOID.contains(&name.as_str()) || !c[3].is_empty() {
            continue;
        }
        if c[1].is_empty() {
            depth += 1;
            max = max.max(depth);
        } else {
            depth = depth.saturating_sub(1);
        }
    }
    max
}

/// Text of a document nested too deep for a tree: tags dropped (block tags
/// as line breaks, scripts and styles with their content), character
/// references decoded; every regex here runs in linear time.
fn flat_text(html: &str) -> (Option<String>, String) {
    static RES: std::sync::OnceLock<[regex::Regex; 3]> = std::sync::OnceLock::new();
    let tag = tag_regex();
    let [skip, title, ws] = RES.get_or_init(|| {
        let r = |p: &str| regex::Regex::new(p).expect("html regex");
        [r(r"(?is)<(script|style|noscript|template|head)\b.*?</(?:script|style|noscript|template|head)\s*>|<!--.*?-->"), r(r"(?is)<(?:h1|title)\b[^>]*>(.*?)</(?:h1|title)\s*>"), r(r"[ \t\r\x0c]+")]
    });
    let plain = |s: &str| decode_refs(&tag.replace_all(s, "")).split_whitespace().collect::<Vec<_>>().join(" ");
    let title = title.captures(html).map(|c| plain(&c[1])).filter(|t| !t.is_empty());
    let body = skip.replace_all(html, "");
    let lined = tag.replace_all(&body, |c: &regex::Captures| if BLOCK.contains(&c[2].to_ascii_lowercase().as_str()) { "\n" } else { "" });
    let text = decode_refs(&ws.replace_all(&lined, " "));
    let text = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n\n");
    (title, text)
}

/// Decodes the character references a flat reading meets (`&amp;`, `&#20013;`, `&#x4E2D;` ...).
fn decode_refs(s: &str) -> String {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});").expect("reference regex"));
    re.replace_all(s, |c: &regex::Captures| {
        let r = &c[1];
        let ch = if let Some(h) = r.strip_prefix("#x").or_else(|| r.strip_prefix("#X")) {
            u32::from_str_radix(h, 16).ok().and_then(char::from_u32)
        } else if let Some(d) = r.strip_prefix('#') {
            d.parse::<u32>().ok().and_then(char::from_u32)
        } else {
            match r {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                "middot" => Some('·'),
                _ => None,
            }
        };
        ch.map(String::from).unwrap_or_else(|| c[0].to_string())
    })
    .into_owned()
}

/// HTML to text: the `<h1>` or `<title>` as title, block elements as lines,
/// scripts, styles and navigation dropped.
pub fn html_to_text(html: &str) -> (Option<String>, String) {
    if tag_depth(html) > MAX_DEPTH {
        return flat_text(html);
    }
    use scraper::{Html, Node, Selector};
    let doc = Html::parse_document(html);
    let pick =
        |sel: &str| Selector::parse(sel).ok().and_then(|s| doc.select(&s).next().map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty()));
    let title = pick("h1").or_else(|| pick("title"));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_read_flat_in_linear_time() {
        let deep =
            format!("<html><head><title>标题</title><style>p{{}}</style></head><body>{}<p>沈阳高新区&amp;产值&#22686;长5%。</p>{}</body></html>", "<div>".repeat(50_000), "</div>".repeat(50_000));
        assert!(tag_depth(&deep) > MAX_DEPTH);
        // (the tree walk overflowed its stack here)
        let (title, text) = html_to_text(&deep);
        assert_eq!(title.as_deref(), Some("标题"));
        assert_eq!(text, "沈阳高新区&产值增长5%。");
        // a page as pages are: the tree, as before
        let page = "<html><body><nav>导航</nav><h1>株洲高新区</h1><p>正文<br>第二行</p></body></html>";
        assert!(tag_depth(page) < 5);
        assert_eq!(html_to_text(page), (Some("株洲高新区".to_string()), "株洲高新区\n\n正文\n\n第二行".to_string()));
    }
}
