//! Word lists the extractors work from: places, known zones, titles, surnames,
//! company suffixes, head words of policies, programmes, projects and events.
//!
//! The built-in lists live in `ontology/lexicon/` and are compiled into the
//! binary; users extend them at run time with `--lexicon FILE`, a text file of
//! `kind<TAB>entry[<TAB>more]` lines (see [`Lexicon::add_entry`]).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Errors reading a lexicon file.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{path}: cannot read lexicon: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}:{line}: {message}")]
    Syntax { path: String, line: usize, message: String },
    #[error("cannot compile lexicon automaton: {0}")]
    Build(String),
    #[error("{path}: the lexicon is too large to compile: {message}")]
    TooLarge { path: String, message: String },
}

pub use crate::model::vocab::ZoneClass;

/// The levels a place may have.
pub const PLACE_LEVELS: &[&str] = &["country", "province", "city", "district"];

/// The longest lexicon entry: names and words, not paragraphs.
pub const MAX_ENTRY_CHARS: usize = 64;

/// A zone the lexicon knows by name.
#[derive(Debug, Clone)]
pub struct KnownZone {
    pub canonical: String,
    pub class: ZoneClass,
    pub aliases: Vec<String>,
}

/// What a hit of the combined automaton is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// index into `places`
    Place(usize),
    /// index into `zones`
    Zone(usize),
    /// index into `programs`
    Program(usize),
    /// index into `ministries`
    Ministry(usize),
}

/// All word lists, plus the automaton compiled from them.
#[derive(Debug)]
pub struct Lexicon {
    pub places: Vec<(String, String)>,
    pub zones: Vec<KnownZone>,
    pub zone_suffixes: Vec<(String, ZoneClass, String)>,
    pub zone_refs: Vec<String>,
    pub titles: HashSet<String>,
    pub surnames: HashSet<String>,
    pub company_suffixes: Vec<String>,
    pub org_heads: Vec<String>,
    pub ministries: Vec<String>,
    pub verbs: Vec<String>,
    pub generic: HashSet<String>,
    pub policy_heads: Vec<String>,
    pub program_heads: Vec<String>,
    pub programs: Vec<String>,
    pub event_heads: Vec<String>,
    pub units: Vec<String>,
    pub nonfigure_nouns: Vec<String>,
    pub figure_verbs: Vec<String>,
    /// titles that name their own body: 市长 → 市政府, 市委书记 → 市委
    pub title_bodies: HashMap<String, String>,
    /// last words of a body written before a title (省商务厅副厅长, 市政协副主席)
    pub body_heads: Vec<String>,
    /// verbs that say a quoted slogan is a programme the zone runs (推行“…”, 围绕“…”)
    pub program_cues: Vec<String>,
    /// words that open a sentence about the project or company named last
    /// (该项目, 项目建成后, 该公司, 集团), with the kind they refer to
    pub subject_refs: Vec<(String, String)>,
    automaton: Option<(AhoCorasick, Vec<Tag>)>,
    place_index: HashMap<String, usize>,
    /// a known zone by its canonical name or any alias (the first zone listed wins)
    zone_index: HashMap<String, usize>,
}

macro_rules! builtin {
    ($name:literal) => {
        ($name, include_str!(concat!("../ontology/lexicon/", $name)))
    };
}

const BUILTIN: &[(&str, &str)] = &[
    builtin!("places.tsv"),
    builtin!("zones.tsv"),
    builtin!("zone_suffixes.tsv"),
    builtin!("zone_refs.txt"),
    builtin!("titles.txt"),
    builtin!("surnames.txt"),
    builtin!("company_suffixes.txt"),
    builtin!("org_heads.txt"),
    builtin!("ministries.txt"),
    builtin!("verbs.txt"),
    builtin!("generic.txt"),
    builtin!("policy_heads.txt"),
    builtin!("program_heads.txt"),
    builtin!("programs.txt"),
    builtin!("event_heads.txt"),
    builtin!("units.txt"),
    builtin!("nonfigure_nouns.txt"),
    builtin!("figure_verbs.txt"),
    builtin!("title_bodies.tsv"),
    builtin!("body_heads.txt"),
    builtin!("program_cues.txt"),
    builtin!("subject_refs.tsv"),
];

