//! Identifiers: IRI path segments and short hashes, the same on every
//! machine and run.

use sha2::{Digest, Sha256};

/// An IRI path segment from any string: letters and digits of any script,
/// `-` and `_` stay; every other character is percent-encoded (UTF-8).
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// The first 16 hex digits of the SHA-256 of a string.
pub fn short_hash(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))[..16].to_string()
}

/// Bytes as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_iri_safe_and_keep_han() {
        assert_eq!(slug("某某高新区"), "某某高新区");
        assert_eq!(slug("ABC(中国)有限公司"), "ABC%28中国%29有限公司");
        assert_eq!(slug("a b/c"), "a%20b%2Fc");
        assert_eq!(slug(""), "_");
        assert!(!slug("“x”<>{}|^`\\").chars().any(|c| "<>\"{}|^`\\ ".contains(c)));
    }
}
