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
