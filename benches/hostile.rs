//! Growth on hostile input (issue 14): each shape of text that once made a
//! stage super-linear, at 1x, 2x and 4x its size, through what a build does
//! with one article (splitting, extraction, statements). Criterion reports
//! bytes per second: a flat throughput across the three sizes is linear time.
//!
//!     cargo bench --bench hostile
//!
//! The shapes are written here, in the genre's words: a table pasted as one
//! line (figures, growth rates), a list of thousands of companies or names,
//! a run of title chains, quoted programmes, zones, projects, text without
//! any punctuation, and a 100,000-character headline.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use zonekg::extract::Extractor;
use zonekg::lexicon::Lexicon;
use zonekg::resolve::graph_of_article;

/// (name, the unit repeated in one line)
const SHAPES: &[(&str, &str)] = &[
    ("figures", "2020年某某高新区实现工业总产值4191.83亿元,同比增长2.99%,"),
    ("growth_list", "其中地区生产总值增长4%、一般财政预算收入增长8.3%、"),
    ("company_list", "华为技术有限公司、"),
    ("title_chains", "佛山市委常委、常务副市长,佛山高新区党工委书记蔡家华,"),
    ("programmes", "“一件事一次办”改革,"),
    ("zones", "沈阳高新区和佛山高新区"),
    ("projects", "SMC中国总部项目落户北京经开区,"),
    ("no_punctuation", "沈阳高新区坚持创新驱动加快高质量发展步伐不断提高创新能力"),
];

/// About 100 KB at 1x.
const BASE: usize = 100_000;

fn shape_text(unit: &str, scale: usize) -> String {
    format!("某某高新区经济运行情况\n\n{}\n", unit.repeat(BASE * scale / unit.len()))
}

fn hostile(c: &mut Criterion) {
    let x = Extractor::new(Lexicon::builtin()).expect("the built-in lexicon compiles");
    let mut texts: Vec<(String, String)> = SHAPES.iter().map(|(n, u)| (n.to_string(), u.to_string())).collect();
    // a 100,000-character headline: one line, then a short body
    texts.push(("long_headline".into(), String::new()));
    let mut g = c.benchmark_group("hostile");
    g.sample_size(10);
    for (name, unit) in &texts {
        for scale in [1usize, 2, 4] {
            let text = if name == "long_headline" { format!("{}\n\n沈阳高新区工业总产值增长5%。\n", "沈阳高新区发展".repeat(BASE * scale / 21)) } else { shape_text(unit, scale) };
            let doc = zonekg::input::RawDoc { origin: "hostile".into(), text: text.clone(), ..Default::default() };
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_function(format!("{name}/{scale}x"), |b| {
                b.iter(|| {
                    let articles = zonekg::articles_from_docs(&x, std::slice::from_ref(&doc));
                    articles.iter().map(|a| graph_of_article(a, &x.extract(a)).len()).sum::<usize>()
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);
