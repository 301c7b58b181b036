//! Spans whose type says their unit, and the IRIs that name them.

use std::ops::Range;

/// A span of text, `[start, end)`, whose type says its unit: byte offsets
/// into an article's clean text ([`CleanSpan`], what the extractors find
/// and slice with) or Unicode code point offsets into the original text
/// ([`OrigSpan`], what provenance records and users count in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span<U> {
    pub start: usize,
    pub end: usize,
    unit: std::marker::PhantomData<U>,
}

/// Unit of [`CleanSpan`]: bytes of the clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct CleanBytes;
/// Unit of [`OrigSpan`]: characters (code points) of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct OrigChars;

pub type CleanSpan = Span<CleanBytes>;
pub type OrigSpan = Span<OrigChars>;

impl<U> Span<U> {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end, unit: std::marker::PhantomData }
    }

    /// The same span in a text that starts `by` units later.
    pub const fn shifted(self, by: usize) -> Self {
        Self::new(self.start + by, self.end + by)
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

impl From<Range<usize>> for CleanSpan {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

impl From<CleanSpan> for Range<usize> {
    fn from(s: CleanSpan) -> Self {
        s.start..s.end
    }
}

/// The IRI of a span of an article's original text, RFC 5147 style as NIF
/// writes it: `<article>#char=start,end` (code points, end exclusive).
/// Provenance nodes (mentions, sentences, reified statements) are named so:
/// the IRI says the article and the span, with no triple for either.
pub fn char_iri(article_iri: &str, span: OrigSpan) -> String {
    format!("{article_iri}#char={},{}", span.start, span.end)
}

/// The article IRI and span of a [`char_iri`] (anything after the two
/// numbers, as in `#char=3,9&r=…`, is ignored).
pub fn parse_char_iri(iri: &str) -> Option<(&str, OrigSpan)> {
    let (article, frag) = iri.split_once("#char=")?;
    let (s, rest) = frag.split_once(',')?;
    let end_len = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    Some((article, Span::new(s.parse().ok()?, rest[..end_len].parse().ok()?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_iris_round_trip() {
        let a = "https://w3id.org/zonekg/id/article/a1";
        let i = char_iri(a, OrigSpan::new(3, 9));
        assert_eq!(i, "https://w3id.org/zonekg/id/article/a1#char=3,9");
        assert_eq!(parse_char_iri(&i), Some((a, OrigSpan::new(3, 9))));
        assert_eq!(parse_char_iri(&format!("{i}&r=ab12")), Some((a, OrigSpan::new(3, 9))));
        assert_eq!(parse_char_iri(a), None);
        assert_eq!(parse_char_iri("x#char=a,3"), None);
    }
}
