use zonekg::{extract::Extractor, lexicon::Lexicon, input};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let x = Extractor::new(Lexicon::builtin());
    let (docs, _) = input::read_input(std::path::Path::new(&path));
    for a in zonekg::articles_from_docs(&x, &docs) {
        let e = x.extract(&a);
        println!("== {} main={:?}", a.title, e.main_zone.map(|i| &e.mentions[i].name));
        for m in &e.mentions { println!("  M {:?} {} [{}] {}", m.kind, m.name, m.rule, m.is_zone_ref); }
        for o in &e.observations { println!("  O {:?} {} {:?} {:?} g={:?}", o.subject, o.indicator, o.value, o.unit, o.growth); }
        for r in &e.relations { println!("  R {:?} {} -> {:?}", r.rel, e.mentions[r.from].name, r.to); }
    }
}