fn kind_of_file(name: &str) -> &str {
    match name {
        "places.tsv" => "place",
        "zones.tsv" => "zone",
        "zone_suffixes.tsv" => "zone_suffix",
        "zone_refs.txt" => "zone_ref",
        "titles.txt" => "title",
        "surnames.txt" => "surname",
        "company_suffixes.txt" => "company_suffix",
        "org_heads.txt" => "org_head",
        "ministries.txt" => "ministry",
        "verbs.txt" => "verb",
        "generic.txt" => "generic",
        "policy_heads.txt" => "policy_head",
        "program_heads.txt" => "program_head",
        "programs.txt" => "program",
        "event_heads.txt" => "event_head",
        "units.txt" => "unit",
        "nonfigure_nouns.txt" => "nonfigure_noun",
        "figure_verbs.txt" => "figure_verb",
        "title_bodies.tsv" => "title_body",
        "body_heads.txt" => "body_head",
        "program_cues.txt" => "program_cue",
        "subject_refs.tsv" => "subject_ref",
        _ => "",
    }
}

/// The kinds a user lexicon line may start with.
pub const KINDS: &[&str] = &[
    "place",
    "zone",
    "zone_suffix",
    "zone_ref",
    "title",
    "surname",
    "company_suffix",
    "org_head",
    "ministry",
    "verb",
    "generic",
    "policy_head",
    "program_head",
    "program",
    "event_head",
    "unit",
    "nonfigure_noun",
    "figure_verb",
    "title_body",
    "body_head",
    "program_cue",
    "subject_ref",
];

impl Lexicon {
    fn empty() -> Self {
        Lexicon {
            places: Vec::new(),
            zones: Vec::new(),
            zone_suffixes: Vec::new(),
            zone_refs: Vec::new(),
            titles: HashSet::new(),
            surnames: HashSet::new(),
            company_suffixes: Vec::new(),
            org_heads: Vec::new(),
            ministries: Vec::new(),
            verbs: Vec::new(),
            generic: HashSet::new(),
            policy_heads: Vec::new(),
            program_heads: Vec::new(),
            programs: Vec::new(),
            event_heads: Vec::new(),
            units: Vec::new(),
            nonfigure_nouns: Vec::new(),
            figure_verbs: Vec::new(),
            title_bodies: HashMap::new(),
            body_heads: Vec::new(),
            program_cues: Vec::new(),
            subject_refs: Vec::new(),
            automaton: None,
            place_index: HashMap::new(),
            zone_index: HashMap::new(),
        }
    }

    /// The built-in lexicon, compiled.
    pub fn builtin() -> Self {
        let mut lex = Self::empty();
        for (name, text) in BUILTIN {
            let kind = kind_of_file(name);
            for (i, line) in text.lines().enumerate() {
                let line = line.trim_end();
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                if kind == "surname" {
                    for w in line.split_whitespace() {
                        lex.surnames.insert(w.to_string());
                    }
                    continue;
                }
                let cols: Vec<&str> = line.split('\t').collect();
                // built-in data is tested; a bad line here is a programming error caught by tests
                if let Err(m) = lex.add_entry(kind, &cols) {
                    debug_assert!(false, "{name}:{}: {m}", i + 1);
                }
            }
        }
        lex.compile().expect("built-in lexicon compiles");
        lex
    }

