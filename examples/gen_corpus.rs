//! Generates a corpus of development-zone news for benchmarks, deterministic
//! for a seed: newspaper pages of several articles (UTF-8 and GB18030 text)
//! and JSONL exports, in the genre's styles: bylines of every form, stacked
//! titles, figure-dense paragraphs among prose (about as many figures and
//! mentions per thousand characters as the seed page), policy and programme names, zones and
//! companies drawn from the lexicons. Articles run 500-3,000 characters.
//!
//!     cargo run --release --example gen_corpus -- --mb 100 --seed 7 --out /tmp/corpus

use std::io::Write;
use std::path::PathBuf;
use zonekg::lexicon::Lexicon;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
    fn num(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    fn dec(&mut self, lo: u64, hi: u64) -> String {
        format!("{}.{:02}", self.num(lo, hi), self.num(0, 99))
    }
}

struct Words {
    zones: Vec<String>,
    cities: Vec<String>,
    surnames: Vec<String>,
    given: Vec<char>,
    industries: Vec<&'static str>,
    suffixes: Vec<String>,
}

const INDICATORS: &[(&str, &str)] = &[
    ("工业总产值", "亿元"),
    ("营业收入", "亿元"),
    ("地区生产总值", "亿元"),
    ("进出口总额", "亿元"),
    ("固定资产投资", "亿元"),
    ("技工贸总收入", "亿元"),
    ("规上工业增加值", "亿元"),
    ("税收收入", "亿元"),
    ("实际利用外资", "亿美元"),
    ("研发投入", "亿元"),
];
const COUNTS: &[(&str, &str)] = &[("高新技术企业", "家"), ("科技型中小企业", "家"), ("规上企业", "家"), ("重点项目", "个"), ("发明专利", "件"), ("高层次人才", "名"), ("技术合同", "项")];
const PROGRAM_HEADS: &[&str] = &["工作机制", "服务模式", "行动", "改革", "工作法", "主题活动", "工程"];
const PROGRAM_CORES: &[&str] = &["一网通办", "一件事一次办", "链长+链主", "企业吹哨、部门报到", "三服务", "四个一", "1+N", "拿地即开工", "标准地", "双百", "千企万人", "一企一策"];
const POLICY_STEMS: &[&str] = &["促进数字经济发展", "支持科技创新", "加快人才集聚", "推动制造业高质量发展", "优化营商环境", "支持企业上市", "促进生物医药产业发展", "加快新能源汽车产业发展"];
const EVENT_HEADS: &[&str] = &["重大项目集中签约活动", "项目集中开工仪式", "投资推介会", "产业发展论坛", "工作部署会", "创新创业大赛"];
const TITLES: &[&str] = &["党工委书记", "管委会主任", "管委会副主任", "党工委副书记"];

fn person(r: &mut Rng, w: &Words) -> String {
    let s = r.pick(&w.surnames).clone();
    let n = 1 + r.below(2);
    let mut out = s;
    for _ in 0..n {
        out.push(*r.pick(&w.given));
    }
    out
}

fn company(r: &mut Rng, w: &Words) -> String {
    let city = r.pick(&w.cities).clone();
    let core: String = (0..2).map(|_| *r.pick(&w.given)).collect();
    format!("{city}{core}{}{}", r.pick(&w.industries), r.pick(&w.suffixes))
}

fn byline(r: &mut Rng, w: &Words) -> String {
    let (a, b) = (person(r, w), person(r, w));
    match r.below(6) {
        0 => format!("▶ 本报特约通讯员 {a}"),
        1 => format!("本报讯(记者 {a})"),
        2 => format!("本报讯（记者 {a} 通讯员 {b}）"),
        3 => format!("○记者 {a}"),
        4 => format!("作者:{a}"),
        _ => format!("▶ {a}"),
    }
}

