//! Extracts every article of a folder of pages N times, for profiling: the
//! extraction alone, without reading or exporting.
//! `cargo run --release --example extract_loop -- DIR [N]`
//!
//! On a shared VM wall-clock figures drift by ±20%; instruction counts do
//! not. Instructions per pass = (callgrind total for N=3 − for N=1) / 2:
//! `valgrind --tool=callgrind target/release/examples/extract_loop DIR 3`.

// the allocator the zonekg binary runs with (src/main.rs): the figures are the tool's
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use zonekg::extract::Extractor;
use zonekg::lexicon::Lexicon;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "examples".into());
    let reps: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10);
    let x = Extractor::new(Lexicon::builtin()).expect("the built-in lexicon compiles");
    let mut docs = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}")).filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if let Ok(text) = std::fs::read_to_string(&p) {
            if p.extension().is_some_and(|e| e == "txt") {
                docs.push(zonekg::input::RawDoc { origin: p.display().to_string(), text, ..Default::default() });
            }
        }
    }
    let arts = zonekg::articles_from_docs(&x, &docs);
    let bytes: usize = arts.iter().map(|a| a.clean.text.len()).sum();
    // the segmenter's dictionary loads on the first use: not part of the figure
    if let Some(a) = arts.first() {
        x.extract(a);
    }
    let t = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..reps {
        for a in &arts {
            n += x.extract(a).mentions.len();
        }
    }
    let s = t.elapsed().as_secs_f64();
    println!("{} articles, {} bytes x {reps}: {:.2} MB/s ({n} mentions)", arts.len(), bytes, (bytes * reps) as f64 / s / 1e6);
}
