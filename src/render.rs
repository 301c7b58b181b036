//! A picture of the graph without Gephi: a force-directed layout
//! (Fruchterman–Reingold, deterministic: the start positions come from the
//! IRIs), drawn as SVG with colours by class, Chinese labels in a CJK font
//! stack and a legend; and a self-contained HTML page to pan, zoom, search a
//! name and click a node to see its facts and where they came from.

use crate::explain::mark;
use crate::export::propgraph::{color, core_class, degrees};
use crate::export::view::GraphView;
use crate::files::write_atomic;
use crate::model::span::parse_char_iri;
use crate::model::vocab::{iri, ID};
use crate::store::{StoreDir, StoreError};
use oxigraph::model::{NamedOrBlankNode, Quad, Term};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub const FONT_STACK: &str = "'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','PingFang SC','Microsoft YaHei','Hiragino Sans GB',sans-serif";

/// A laid-out node.
#[derive(Debug, Clone, Serialize)]
pub struct Placed {
    pub id: String,
    pub iri: String,
    pub label: String,
    pub class: String,
    pub x: f64,
    pub y: f64,
    pub r: f64,
}

fn unit_hash(s: &str, salt: u8) -> f64 {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest([s.as_bytes(), &[salt]].concat());
    let v = u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]);
    (v as f64) / (u64::MAX as f64)
}

/// The nodes to draw: at most `max`, by degree then mentions (then IRI);
/// nodes with no edge only when `isolated` is set.
pub fn select_nodes(view: &GraphView, max: usize, isolated: bool) -> BTreeSet<String> {
    let deg = degrees(view);
    let mut v: Vec<(&str, usize, usize)> = view.nodes.iter().map(|n| (n.iri.as_str(), deg.get(n.iri.as_str()).copied().unwrap_or(0), n.mentions)).filter(|(_, d, _)| isolated || *d > 0).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
    v.into_iter().take(max).map(|(i, _, _)| i.to_string()).collect()
}

/// Fruchterman–Reingold positions of one connected component, centred on 0.
fn fr(iris: &[&str], edges: &[(usize, usize)], iterations: usize) -> Vec<(f64, f64)> {
    let n = iris.len();
    let k = 1.0;
    let side = (n as f64).sqrt() * k * 2.0;
    let mut pos: Vec<(f64, f64)> = iris.iter().map(|x| ((unit_hash(x, 1) - 0.5) * side, (unit_hash(x, 2) - 0.5) * side)).collect();
    let mut t = side / 10.0;
    for _ in 0..iterations {
        let mut disp = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d = (dx * dx + dy * dy).sqrt().max(0.01);
                let f = k * k / d;
                let (fx, fy) = (dx / d * f, dy / d * f);
                disp[i].0 += fx;
                disp[i].1 += fy;
                disp[j].0 -= fx;
                disp[j].1 -= fy;
            }
        }
        for &(a, b) in edges {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let f = d * d / k;
            let (fx, fy) = (dx / d * f, dy / d * f);
            disp[a].0 -= fx;
            disp[a].1 -= fy;
            disp[b].0 += fx;
            disp[b].1 += fy;
        }
        for i in 0..n {
            disp[i].0 -= pos[i].0 * 0.05;
            disp[i].1 -= pos[i].1 * 0.05;
            let d = (disp[i].0 * disp[i].0 + disp[i].1 * disp[i].1).sqrt().max(0.0001);
            let m = d.min(t);
            pos[i].0 += disp[i].0 / d * m;
            pos[i].1 += disp[i].1 / d * m;
        }
        t = (t * 0.98).max(side / 1000.0);
    }
    pos
}

fn root(p: &mut [usize], mut x: usize) -> usize {
    while p[x] != x {
        p[x] = p[p[x]];
        x = p[x];
    }
    x
}

