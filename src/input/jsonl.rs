//! JSONL records: one article a line.

use super::{InputError, RawDoc};
use serde::Deserialize;

#[derive(Deserialize)]
struct JsonRecord {
    id: Option<serde_json::Value>,
    title: Option<String>,
    author: Option<serde_json::Value>,
    date: Option<String>,
    text: Option<String>,
    /// where the record came from (a URL, `file:line`): recorded as the
    /// article's `zkg:source` instead of the JSONL file and line
    source: Option<String>,
}

/// Parses JSONL: one article a line (id, title, author, date, text, source;
/// any may be missing, but a record needs a title or a text).
pub fn parse_jsonl(text: &str, origin: &str) -> (Vec<RawDoc>, Vec<InputError>) {
    let mut docs = Vec::new();
    let mut errs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        match parse_record(line, origin, i + 1) {
            Ok(Some(d)) => docs.push(d),
            Ok(None) => {}
            Err(e) => errs.push(e),
        }
    }
    (docs, errs)
}

/// One JSONL line (`line_no` counts from 1): the record, `None` for a blank
/// line, or what is wrong with it, naming `origin` and the line.
pub fn parse_record(line: &str, origin: &str, line_no: usize) -> Result<Option<RawDoc>, InputError> {
    let line = line.trim_start_matches('\u{feff}').trim();
    if line.is_empty() {
        return Ok(None);
    }
    let err = |message: String| InputError::Jsonl { path: origin.to_string(), line: line_no, message };
    let rec: JsonRecord = serde_json::from_str(line).map_err(|e| err(format!("{e}")))?;
    let body = rec.text.unwrap_or_default();
    if body.trim().is_empty() && rec.title.as_deref().unwrap_or("").trim().is_empty() {
        return Err(err("record has neither title nor text".into()));
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
    let origin = rec.source.filter(|s| !s.trim().is_empty()).unwrap_or_else(|| format!("{origin}:{line_no}"));
    Ok(Some(RawDoc { origin, id, title: rec.title.filter(|t| !t.trim().is_empty()), author: author.filter(|a| !a.trim().is_empty()), date: rec.date, text: body }))
}
