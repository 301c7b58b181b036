//! Property tests (issue 14): on arbitrary text, in the genre's characters
//! and outside them, nothing panics, every span is inside its text and on
//! character boundaries, and every export parses back to the statements of
//! the graph.

use crate::common::triples_of;
use oxigraph::io::RdfFormat;
use proptest::prelude::*;
use std::sync::OnceLock;
use zonekg::extract::Extractor;
use zonekg::lexicon::Lexicon;

fn extractor() -> &'static Extractor {
    static X: OnceLock<Extractor> = OnceLock::new();
    X.get_or_init(|| Extractor::new(Lexicon::builtin()).unwrap())
}

/// Text made of the genre's pieces (zones, titles, figures, quotes, lists,
/// punctuation of both widths) mixed with arbitrary characters: the
/// extractors see their own patterns cut and joined in every way.
fn genre_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "沈阳高新区",
        "北京经开区",
        "管委会主任",
        "党工委书记",
        "张伟",
        "表示",
        "工业总产值",
        "4191.83亿元",
        "增长2.99%",
        "、",
        ",",
        "，",
        "。",
        "“",
        "”",
        "《",
        "》",
        "(",
        ")",
        "\n",
        "\n\n",
        "有限公司",
        "项目",
        "园",
        "政策20条",
        "“一件事一次办”",
        "2020年",
        "分别为",
        "以下简称",
        "▶ ",
        " ",
        "<",
        ">",
        "&",
        "\"",
        "\\",
        "\u{2028}",
        "\u{202e}",
        "😀",
        "\u{0}",
    ]);
    prop::collection::vec(prop_oneof![4 => pieces.prop_map(str::to_string), 1 => any::<char>().prop_map(|c| c.to_string())], 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Decoding any bytes gives text or an error, never a panic.
    #[test]
    fn decoding_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(t) = zonekg::input::decode(&bytes, "x") {
            prop_assert!(!t.contains('\0'));
        }
    }

    /// Splitting, cleaning and extraction keep every span inside the text
    /// and on character boundaries, and sentences in order without overlap.
    #[test]
    fn spans_stay_inside_the_text(text in genre_text(), title in genre_text()) {
        let x = extractor();
        let doc = zonekg::input::RawDoc { origin: "p".into(), title: Some(title), text, ..Default::default() };
        for a in zonekg::articles_from_docs(x, &[doc]) {
            let t = a.clean.text.as_str();
            let mut last = 0;
            for s in &a.sentences {
                prop_assert!(s.start >= last && s.start <= s.end && s.end <= t.len());
                prop_assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
                last = s.end;
            }
            let ex = x.extract(&a);
            for m in &ex.mentions {
                prop_assert!(m.range.end <= t.len() && t.is_char_boundary(m.range.start) && t.is_char_boundary(m.range.end), "{:?} in {:?}", m.range, t);
            }
            for o in &ex.observations {
                prop_assert!(o.range.end <= t.len() && t.is_char_boundary(o.range.start) && t.is_char_boundary(o.range.end));
            }
            let g = zonekg::resolve::graph_of_article(&a, &ex);
            // the graph's N-Quads and Turtle parse back to the same statements
            let nq = zonekg::export::rdf::nquads(&g);
            let from_nq = triples_of(RdfFormat::NQuads, &nq).map_err(|e| TestCaseError::fail(format!("N-Quads: {e}")))?;
            let mut ttl = Vec::new();
            for (p, ns) in zonekg::model::vocab::turtle_prefixes() {
                ttl.extend_from_slice(format!("@prefix {p}: <{ns}> .\n").as_bytes());
            }
            let mut terms = zonekg::export::rdf::TtlTerms::new(&g);
            ttl.extend(terms.prefix_line());
            ttl.extend(zonekg::export::rdf::turtle(&g, g.stmts.iter(), &mut terms));
            let from_ttl = triples_of(RdfFormat::Turtle, &ttl).map_err(|e| TestCaseError::fail(format!("Turtle: {e}\n{}", String::from_utf8_lossy(&ttl))))?;
            prop_assert_eq!(from_nq.len(), g.len());
            prop_assert_eq!(from_ttl, from_nq);
        }
    }
}