/// Lays out the kept nodes in a `w` × `h` box: each connected component by
/// Fruchterman–Reingold, the components packed in rows, largest first.
pub fn layout(view: &GraphView, keep: &BTreeSet<String>, w: f64, h: f64, iterations: usize) -> Vec<Placed> {
    let nodes: Vec<&crate::export::view::ViewNode> = view.nodes.iter().filter(|n| keep.contains(&n.iri)).collect();
    let n = nodes.len();
    if n == 0 {
        return Vec::new();
    }
    let index: BTreeMap<&str, usize> = nodes.iter().enumerate().map(|(i, x)| (x.iri.as_str(), i)).collect();
    let edges: Vec<(usize, usize)> = view.edges.iter().filter_map(|e| Some((*index.get(e.source.as_str())?, *index.get(e.target.as_str())?))).filter(|(a, b)| a != b).collect();
    let mut parent: Vec<usize> = (0..n).collect();
    for &(a, b) in &edges {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut comps: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        comps.entry(r).or_default().push(i);
    }
    let mut comps: Vec<Vec<usize>> = comps.into_values().collect();
    comps.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    // each component normalised to a unit box, sized by sqrt(node count)
    let mut boxes = Vec::new();
    for c in &comps {
        let local: BTreeMap<usize, usize> = c.iter().enumerate().map(|(li, gi)| (*gi, li)).collect();
        let ce: Vec<(usize, usize)> = edges.iter().filter_map(|(a, b)| Some((*local.get(a)?, *local.get(b)?))).collect();
        let iris: Vec<&str> = c.iter().map(|&i| nodes[i].iri.as_str()).collect();
        let pos = fr(&iris, &ce, iterations);
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for p in &pos {
            x0 = x0.min(p.0);
            x1 = x1.max(p.0);
            y0 = y0.min(p.1);
            y1 = y1.max(p.1);
        }
        let span = (x1 - x0).max(y1 - y0).max(1e-9);
        let norm: Vec<(f64, f64)> = pos.iter().map(|p| if c.len() == 1 { (0.5, 0.5) } else { ((p.0 - x0) / span, (p.1 - y0) / span) }).collect();
        boxes.push((c.clone(), norm, (c.len() as f64).sqrt()));
    }
    // shelf packing: rows of boxes, shrunk until the rows fit the height
    let total: f64 = boxes.iter().map(|b| b.2 * b.2).sum();
    let mut scale = (w * h / total).sqrt();
    let mut placed_at = vec![(0.0, 0.0); n];
    for _ in 0..40 {
        let (mut x, mut y, mut row_h) = (0.0f64, 0.0f64, 0.0f64);
        for (members, norm, size) in &boxes {
            let side = size * scale;
            if x + side > w && x > 0.0 {
                x = 0.0;
                y += row_h;
                row_h = 0.0;
            }
            let pad = side * 0.1 + 10.0;
            for (li, &gi) in members.iter().enumerate() {
                placed_at[gi] = (x + pad + norm[li].0 * (side - 2.0 * pad - 60.0).max(1.0), y + pad + norm[li].1 * (side - 2.0 * pad).max(1.0));
            }
            x += side;
            row_h = row_h.max(side);
        }
        if y + row_h <= h {
            break;
        }
        scale *= 0.93;
    }
    let deg = degrees(view);
    nodes
        .iter()
        .zip(placed_at)
        .map(|(x, (px, py))| Placed {
            id: x.id.clone(),
            iri: x.iri.clone(),
            label: x.label.clone(),
            class: x.class().to_string(),
            x: (px * 10.0).round() / 10.0,
            y: (py * 10.0).round() / 10.0,
            r: 4.0 + 2.5 * (deg.get(x.iri.as_str()).copied().unwrap_or(0) as f64).sqrt(),
        })
        .collect()
}

