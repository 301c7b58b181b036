//! Benchmarks of each stage on a generated corpus (examples/gen_corpus.rs's
//! genre, regenerated here deterministically): decoding and page splitting,
//! text cleaning, extraction, resolution into the graph, statements of an
//! article, each exporter, the view, and loading the store.
//!
//!     cargo bench --bench pipeline
//!
//! The end-to-end figure comes from `zonekg build --stats` (docs/benchmarks.md).

// the allocator the zonekg binary runs with (src/main.rs): the figures are the tool's
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use zonekg::export::view::ViewMode;
use zonekg::export::Format;
use zonekg::extract::Extractor;
use zonekg::lexicon::Lexicon;
use zonekg::resolve::graph_of_article;

fn corpus() -> (tempfile::TempDir, Vec<u8>) {
    let d = tempfile::tempdir().unwrap();
    let ok = std::process::Command::new(env!("CARGO"))
        .args(["run", "--release", "-q", "--example", "gen_corpus", "--", "--mb", "2", "--seed", "11", "--out"])
        .arg(d.path().join("c"))
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(ok, "gen_corpus failed");
    // one UTF-8 page for the text stages
    let mut page = None;
    for e in std::fs::read_dir(d.path().join("c")).unwrap() {
        let p = e.unwrap().path();
        let n = p.file_name().unwrap().to_string_lossy().into_owned();
        if n.starts_with("page_") && !n.contains("_gb") {
            page = Some(std::fs::read(&p).unwrap());
            break;
        }
    }
    (d, page.expect("a page"))
}