    /// Adds one entry of `kind`; `cols` are the tab-separated fields after the kind.
    pub fn add_entry(&mut self, kind: &str, cols: &[&str]) -> Result<(), String> {
        let first = cols.first().map(|s| s.trim()).unwrap_or("");
        if first.is_empty() {
            return Err(format!("empty {kind} entry"));
        }
        // how many fields each kind takes (the entry and what follows it)
        let fields = match kind {
            "place" | "title_body" | "subject_ref" => 2,
            "zone" | "zone_suffix" => 3,
            _ => 1,
        };
        if cols.len() > fields && cols[fields..].iter().any(|c| !c.trim().is_empty()) {
            return Err(format!("{kind} takes {fields} field(s) after the kind, this line has {}", cols.len()));
        }
        for c in cols {
            if let Some(bad) = c.chars().find(|ch| ch.is_control()) {
                return Err(format!("a control character ({:?}) in {:?}", bad, c));
            }
            if c.chars().count() > MAX_ENTRY_CHARS {
                return Err(format!("an entry of {} characters (at most {MAX_ENTRY_CHARS})", c.chars().count()));
            }
        }
        let s = first.to_string();
        match kind {
            "place" => {
                let level = cols.get(1).map(|s| s.trim()).filter(|s| !s.is_empty()).unwrap_or("city");
                if !PLACE_LEVELS.contains(&level) {
                    return Err(format!("unknown place level {level:?} (expected {})", PLACE_LEVELS.join(", ")));
                }
                self.places.push((s, level.to_string()));
            }
            "zone" => {
                let class = match cols.get(1).map(|s| s.trim()).filter(|s| !s.is_empty()) {
                    None => ZoneClass::Other,
                    Some(c) => ZoneClass::parse(c).ok_or_else(|| format!("unknown zone class {c:?} (HighTechZone, EconomicDevelopmentZone, FreeTradeZone, NewArea, Zone)"))?,
                };
                let aliases = cols.get(2).map(|a| a.split('|').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()).unwrap_or_default();
                self.zones.push(KnownZone { canonical: s, class, aliases });
            }
            "zone_suffix" => {
                let class = cols.get(1).and_then(|c| ZoneClass::parse(c.trim())).ok_or_else(|| "zone_suffix needs a class in its second field".to_string())?;
                let canon = cols.get(2).map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).unwrap_or_else(|| s.clone());
                self.zone_suffixes.push((s, class, canon));
            }
            "zone_ref" => self.zone_refs.push(s),
            "title" => {
                self.titles.insert(s);
            }
            "title_body" => {
                let body = cols.get(1).map(|c| c.trim()).filter(|c| !c.is_empty()).ok_or_else(|| "title_body needs the body in its second field".to_string())?;
                self.titles.insert(s.clone());
                self.title_bodies.insert(s, body.to_string());
            }
            "body_head" => self.body_heads.push(s),
            "program_cue" => self.program_cues.push(s),
            "subject_ref" => {
                let kind = cols.get(1).map(|c| c.trim()).unwrap_or("");
                if !matches!(kind, "Project" | "Company" | "Event") {
                    return Err(format!("subject_ref needs Project, Company or Event in its second field, not {kind:?}"));
                }
                self.subject_refs.push((s, kind.to_string()));
            }
            "surname" => {
                self.surnames.insert(s);
            }
            "company_suffix" => self.company_suffixes.push(s),
            "org_head" => self.org_heads.push(s),
            "ministry" => self.ministries.push(s),
            "verb" => self.verbs.push(s),
            "generic" => {
                self.generic.insert(s);
            }
            "policy_head" => self.policy_heads.push(s),
            "program_head" => self.program_heads.push(s),
            "program" => self.programs.push(s),
            "event_head" => self.event_heads.push(s),
            "unit" => self.units.push(s),
            "nonfigure_noun" => self.nonfigure_nouns.push(s),
            "figure_verb" => self.figure_verbs.push(s),
            other => return Err(format!("unknown lexicon kind {other:?}; expected one of {}", KINDS.join(", "))),
        }
        Ok(())
    }

    /// Reads a user lexicon (`kind<TAB>entry[<TAB>more]` per line, `#` comments)
    /// and recompiles.
    pub fn extend_from_file(&mut self, path: &Path) -> Result<(), LexiconError> {
        self.read_file(path)?;
        self.compile().map_err(|e| match e {
            LexiconError::Build(message) => LexiconError::TooLarge { path: path.display().to_string(), message },
            e => e,
        })
    }

    fn read_file(&mut self, path: &Path) -> Result<(), LexiconError> {
        let p = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| LexiconError::Io { path: p.clone(), source })?;
        let text = String::from_utf8(bytes).map_err(|e| LexiconError::Syntax { path: p.clone(), line: 1, message: format!("not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()) })?;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_start_matches('\u{feff}').trim_end();
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 2 {
                return Err(LexiconError::Syntax { path: p.clone(), line: i + 1, message: "expected `kind<TAB>entry`".into() });
            }
            self.add_entry(cols[0].trim(), &cols[1..]).map_err(|message| LexiconError::Syntax { path: p.clone(), line: i + 1, message })?;
        }
        Ok(())
    }

    /// Builds the combined automaton (one pass finds places, known zones,
    /// known programmes and national bodies).
    pub fn compile(&mut self) -> Result<(), LexiconError> {
        let mut pats: BTreeMap<String, Tag> = BTreeMap::new();
        self.place_index.clear();
        for (i, (name, _)) in self.places.iter().enumerate() {
            self.place_index.entry(name.clone()).or_insert(i);
            pats.entry(name.clone()).or_insert(Tag::Place(i));
        }
        self.zone_index.clear();
        for (i, z) in self.zones.iter().enumerate() {
            self.zone_index.entry(z.canonical.clone()).or_insert(i);
            for a in &z.aliases {
                self.zone_index.entry(a.clone()).or_insert(i);
            }
        }
        for (i, z) in self.zones.iter().enumerate() {
            pats.insert(z.canonical.clone(), Tag::Zone(i));
            for a in &z.aliases {
                pats.insert(a.clone(), Tag::Zone(i));
            }
        }
        for (i, p) in self.programs.iter().enumerate() {
            pats.insert(p.clone(), Tag::Program(i));
        }
        for (i, m) in self.ministries.iter().enumerate() {
            pats.insert(m.clone(), Tag::Ministry(i));
        }
        let (words, tags): (Vec<String>, Vec<Tag>) = pats.into_iter().unzip();
        // a full DFA without a prefilter: Chinese text starts a pattern at almost
        // every character, so a prefilter only adds work; the build runs once
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .prefilter(false)
            .build(&words)
            .map_err(|e| LexiconError::Build(e.to_string()))?;
        self.automaton = Some((ac, tags));
        Ok(())
    }

    /// All non-overlapping lexicon hits in `text` (byte ranges), leftmost-longest.
    pub fn scan(&self, text: &str) -> Vec<(usize, usize, Tag)> {
        let Some((ac, tags)) = &self.automaton else { return Vec::new() };
        ac.find_iter(text).map(|m| (m.start(), m.end(), tags[m.pattern().as_usize()])).collect()
    }

    /// The known zone whose canonical name or an alias is `name`.
    pub fn zone_named(&self, name: &str) -> Option<&KnownZone> {
        self.zone_index.get(name).map(|&i| &self.zones[i])
    }

    pub fn is_place(&self, name: &str) -> bool {
        self.place_index.contains_key(name)
    }
}