/// Prose without figures: the connective tissue of the genre (the seed page is
/// mostly this), built from phrase pools so no two paragraphs repeat.
fn prose(r: &mut Rng, w: &Words, zone: &str) -> String {
    const OPEN: &[&str] = &["近年来,", "今年以来,", "下一步,", "与此同时,", "在此基础上,", "据介绍,", "面对复杂严峻的外部环境,", ""];
    const VERB: &[&str] = &["坚持", "聚焦", "围绕", "立足", "紧扣", "持续深化", "全面落实", "着力推进"];
    const AIM: &[&str] = &[
        "创新驱动发展战略",
        "高质量发展首要任务",
        "产业链供应链优化升级",
        "营商环境持续优化",
        "科技创新和产业创新深度融合",
        "新型工业化",
        "开放合作",
        "人才引育",
        "数字化转型",
        "绿色低碳发展",
        "要素保障",
        "体制机制改革",
    ];
    const DO: &[&str] = &[
        "不断完善产业生态,推动主导产业集群发展",
        "加快培育新质生产力,打造具有竞争力的产业高地",
        "强化要素保障,推动重点项目早开工、早投产、早见效",
        "深化“放管服”改革,持续提升政务服务效能",
        "搭建产学研合作平台,促进科技成果就地转化",
        "健全企业服务体系,帮助企业纾困解难",
        "推动园区基础设施提档升级,提升综合承载能力",
        "引导企业加大研发投入,增强自主创新能力",
        "积极对接高校院所,引进一批高水平创新团队",
        "完善招商引资工作机制,以商招商、以链招链",
        "推进园区数字化建设,提升管理服务水平",
        "加强安全生产和生态环境保护,守牢发展底线",
    ];
    const END: &[&str] =
        &["为区域经济发展注入强劲动能。", "奋力开创园区发展新局面。", "努力在全省发展大局中走在前列。", "推动各项工作取得新成效。", "持续擦亮园区发展“金字招牌”。", "为全市高质量发展作出更大贡献。"];
    let mut p = String::new();
    for i in 0..(2 + r.below(3)) {
        let subj = if i == 0 { zone.to_string() } else { r.pick(&["园区", "该区", "管委会", "相关部门"]).to_string() };
        p.push_str(&format!("{}{subj}{}{},{},{}", r.pick(OPEN), r.pick(VERB), r.pick(AIM), r.pick(DO), r.pick(END)));
    }
    if r.below(3) == 0 {
        let ind = r.pick(&w.industries);
        p.push_str(&format!("“我们将把{ind}产业作为主攻方向,在服务企业上再加力,在优化环境上再提速。”园区相关负责人说。"));
    }
    p
}

fn paragraph(r: &mut Rng, w: &Words, zone: &str, year: u64) -> String {
    let mut p = String::new();
    // weights: about 40% of the paragraphs are prose, tuned so that figures and
    // statements per thousand characters match the seed page or exceed it
    match r.below(13) {
        0 | 1 => {
            // figure-dense
            p.push_str(&format!("{year}年,{zone}预计实现"));
            for i in 0..(2 + r.below(3)) {
                let (ind, unit) = r.pick(INDICATORS);
                if i > 0 {
                    p.push(';');
                }
                p.push_str(&format!("{ind}{}{unit},同比增长{}%", r.dec(10, 5000), r.dec(1, 30)));
            }
            let (c, u) = r.pick(COUNTS);
            p.push_str(&format!("。全年新增{c}{}{u},总数达到{}{u},占全市的{}%。", r.num(10, 900), r.num(100, 5000), r.dec(10, 80)));
        }
        2 => {
            let city = r.pick(&w.cities).clone();
            let t = r.pick(TITLES);
            p.push_str(&format!("{city}市委常委、副市长,{zone}{t}{}表示,要坚持创新驱动,加快建设一流园区,{year}年力争{}突破{}亿元。", person(r, w), r.pick(INDICATORS).0, r.num(100, 3000)));
        }
        3 => {
            let c = company(r, w);
            let proj: String = format!("{}{}项目", (0..2).map(|_| *r.pick(&w.given)).collect::<String>(), r.pick(&["智能制造基地", "研发中心", "总部", "产业园", "生产线"]));
            p.push_str(&format!("{c}总经理{}在签署{proj}协议后表示,看好{zone}的发展前景。该项目总投资{}亿元,预计年产值超{}亿元。", person(r, w), r.num(5, 200), r.num(10, 500)));
        }
        4 => {
            p.push_str(&format!(
                "{zone}相继出台《关于{}的若干措施》、{}政策{}条,深入推进“{}”{},全面推行链长制,帮助企业解决问题{}余项,兑现扶持资金{}亿元。",
                r.pick(POLICY_STEMS),
                r.pick(POLICY_STEMS),
                r.num(10, 30),
                r.pick(PROGRAM_CORES),
                r.pick(PROGRAM_HEADS),
                r.num(100, 2000),
                r.dec(1, 50)
            ));
        }
        5 => {
            p.push_str(&format!(
                "近日,{zone}举行{year}年{}，共签约项目{}个,总投资额近{}亿元。{}管委会副主任{}、{}出席活动。",
                r.pick(EVENT_HEADS),
                r.num(10, 150),
                r.num(50, 4000),
                zone,
                person(r, w),
                person(r, w)
            ));
        }
        6 => {
            p.push_str(&format!(
                "围绕“{}”目标,{zone}着力优化营商环境,推进项目审批“一窗受理”,办理业务{}件,同比增长{}%,企业满意度持续提升。园区将继续加大招商引资力度,为高质量发展提供坚强保障。",
                r.pick(PROGRAM_CORES),
                r.num(1000, 20000),
                r.dec(1, 40)
            ));
        }
        7 => {
            // one figure inside prose
            let (ind, unit) = r.pick(INDICATORS);
            p.push_str(&prose(r, w, zone));
            p.push_str(&format!("{year}年上半年,园区{ind}达到{}{unit}。", r.dec(10, 900)));
        }
        _ => p.push_str(&prose(r, w, zone)),
    }
    p
}