fn stages(c: &mut Criterion) {
    let (dir, page) = corpus();
    let x = Extractor::new(Lexicon::builtin()).expect("the built-in lexicon compiles");
    let text = String::from_utf8(page.clone()).unwrap();
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(page.len() as u64));
    g.bench_function("decode", |b| b.iter(|| zonekg::input::decode(&page, "page").unwrap()));
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    g.bench_function("decode_gb18030", |b| b.iter(|| zonekg::input::decode(&gb, "page").unwrap()));
    g.bench_function("split_page", |b| b.iter(|| zonekg::input::split_page(&text, x.zone_cue())));
    g.bench_function("clean_text", |b| b.iter(|| zonekg::text::CleanText::from_text(&text)));
    g.finish();

    let doc = zonekg::input::RawDoc { origin: "page".into(), text: text.clone(), ..Default::default() };
    let articles = zonekg::articles_from_docs(&x, &[doc]);
    let mut g = c.benchmark_group("article");
    g.throughput(Throughput::Bytes(page.len() as u64));
    g.bench_function("extract", |b| b.iter(|| articles.iter().map(|a| x.extract(a).mentions.len()).sum::<usize>()));
    let exs: Vec<_> = articles.iter().map(|a| x.extract(a)).collect();
    g.finish();
    // each regex that runs over whole texts: one slow pattern shows here first
    let mut rg = c.benchmark_group("regex");
    rg.throughput(Throughput::Bytes(page.len() as u64));
    for (name, re) in x.text_regexes() {
        rg.bench_function(name, |b| b.iter(|| articles.iter().map(|a| re.find_iter(&a.clean.text).count()).sum::<usize>()));
    }
    rg.finish();
    let mut g = c.benchmark_group("article");
    g.throughput(Throughput::Bytes(page.len() as u64));
    g.bench_function("resolve_into_graph", |b| {
        b.iter(|| {
            let mut kg = zonekg::resolve::graph::KnowledgeGraph::new();
            for (a, e) in articles.iter().zip(&exs) {
                zonekg::resolve::add_article(&mut kg, a, e);
            }
            kg.nodes.len()
        })
    });
    // what the build does per article: its graph as compact statements
    g.bench_function("statements", |b| b.iter(|| articles.iter().zip(&exs).map(|(a, e)| graph_of_article(a, e).len()).sum::<usize>()));
    g.finish();

    // exporters and the view over the whole 2 MB corpus
    let files = zonekg::input::collect_files(&[dir.path().join("c")]).unwrap();
    let mut docs = Vec::new();
    let mut bytes = 0u64;
    for f in &files {
        let (d, _) = zonekg::input::read_input_as(&f.path, &f.name);
        bytes += d.iter().map(|d| d.text.len() as u64).sum::<u64>();
        docs.extend(d);
    }
    let mut arts = zonekg::articles_from_docs(&x, &docs);
    arts.sort_by(|a, b| a.id.cmp(&b.id));
    let graphs: Vec<_> = arts.iter().map(|a| graph_of_article(a, &x.extract(a))).collect();
    let quads: Vec<_> = graphs.iter().map(|g| g.to_quads()).collect();
    let mut g = c.benchmark_group("export");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes));
    for f in [Format::NQuads, Format::Turtle, Format::GraphMl, Format::Gexf] {
        g.bench_function(format!("{:?}", f), |b| {
            b.iter_batched(
                || tempfile::tempdir().unwrap(),
                |out| {
                    // per-article serialisation and the ordered writer, as the build runs them (on one thread)
                    let mut ex = zonekg::export::Exporter::new(out.path(), &[f], ViewMode::Entities).unwrap();
                    for g in &graphs {
                        ex.add_prepared(zonekg::export::prepare(g.clone(), &[f]).unwrap()).unwrap();
                    }
                    ex.finish().unwrap()
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.bench_function("view", |b| {
        b.iter(|| {
            let mut v = zonekg::export::view::ViewBuilder::new(false);
            for g in &graphs {
                v.add_graph(g);
            }
            v.finish(ViewMode::Entities).nodes.len()
        })
    });
    let store_dir = tempfile::tempdir().unwrap();
    let store = zonekg::store::StoreDir::create_or_open(&store_dir.path().join("s")).unwrap();
    for (a, q) in arts.iter().zip(&quads) {
        store.write_article(&a.id, q).unwrap();
    }
    g.bench_function("store_load", |b| b.iter(|| store.load().unwrap().len().unwrap()));
    g.bench_function("store_load_facts", |b| b.iter(|| store.load_facts().unwrap().len().unwrap()));
    // what `query` loads for the parks query: the statements it can match
    let parks = include_str!("../examples/queries/parks.rq");
    let plan = zonekg::store::LoadPlan::of_query(parks);
    g.bench_function("store_load_plan_parks", |b| b.iter(|| store.load_plan(&plan).unwrap().len().unwrap()));
    // `explain` of the entity most articles name, reading the store for it
    let loaded = store.load_facts().unwrap();
    let top = zonekg::store::select(&loaded, "SELECT ?l (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a zkg:mentions ?e . ?e rdfs:label ?l } GROUP BY ?l ORDER BY DESC(?n) ?l LIMIT 1").unwrap();
    let name = match top.first().and_then(|r| r.get("l")) {
        Some(oxigraph::model::Term::Literal(l)) => l.value().to_string(),
        _ => String::new(),
    };
    g.bench_function("explain_store_top_entity", |b| b.iter(|| zonekg::explain::explain_store(&store, &name, zonekg::explain::DEFAULT_MAX_ARTICLES).unwrap().len()));
    g.finish();
    // the query a user asks first, through the SPARQL endpoint, on a loaded store
    let mut g = c.benchmark_group("serve");
    let req = zonekg::serve::Request { method: "POST", url: "/sparql", content_type: Some("application/sparql-query"), accept: Some("text/csv"), body: parks.as_bytes() };
    g.bench_function("parks_query", |b| b.iter(|| zonekg::serve::answer(&loaded, &req, zonekg::serve::Limits::default()).body.len()));
    g.bench_function("needs_provenance", |b| b.iter(|| zonekg::store::needs_provenance(parks)));
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
