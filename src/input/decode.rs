//! Decoding: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

use super::InputError;

/// Decodes bytes: UTF-8 (BOM stripped), UTF-16 with BOM (a lone surrogate
/// replaced by U+FFFD), else GB18030.
pub fn decode(bytes: &[u8], path: &str) -> Result<String, InputError> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        std::str::from_utf8(rest).map(str::to_owned).map_err(|e| InputError::Undecodable { path: path.into(), offset: e.valid_up_to() + 3 })?
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        // a lone surrogate (a unit cut off by an editor) becomes U+FFFD: the rest of the text is sound
        let (enc, bom) = encoding_rs::Encoding::for_bom(bytes).unwrap_or((encoding_rs::UTF_16LE, 2));
        enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned()
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
