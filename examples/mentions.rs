//! Prints what the extractor finds in a text, one line per mention, position
//! and figure, with the rule that made it: a tool for writing rules.
//!
//! `cargo run --release --example mentions -- FILE` (or text on stdin)

use std::io::Read;
use zonekg::extract::{Extractor, Target};
use zonekg::lexicon::Lexicon;
use zonekg::text::Article;

fn main() {
    let mut text = String::new();
    match std::env::args().nth(1) {
        Some(p) => text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")),
        None => {
            std::io::stdin().read_to_string(&mut text).expect("stdin");
        }
    }
    let title = text.lines().next().unwrap_or("").to_string();
    let a = Article::new("t".into(), "mentions".into(), title, vec![], None, text);
    let x = Extractor::new(Lexicon::builtin()).expect("the built-in lexicon compiles");
    let e = x.extract(&a);
    let name = |t: Option<Target>| match t {
        Some(Target::Mention(i)) => e.mentions[i].canonical.clone(),
        Some(Target::ArticleZone) => "@zone".into(),
        None => "-".into(),
    };
    for m in &e.mentions {
        println!("{:?}\t{}\t{}\t{}{}", m.kind, m.name, m.rule, m.canonical, if m.is_zone_ref { " (ref)" } else { "" });
    }
    for p in &e.positions {
        println!("POST\t{}\t{}\t{}", e.mentions[p.holder].name, p.title, name(p.org));
    }
    for r in &e.relations {
        println!("REL\t{}\t{:?}\t{}", e.mentions[r.from].canonical, r.rel, name(Some(r.to)));
    }
    for o in &e.observations {
        println!("FIG\t{}\t{}\t{:?}{:?}\tgrowth {:?}\t{}", name(o.subject), o.indicator, o.value, o.unit, o.growth, o.rule);
    }
}
