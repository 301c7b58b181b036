//! HTML to text.

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