impl Default for Lexicon {
    fn default() -> Self {
        Self::builtin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_load() {
        let lex = Lexicon::builtin();
        assert!(lex.places.len() > 300, "{}", lex.places.len());
        assert!(lex.surnames.contains("欧阳") && lex.surnames.contains("王"));
        assert!(lex.titles.contains("总经理"));
        assert!(lex.zone_suffixes.iter().any(|(s, _, _)| s == "经开区"));
        assert!(!lex.units.iter().any(|u| u == "条"), "条 counts measures, it is not a unit");
    }

    #[test]
    fn longest_place_wins() {
        let lex = Lexicon::builtin();
        // a known zone whose name starts with a place: the zone wins over the place
        let z = lex.zones.iter().find(|z| lex.places.iter().any(|(p, _)| z.canonical.starts_with(p.as_str()))).expect("a zone named after a place");
        let text = format!("{}和{}", z.canonical, lex.places[0].0);
        let hits = lex.scan(&text);
        assert_eq!(hits.len(), 2);
        assert!(matches!(hits[0].2, Tag::Zone(_)));
        assert_eq!(&text[hits[0].0..hits[0].1], z.canonical);
    }

    #[test]
    fn user_entries_take_effect_and_errors_name_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("my.tsv");
        std::fs::write(&p, "# mine\nplace\t赣江\tdistrict\nzone\t赣江新区\tNewArea\t赣江\n").unwrap();
        let mut lex = Lexicon::builtin();
        lex.extend_from_file(&p).unwrap();
        assert!(lex.is_place("赣江"));
        assert!(lex.scan("赣江新区").iter().any(|h| matches!(h.2, Tag::Zone(_))));
        std::fs::write(&p, "title\t首席科学家\nbogus\tx\n").unwrap();
        let err = lex.extend_from_file(&p).unwrap_err().to_string();
        assert!(err.contains("my.tsv:2:"), "{err}");
    }
}