fn article(r: &mut Rng, w: &Words) -> (String, String, String) {
    let zone = r.pick(&w.zones).clone();
    let year = r.num(2018, 2024);
    let title = format!("{zone}{}", r.pick(&["加快高质量发展", "一季度实现开门红", "项目建设跑出加速度", "打造创新高地", "优化营商环境见实效"]));
    let mut body = String::new();
    let target = 500 + r.below(2500);
    while body.chars().count() < target {
        body.push_str(&paragraph(r, w, &zone, year));
        body.push_str("\n\n");
    }
    (title, byline(r, w), body)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    for (i, a) in args.iter().enumerate().skip(1) {
        let value_of_flag = matches!(args[i - 1].as_str(), "--mb" | "--seed" | "--out");
        if !value_of_flag && !matches!(a.as_str(), "--mb" | "--seed" | "--out") {
            eprintln!("usage: gen_corpus [--mb N] [--seed N] [--out DIR]   (unknown argument: {a})");
            std::process::exit(2);
        }
    }
    let arg = |k: &str, d: &str| args.iter().position(|a| a == k).and_then(|i| args.get(i + 1)).cloned().unwrap_or_else(|| d.to_string());
    let mb: f64 = arg("--mb", "10").parse().unwrap_or(10.0);
    let seed: u64 = arg("--seed", "7").parse().unwrap_or(7);
    let out = PathBuf::from(arg("--out", "corpus"));
    std::fs::create_dir_all(&out)?;
    let lex = Lexicon::builtin();
    let w = Words {
        zones: lex.zones.iter().flat_map(|z| std::iter::once(z.canonical.clone()).chain(z.aliases.iter().filter(|a| a.ends_with("高新区") || a.ends_with("经开区")).cloned())).collect(),
        cities: lex.places.iter().filter(|p| p.1 == "city").map(|p| p.0.clone()).collect(),
        surnames: lex.surnames.iter().filter(|s| s.chars().count() == 1).cloned().collect::<std::collections::BTreeSet<_>>().into_iter().collect(),
        given: "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红晓东海波宁文斌博浩宇欣然".chars().collect(),
        industries: vec!["科技", "智能", "新材料", "生物医药", "电子", "新能源", "信息技术", "精密制造"],
        suffixes: lex.company_suffixes.iter().filter(|s| s.ends_with("公司")).cloned().collect(),
    };
    let mut r = Rng(seed);
    let budget = (mb * 1_000_000.0) as usize;
    let (mut written, mut files, mut articles) = (0usize, 0usize, 0usize);
    let mut jsonl = Vec::new();
    while written < budget {
        match r.below(10) {
            0..=7 => {
                // a page of 3-6 articles, UTF-8 or (one in four) GB18030
                let mut page = String::new();
                for _ in 0..(3 + r.below(4)) {
                    let (t, b, body) = article(&mut r, &w);
                    page.push_str(&format!("{t}\n\n{b}\n\n{body}\n"));
                    articles += 1;
                }
                let gb = r.below(4) == 0;
                let bytes = if gb { encoding_rs::GB18030.encode(&page).0.into_owned() } else { page.into_bytes() };
                let name = format!("page_{files:06}{}.txt", if gb { "_gb" } else { "" });
                std::fs::write(out.join(name), &bytes)?;
                written += bytes.len();
                files += 1;
            }
            _ => {
                let (t, b, body) = article(&mut r, &w);
                let author: String = b.split_whitespace().last().unwrap_or("").chars().filter(|c| !"()（）:".contains(*c)).collect();
                let rec =
                    serde_json::json!({"id": format!("g{seed}-{articles}"), "title": t, "author": author, "date": format!("{}-0{}-1{}", r.num(2018, 2024), r.num(1, 9), r.num(0, 9)), "text": body});
                let line = rec.to_string() + "\n";
                written += line.len();
                jsonl.extend_from_slice(line.as_bytes());
                articles += 1;
                if jsonl.len() > 2_000_000 {
                    std::fs::write(out.join(format!("export_{files:06}.jsonl")), &jsonl)?;
                    files += 1;
                    jsonl.clear();
                }
            }
        }
    }
    if !jsonl.is_empty() {
        std::fs::write(out.join(format!("export_{files:06}.jsonl")), &jsonl)?;
        files += 1;
    }
    writeln!(std::io::stderr(), "gen_corpus: {articles} articles, {files} files, {:.1} MB in {}", written as f64 / 1e6, out.display())?;
    Ok(())
}