fn esc(s: &str) -> String {
    crate::model::stmts::clean_literal(s).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// The SVG picture: edges, nodes coloured by class, labels, a legend.
pub fn svg(view: &GraphView, placed: &[Placed], w: f64, h: f64) -> String {
    let legend_w = 150.0;
    let mut s = String::new();
    let _ = writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" id="zonekg-graph" width="{}" height="{h}" viewBox="0 0 {} {h}" font-family="{}">"#,
        w + legend_w,
        w + legend_w,
        FONT_STACK.replace('\'', "&apos;")
    );
    let _ = writeln!(s, r##"<rect x="0" y="0" width="{}" height="{h}" fill="#FFFFFF"/>"##, w + legend_w);
    let at: BTreeMap<&str, &Placed> = placed.iter().map(|p| (p.iri.as_str(), p)).collect();
    let _ = writeln!(s, r##"<g id="edges" stroke="#9AA0A6" stroke-opacity="0.55">"##);
    for e in &view.edges {
        let (Some(a), Some(b)) = (at.get(e.source.as_str()), at.get(e.target.as_str())) else { continue };
        let sw = 0.8 + (e.weight as f64).sqrt() * 0.4;
        let _ = writeln!(s, r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke-width="{sw:.2}"><title>{}</title></line>"#, a.x, a.y, b.x, b.y, esc(&e.label));
    }
    let _ = writeln!(s, "</g>");
    let _ = writeln!(s, r#"<g id="nodes">"#);
    for p in placed {
        let _ = writeln!(
            s,
            r##"<circle id="{}" cx="{}" cy="{}" r="{:.1}" fill="{}" stroke="#FFFFFF" stroke-width="1"><title>{} ({})</title></circle>"##,
            p.id,
            p.x,
            p.y,
            p.r,
            hex(color(&p.class)),
            esc(&p.label),
            esc(&p.class)
        );
    }
    let _ = writeln!(s, "</g>");
    let _ = writeln!(s, r##"<g id="labels" font-size="11" fill="#202124">"##);
    for p in placed {
        let weight = if core_class(&p.class) == "Zone" { r#" font-weight="bold" font-size="14""# } else { "" };
        let _ = writeln!(s, r#"<text x="{:.1}" y="{:.1}"{weight}>{}</text>"#, p.x + p.r + 2.0, p.y + 4.0, esc(&p.label));
    }
    let _ = writeln!(s, "</g>");
    // legend
    let _ = writeln!(s, r##"<g id="legend" font-size="12" fill="#202124"><text x="{}" y="24" font-weight="bold">图例 Legend</text>"##, w + 10.0);
    let present: BTreeSet<&str> = placed.iter().map(|p| core_class(&p.class)).collect();
    let mut y = 46.0;
    for c in crate::model::vocab::palette() {
        let (class, zh, rgb) = (c.local, c.zh, c.colour.unwrap_or_default());
        if !present.contains(class) {
            continue;
        }
        let _ = writeln!(s, r#"<circle cx="{}" cy="{}" r="6" fill="{}"/><text x="{}" y="{}">{zh} {class}</text>"#, w + 18.0, y - 4.0, hex(rgb), w + 30.0, y);
        y += 20.0;
    }
    let _ = writeln!(s, "</g>\n</svg>");
    s
}

/// Facts and sources of every drawn node, for the HTML page.
#[derive(Debug, Clone, Serialize, Default)]
pub struct NodeFacts {
    pub label: String,
    pub class: String,
    pub iri: String,
    pub aliases: Vec<String>,
    pub figures: Vec<String>,
    pub relations: Vec<String>,
    /// (article title, sentence with the span marked, rule, confidence)
    pub sources: Vec<(String, String, String, String)>,
}

/// Gathers the facts of the drawn nodes from the article graphs.
pub fn facts(view: &GraphView, per_article: &[Vec<Quad>], keep: &BTreeSet<String>, max_sources: usize) -> BTreeMap<String, NodeFacts> {
    let mut out: BTreeMap<String, NodeFacts> = BTreeMap::new();
    let labels: BTreeMap<&str, &str> = view.nodes.iter().map(|n| (n.iri.as_str(), n.label.as_str())).collect();
    for n in view.nodes.iter().filter(|n| keep.contains(&n.iri)) {
        let figures = n
            .figures
            .iter()
            .map(|f| {
                let mut s = f.indicator.clone();
                if let Some(v) = f.value {
                    let _ = write!(s, " {v}{}", f.unit.clone().unwrap_or_default());
                }
                if let Some(g) = f.growth {
                    let _ = write!(s, ", 增长 {g}%");
                }
                if let Some(p) = &f.period {
                    let _ = write!(s, " ({p})");
                }
                s
            })
            .collect();
        out.insert(n.id.clone(), NodeFacts { label: n.label.clone(), class: n.class().to_string(), iri: n.iri.clone(), aliases: n.aliases.iter().cloned().collect(), figures, ..Default::default() });
    }
    let ids: BTreeMap<&str, &str> = view.nodes.iter().map(|n| (n.iri.as_str(), n.id.as_str())).collect();
    for e in &view.edges {
        let line = format!("{} —{}→ {}", labels.get(e.source.as_str()).unwrap_or(&""), e.label, labels.get(e.target.as_str()).unwrap_or(&""));
        for end in [&e.source, &e.target] {
            if let Some(f) = ids.get(end.as_str()).and_then(|id| out.get_mut(*id)) {
                f.relations.push(line.clone());
            }
        }
    }
    // mentions → sources
    let mut texts: BTreeMap<&str, &str> = BTreeMap::new();
    let mut titles: BTreeMap<&str, &str> = BTreeMap::new();
    let mut rules: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
    let mut mentions: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
    for q in per_article.iter().flatten() {
        let NamedOrBlankNode::NamedNode(s) = &q.subject else { continue };
        let p = q.predicate.as_str();
        let o = match &q.object {
            Term::Literal(l) => l.value(),
            Term::NamedNode(n) => n.as_str(),
            _ => continue,
        };
        if p == iri::TEXT {
            texts.insert(s.as_str(), o);
        } else if p == iri::DC_TITLE {
            titles.insert(s.as_str(), o);
        } else if s.as_str().starts_with(&format!("{ID}rule/")) {
            rules.entry(s.as_str()).or_default().insert(p, o);
        } else if s.as_str().contains("#char=") {
            mentions.entry(s.as_str()).or_default().insert(p, o);
        }
    }
    for (m, props) in &mentions {
        let get = |k: &str| props.get(k).copied().unwrap_or("");
        let Some(id) = ids.get(get(iri::REFERS_TO)) else { continue };
        let Some(f) = out.get_mut(*id) else { continue };
        if f.sources.len() >= max_sources {
            continue;
        }
        let (Some((a, span)), Some((_, sentence))) = (parse_char_iri(m), parse_char_iri(get(iri::SENTENCE))) else { continue };
        let text = texts.get(a).copied().unwrap_or("");
        let rule = rules.get(get(iri::RULE));
        let rule_field = |k: &str| rule.and_then(|r| r.get(k)).copied().unwrap_or("").to_string();
        let marked = mark(text, sentence.start, sentence.end, span.start, span.end);
        f.sources.push((titles.get(a).copied().unwrap_or("").to_string(), marked, rule_field(iri::RDFS_LABEL), rule_field(iri::CONFIDENCE)));
    }
    out
}

/// A self-contained HTML page: the SVG inline, pan (drag), zoom (wheel),
/// search a name, click a node to see its facts and sources. No network.
pub fn html(svg_text: &str, facts: &BTreeMap<String, NodeFacts>) -> String {
    let data = serde_json::to_string(facts).unwrap_or_else(|_| "{}".into()).replace("</", "<\\/");
    let svg_body = svg_text.trim_start_matches(r#"<?xml version="1.0" encoding="UTF-8"?>"#).trim();
    format!(
        r#"<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>zonekg graph</title>
<style>
body {{ margin: 0; font-family: {FONT_STACK}; display: flex; height: 100vh; }}
#view {{ flex: 1; overflow: hidden; position: relative; background: #fff; cursor: grab; }}
#view svg {{ width: 100%; height: 100%; }}
#side {{ width: 360px; border-left: 1px solid #ddd; padding: 10px; overflow-y: auto; font-size: 13px; }}
#side h2 {{ font-size: 16px; margin: 6px 0; }}
#side .src {{ margin: 6px 0; padding: 6px; background: #f6f6f6; border-radius: 4px; }}
#search {{ width: 100%; box-sizing: border-box; padding: 6px; font-size: 14px; }}
circle.hit {{ stroke: #000 !important; stroke-width: 3 !important; }}
</style>
</head>
<body>
<div id="view">{svg_body}</div>
<div id="side">
<input id="search" placeholder="搜索名称 Search a name" list="names">
<datalist id="names"></datalist>
<div id="info"><p>点击节点查看事实与来源。Click a node to see its facts and their sources. Drag to pan, wheel to zoom.</p></div>
</div>
<script>
const FACTS = {data};
const svg = document.querySelector('#view svg');
let vb = svg.viewBox.baseVal;
let drag = null;
svg.addEventListener('mousedown', e => {{ drag = {{x: e.clientX, y: e.clientY, vx: vb.x, vy: vb.y}}; }});
window.addEventListener('mouseup', () => drag = null);
window.addEventListener('mousemove', e => {{
  if (!drag) return;
  const s = vb.width / svg.clientWidth;
  vb.x = drag.vx - (e.clientX - drag.x) * s; vb.y = drag.vy - (e.clientY - drag.y) * s;
}});
svg.addEventListener('wheel', e => {{
  e.preventDefault();
  const k = e.deltaY > 0 ? 1.15 : 1 / 1.15;
  const r = svg.getBoundingClientRect();
  const px = vb.x + (e.clientX - r.left) / r.width * vb.width, py = vb.y + (e.clientY - r.top) / r.height * vb.height;
  vb.x = px - (px - vb.x) * k; vb.y = py - (py - vb.y) * k; vb.width *= k; vb.height *= k;
}}, {{passive: false}});
function esc(s) {{ return String(s).replace(/[&<>]/g, c => ({{'&':'&amp;','<':'&lt;','>':'&gt;'}})[c]); }}
function show(id) {{
  const f = FACTS[id]; if (!f) return;
  document.querySelectorAll('circle.hit').forEach(c => c.classList.remove('hit'));
  const c = document.getElementById(id); if (c) c.classList.add('hit');
  let h = `<h2>${{esc(f.label)}}</h2><div>${{esc(f.class)}} · <a href="${{esc(f.iri)}}">${{esc(f.iri)}}</a></div>`;
  if (f.aliases.length) h += `<p>又名 Also: ${{f.aliases.map(esc).join('、')}}</p>`;
  if (f.figures.length) h += `<h3>指标 Figures</h3><ul>${{f.figures.map(x => `<li>${{esc(x)}}</li>`).join('')}}</ul>`;
  if (f.relations.length) h += `<h3>关系 Relations</h3><ul>${{f.relations.map(x => `<li>${{esc(x)}}</li>`).join('')}}</ul>`;
  if (f.sources.length) h += `<h3>来源 Sources</h3>` + f.sources.map(s => `<div class="src"><b>${{esc(s[0])}}</b><br>${{esc(s[1]).replace('【','<mark>').replace('】','</mark>')}}<br><small>${{esc(s[2])}} · ${{esc(s[3])}}</small></div>`).join('');
  document.getElementById('info').innerHTML = h;
}}
document.querySelectorAll('#nodes circle').forEach(c => c.addEventListener('click', e => {{ e.stopPropagation(); show(c.id); }}));
const dl = document.getElementById('names');
for (const [id, f] of Object.entries(FACTS)) {{ const o = document.createElement('option'); o.value = f.label; dl.appendChild(o); }}
document.getElementById('search').addEventListener('change', e => {{
  const q = e.target.value.trim(); if (!q) return;
  const hit = Object.entries(FACTS).find(([id, f]) => f.label === q || f.aliases.includes(q)) || Object.entries(FACTS).find(([id, f]) => f.label.includes(q));
  if (!hit) return;
  const c = document.getElementById(hit[0]);
  if (c) {{ const x = +c.getAttribute('cx'), y = +c.getAttribute('cy'); vb.x = x - vb.width / 2; vb.y = y - vb.height / 2; }}
  show(hit[0]);
}});
</script>
</body>
</html>
"#
    )
}

/// What `zonekg render` draws, and where.
#[derive(Debug, Clone)]
pub struct DrawOptions {
    pub svg: PathBuf,
    /// also a PNG, through rsvg-convert or ImageMagick when installed
    pub png: Option<PathBuf>,
    /// also the self-contained HTML page
    pub html: Option<PathBuf>,
    pub max_nodes: usize,
    pub isolated: bool,
    pub width: f64,
    pub height: f64,
}

/// What [`draw`] wrote.
#[derive(Debug, Clone, Default)]
pub struct Drawn {
    pub placed: usize,
    pub nodes: usize,
    pub written: Vec<PathBuf>,
    /// the PNG asked for that no converter could write
    pub png_missing: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}: the store holds no entities to draw")]
    Empty(String),
    #[error("{path}: cannot write: {source}")]
    Write { path: String, source: std::io::Error },
}

/// Draws a store's entity view: the SVG, and the HTML page and PNG when asked.
pub fn draw(store: &StoreDir, o: &DrawOptions) -> Result<Drawn, RenderError> {
    let per_article = store.article_quads()?;
    let view = GraphView::from_quads(&per_article);
    if view.nodes.is_empty() {
        return Err(RenderError::Empty(store.path.display().to_string()));
    }
    let keep = select_nodes(&view, o.max_nodes, o.isolated);
    let placed = layout(&view, &keep, o.width, o.height, 400);
    let picture = svg(&view, &placed, o.width, o.height);
    let write = |path: &Path, text: &str| write_atomic(path, |w| w.write_all(text.as_bytes())).map_err(|source| RenderError::Write { path: path.display().to_string(), source });
    write(&o.svg, &picture)?;
    let mut drawn = Drawn { placed: placed.len(), nodes: view.nodes.len(), written: vec![o.svg.clone()], png_missing: None };
    if let Some(h) = &o.html {
        write(h, &html(&picture, &facts(&view, &per_article, &keep, 8)))?;
        drawn.written.push(h.clone());
    }
    if let Some(png) = &o.png {
        let converters: [(&str, Vec<std::ffi::OsString>); 2] =
            [("rsvg-convert", vec!["-o".into(), png.into(), o.svg.clone().into()]), ("convert", vec!["-density".into(), "110".into(), o.svg.clone().into(), png.into()])];
        if converters.iter().any(|(cmd, args)| std::process::Command::new(cmd).args(args).status().map(|s| s.success()).unwrap_or(false)) {
            drawn.written.push(png.clone());
        } else {
            drawn.png_missing = Some(png.clone());
        }
    }
    Ok(drawn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::view::{ViewEdge, ViewNode};

    fn view() -> GraphView {
        let node = |i: &str, l: &str, c: &str| ViewNode { id: crate::export::view::node_id(i), iri: i.into(), label: l.into(), classes: vec![c.into()], ..Default::default() };
        GraphView {
            nodes: vec![node("x:a", "甲高新区", "HighTechZone"), node("x:b", "乙园", "Park"), node("x:c", "丙<公司>", "Company")],
            edges: vec![ViewEdge {
                source: "x:b".into(),
                target: "x:a".into(),
                label: "隶属 (partOf)".into(),
                relation: "p".into(),
                weight: 1,
                articles: Default::default(),
                years: Default::default(),
            }],
            article_ids: Default::default(),
        }
    }

    #[test]
    fn layout_is_deterministic_and_inside_the_box() {
        let v = view();
        let keep = select_nodes(&v, 10, true);
        let a = layout(&v, &keep, 800.0, 600.0, 100);
        let b = layout(&v, &keep, 800.0, 600.0, 100);
        assert_eq!(a.len(), 3);
        for (p, q) in a.iter().zip(&b) {
            assert_eq!((p.x, p.y), (q.x, q.y));
            assert!(p.x >= 20.0 && p.x <= 780.0 && p.y >= 20.0 && p.y <= 580.0);
        }
    }

    #[test]
    fn svg_escapes_labels_and_has_a_legend() {
        let v = view();
        let keep = select_nodes(&v, 10, true);
        let s = svg(&v, &layout(&v, &keep, 800.0, 600.0, 50), 800.0, 600.0);
        assert!(s.contains("丙&lt;公司&gt;"));
        assert!(s.contains("图例") && s.contains("园区 Zone"));
        assert!(s.contains("#E15759"));
    }
}
