//! Officials: persons after a chain of titles, with one position per title.

use super::*;
use std::ops::Range;

/// Words that may follow a name.
const FOLLOWERS: &[&str] = &[
    "表示", "介绍", "说", "指出", "强调", "认为", "提出", "在", "出席", "参加", "主持", "会见", "调研", "带队", "一行", "等", "同志", "称", "透露", "讲话", "致辞", "宣布", "率", "陪同", "和", "与",
    "及", "告诉", "坦言", "接受", "对", "也", "还", "就", "先后", "到", "来", "为", "向", "共同", "分别", "一同", "已", "则", "代表", "听取", "深入", "前往", "走访", "实地", "作", "发言", "发表",
    "以及", "出任", "担任", "兼任", "现场", "当选", "同志", "先生", "女士", "出任", "担任", "接任", "兼任", "连连", "连声", "直言", "感叹", "感慨", "笑言", "宣读", "主持", "致", "详细", "带领",
    "率领", "看望", "考察", "视察", "检查", "督导", "见证", "签约", "签署", "揭牌", "指导", "围绕", "\n", "、", ",", "。", ":", "(", ")", "”", " ", ";", "!", "?",
];
/// Speech and presence verbs after an honorific title (王建国书记强调).
const SPEECH: &[&str] = &["表示", "介绍", "说", "指出", "强调", "认为", "提出", "称", "透露", "讲话", "致辞", "要求", "主持", "出席", "调研", "带队", "一行"];

/// A title with no body of its own that shares its head with the post
/// before it in the sentence takes that post's body (主任A、副主任B).
fn shared_heads(a: &Article, positions: &mut [PositionM]) {
    // the posts with a body, by sentence (a sentence is short; the article may not be)
    let mut by_sentence: HashMap<usize, Vec<(usize, String, Option<Target>)>> = HashMap::new();
    for p in positions.iter().filter(|p| p.org.is_some()) {
        by_sentence.entry(a.sentence_of(p.range.start)).or_default().push((p.range.start, p.title.clone(), p.org));
    }
    for p in positions.iter_mut().filter(|p| p.org.is_none()) {
        let head: String = p.title.chars().rev().take(2).collect::<Vec<_>>().into_iter().rev().collect();
        let prev = by_sentence.get(&a.sentence_of(p.range.start)).into_iter().flatten().filter(|(start, t, _)| *start < p.range.start && t.ends_with(&head)).max_by_key(|(start, _, _)| *start);
        if let Some((_, _, org)) = prev {
            p.org = *org;
        }
    }
}

/// The segments of a title chain ending at `end`, separated by 、 , or 兼, going left (at most six).
fn chain_segments(text: &str, end: usize) -> Vec<Range<usize>> {
    let mut segs: Vec<Range<usize>> = Vec::new();
    let mut seg_end = end;
    loop {
        let mut s = seg_end;
        for (i, c) in text[..seg_end].char_indices().rev() {
            if matches!(c, '、' | ',' | ';' | ':' | '。' | '\n' | '“' | '”' | '!' | '?' | ' ' | '兼') {
                break;
            }
            s = i;
        }
        segs.push(s..seg_end);
        if s == 0 {
            break;
        }
        let delim = text[..s].chars().next_back();
        if !matches!(delim, Some('、') | Some(',') | Some('兼')) || segs.len() >= 6 {
            break;
        }
        seg_end = s - delim.map(|c| c.len_utf8()).unwrap_or(1);
    }
    segs
}

/// Titles with no body of their own take the body of the title before them
/// when it is a place (佛山市委常委、常务副市长) or when they imply none;
/// else the body they imply (市委常委、副市长: 市委, 市政府).
fn fill_bodies(out: &mut [(String, Option<Target>, Range<usize>)], implied_of: &[Option<(Range<usize>, String)>], ms: &mut Vec<Mention>, iv: &mut Intervals) {
    for i in 0..out.len() {
        if out[i].1.is_some() {
            continue;
        }
        let prev = if i > 0 { out[i - 1].1 } else { None };
        let prev_place = matches!(prev, Some(Target::Mention(j)) if ms[j].kind == Kind::Place);
        out[i].1 = match &implied_of[i] {
            Some((r, body)) if !prev_place => Some(Target::Mention(push_implied_body(ms, iv, r.clone(), body))),
            _ => prev,
        };
    }
}

impl Extractor {
    /// A name (surname + one to three characters) at the start of `after`,
    /// followed by one of `followers`; returns its byte length.
    fn name_at(&self, after: &str, followers: &[&str]) -> Option<usize> {
        let chars: Vec<char> = after.chars().take(5).collect();
        for len in [3usize, 2, 4] {
            if chars.len() < len || !chars[..len].iter().all(|c| is_han(*c)) {
                continue;
            }
            // 刘刚说: a third character that starts the verb after a two-character name
            if len == 3 && "说在和与等也还就对为向到来称率则已作".contains(chars[2]) {
                continue;
            }
            let cand: String = chars[..len].iter().collect();
            let s1: String = chars[..1].iter().collect();
            let s2: String = chars[..2].iter().collect();
            let surname_ok = self.lex.surnames.contains(&s1) || (len >= 3 && self.lex.surnames.contains(&s2));
            if !surname_ok || (len == 4 && !self.lex.surnames.contains(&s2)) {
                continue;
            }
            let rest = &after[cand.len()..];
            if rest.is_empty() || followers.iter().any(|f| rest.starts_with(f)) {
                // a title word or a common word is not a name (主任科员, 王牌)
                if self.titles.iter().any(|t| cand.starts_with(t.as_str())) || self.lex.generic.contains(&cand) {
                    continue;
                }
                return Some(cand.len());
            }
        }
        None
    }

    /// A two-character name written with a space in a list (缪 京) ending its line.
    fn spaced_name_at(&self, after: &str) -> Option<usize> {
        let mut it = after.char_indices();
        let (_, a) = it.next()?;
        let (_, sp) = it.next()?;
        let (_, b) = it.next()?;
        let end = it.next().map(|(i, _)| i).unwrap_or(after.len());
        let tail = &after[end..];
        let closed = tail.is_empty() || tail.starts_with(['\n', '\r']);
        (is_han(a) && matches!(sp, ' ' | '\u{3000}') && is_han(b) && closed && self.lex.surnames.contains(&a.to_string())).then_some(end)
    }

    /// Officials: title chains before a name (市委常委、常务副市长,高新区党工委书记X),
    /// several names sharing the chain (管委会副主任A、B、C), and the
    /// honorific order (X书记强调).
    pub(super) fn persons(&self, a: &Article, ms: &mut Vec<Mention>, positions: &mut Vec<PositionM>) {
        let text = a.clean.text.as_str();
        let title_hits: Vec<WordHit> = self.title_words.find_iter(text).collect();
        let mut taken = Intervals::default();
        // every mention, for the lookups of the title chains
        let mut every = Intervals::default();
        let not_place = |m: &Mention| m.kind != Kind::Place;
        for (names, tr) in self.titled_names(text, &title_hits) {
            let chain = self.title_chain(text, tr.end, ms, &mut every);
            for nr in names {
                if taken.catch_up(ms, not_place).any_overlap(&nr) {
                    continue;
                }
                ms.push(simple(Kind::Person, nr.clone(), text[nr.clone()].to_string(), "person.title_name", 0.85));
                let holder = ms.len() - 1;
                for (title, org, range) in &chain {
                    // the span runs from the title (and its body) to the holder's name
                    positions.push(PositionM { holder, title: title.clone(), org: *org, range: range.start..nr.end, rule: "position.title_chain", confidence: 0.85 });
                }
            }
        }
        shared_heads(a, positions);
        self.member_lists(text, ms, positions);
        self.leader_lists(text, ms);
        self.honorific_names(text, &title_hits, ms, positions, &mut taken);
    }

    /// Names after a title (or a chain of titles): (name ranges, title range).
    fn titled_names(&self, text: &str, title_hits: &[WordHit]) -> Vec<(Vec<Range<usize>>, Range<usize>)> {
        let mut found: Vec<(Vec<Range<usize>>, Range<usize>)> = Vec::new();
        for &m in title_hits {
            // a remark in brackets between the title and the name: 常务副主任(主持工作)赵文斌
            let mut name_start = m.end();
            // a list: 组长:X, 副市长 彭沉雷
            let gap = text[m.end()..].len() - text[m.end()..].trim_start_matches([':', ':', ' ', '\u{3000}']).len();
            if gap > 0 && gap <= 4 {
                name_start += gap;
            }
            // 管委会主任由张东出任: the name after 由, an appointing verb after it
            if let Some(rest) = text[name_start..].strip_prefix('由') {
                if let Some(l) = self.name_at(rest, FOLLOWERS) {
                    if ["出任", "担任", "接任", "兼任"].iter().any(|v| rest[l..].starts_with(v)) {
                        name_start += '由'.len_utf8();
                    }
                }
            }
            if let Some(rest) = text[name_start..].strip_prefix('(') {
                if let Some(close) = rest.find(')') {
                    if rest[..close].chars().count() <= 8 {
                        name_start = m.end() + 1 + close + 1;
                    }
                }
            }
            let Some(nl) = self.name_at(&text[name_start..], FOLLOWERS).or_else(|| self.spaced_name_at(&text[name_start..])) else { continue };
            let mut names: Vec<Range<usize>> = Vec::with_capacity(2);
            names.push(name_start..name_start + nl);
            // 管委会副主任A、B、C: more names sharing the title
            let mut at = name_start + nl;
            while text[at..].starts_with('、') {
                let next = at + '、'.len_utf8();
                match self.name_at(&text[next..], FOLLOWERS) {
                    Some(l) => {
                        names.push(next..next + l);
                        at = next + l;
                    }
                    None => break,
                }
            }
            found.push((names, m.range()));
        }
        found
    }

    /// The honorific order: 王建国书记强调 (the name before a bare title, a speech verb after).
    fn honorific_names(&self, text: &str, title_hits: &[WordHit], ms: &mut Vec<Mention>, positions: &mut Vec<PositionM>, taken: &mut Intervals) {
        for &m in title_hits {
            if !SPEECH.iter().any(|v| text[m.end()..].starts_with(v)) {
                continue;
            }
            let before: String = text[..m.start()].chars().rev().take_while(|c| is_han(*c)).take(4).collect::<Vec<_>>().into_iter().rev().collect();
            for len in [3usize, 2] {
                let n = before.chars().count();
                if n < len {
                    continue;
                }
                let cand: String = before.chars().skip(n - len).collect();
                let start = m.start() - cand.len();
                // the name must start the clause or follow a boundary word
                let lead: String = before.chars().take(n - len).collect();
                let clause_start = lead.is_empty() || ["据", "由", "在", "对", "和", "与"].iter().any(|w| lead.ends_with(w));
                if !clause_start || self.name_at(&text[start..], &[m.as_str()]).is_none() {
                    continue;
                }
                if taken.catch_up(ms, |x| x.kind != Kind::Place).any_overlap(&(start..m.end())) {
                    break;
                }
                ms.push(simple(Kind::Person, start..m.start(), cand.clone(), "person.name_title", 0.75));
                let holder = ms.len() - 1;
                let org = if m.as_str().contains("党工委") || m.as_str().contains("管委会") { Some(Target::ArticleZone) } else { None };
                positions.push(PositionM { holder, title: m.as_str().to_string(), org, range: start..m.end(), rule: "position.name_title", confidence: 0.7 });
                break;
            }
        }
    }

    /// Officials named in a list without their posts: `A、B、C等市领导出席`,
    /// `A、B等领导参加`. Each item must read as a name (a known surname, two
    /// or three characters).
    fn leader_lists(&self, text: &str, ms: &mut Vec<Mention>) {
        static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let re = RE.get_or_init(|| regex::Regex::new(r"((?:[\p{Han}]{2,3}、)+[\p{Han}]{2,3})等(?:省|市|区|县|州|园区|有关)?(?:领导|负责同志|领导同志)").expect("leader list regex"));
        let mut taken = Intervals::default();
        for c in captures_near(re, text, |s| s.contains('、') && (s.contains("领导") || s.contains("负责同志"))) {
            let Some(list) = c.get(1) else { continue };
            let mut items = Vec::new();
            let mut at = list.start();
            for part in list.as_str().split('、') {
                items.push(at..at + part.len());
                at += part.len() + '、'.len_utf8();
            }
            // the first item may carry the words before the list: keep its last two or three characters as the name
            let is_name = |n: &str| {
                let k = n.chars().count();
                (2..=3).contains(&k) && (self.lex.surnames.contains(&n.chars().take(1).collect::<String>()) || self.lex.surnames.contains(&n.chars().take(2).collect::<String>()))
            };
            if let Some(first) = items.first_mut() {
                let name = &text[first.clone()];
                if !is_name(name) {
                    let tail3: String = name.chars().rev().take(3).collect::<Vec<_>>().into_iter().rev().collect();
                    let tail2: String = name.chars().rev().take(2).collect::<Vec<_>>().into_iter().rev().collect();
                    if is_name(&tail3) && name.chars().count() > 3 {
                        first.start = first.end - tail3.len();
                    } else if is_name(&tail2) {
                        first.start = first.end - tail2.len();
                    }
                }
            }
            if !items.iter().all(|r| is_name(&text[r.clone()])) {
                continue;
            }
            for r in items {
                if taken.catch_up(ms, |_| true).any_overlap(&r) {
                    continue;
                }
                ms.push(simple(Kind::Person, r.clone(), text[r].to_string(), "person.leader_list", 0.7));
            }
        }
    }

    /// A notice's list of members (组长:X / 主 任:副市长 Y / 成 员:…): each person
    /// on a line under a role label holds that role in the body the notice sets
    /// up (成立X领导小组, 设立X管理委员会), the label carrying on to the lines
    /// below it until the next label or the end of the list.
    fn member_lists(&self, text: &str, ms: &mut Vec<Mention>, positions: &mut Vec<PositionM>) {
        const ROLES: &[&str] = &["组长", "副组长", "主任", "副主任", "常务副主任", "成员", "委员", "秘书长", "副秘书长", "召集人", "副召集人", "总指挥", "副总指挥", "指挥长", "副指挥长"];
        static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let re = RE.get_or_init(|| regex::Regex::new(r"(?:成立|设立|组建|调整)([^,，。;；“”\n:：、]{2,40}?(?:管理委员会|委员会|工作领导小组|领导小组|工作小组|指挥部|工作专班))").expect("body regex"));
        let mut role: Option<String> = None;
        // the body the notice sets up: looked for once, at the first list line
        let mut body: Option<Option<usize>> = None;
        let mut line_start = 0;
        for line in text.split('\n') {
            let ls = line_start;
            line_start += line.len() + 1;
            // a label: the role, perhaps spaced (主 任), then a colon
            let label = line.char_indices().take(10).find(|(_, c)| *c == ':' || *c == '：').map(|(i, c)| (line[..i].chars().filter(|c| !c.is_whitespace()).collect::<String>(), i + c.len_utf8()));
            let rest_at = match label {
                Some((l, after)) if ROLES.contains(&l.as_str()) => {
                    role = Some(l);
                    ls + after
                }
                _ if role.is_some() && crate::text::ends_with_listed_name(line) => ls,
                _ => {
                    role = None;
                    continue;
                }
            };
            let Some(r) = role.clone() else { continue };
            if body.is_none() {
                body = Some(re.captures_iter(&text[..ls]).last().and_then(|c| c.get(1)).map(|g| {
                    let range = g.range();
                    match ms.iter().position(|m| m.range == range && matches!(m.kind, Kind::Organization | Kind::Company)) {
                        Some(i) => i,
                        None => {
                            ms.push(simple(Kind::Organization, range.clone(), text[range].to_string(), "org.established_body", 0.75));
                            ms.len() - 1
                        }
                    }
                }));
            }
            let holders: Vec<usize> = ms.iter().enumerate().filter(|(_, m)| m.kind == Kind::Person && m.range.start >= rest_at && m.range.end <= ls + line.len()).map(|(i, _)| i).collect();
            for h in holders {
                if positions.iter().any(|p| p.holder == h && p.title == r) {
                    continue;
                }
                positions.push(PositionM { holder: h, title: r.clone(), org: body.flatten().map(Target::Mention), range: rest_at..ms[h].range.end, rule: "position.member_list", confidence: 0.8 });
            }
        }
    }

    /// Parses `…、…,…TITLE` ending at `end` into (title, org, range) from left to right.
    /// A body written before a title that no extractor named (省商务厅副厅长,
    /// 市政协副主席) and a body a title names by itself (副市长 → 市政府) become
    /// organisation mentions pushed onto `ms`.
    fn title_chain(&self, text: &str, end: usize, ms: &mut Vec<Mention>, iv: &mut Intervals) -> Vec<(String, Option<Target>, Range<usize>)> {
        let segs = chain_segments(text, end);
        let mut out: Vec<(String, Option<Target>, Range<usize>)> = Vec::new();
        let mut implied_of: Vec<Option<(Range<usize>, String)>> = Vec::new();
        for (k, seg) in segs.iter().enumerate() {
            let st = &text[seg.clone()];
            let Some(title) = self.titles.iter().find(|t| st.ends_with(t.as_str())) else { break };
            // modifiers written before a title belong to it: 常务副部长, 党组副书记, 二级巡视员
            let mut title_start = seg.end - title.len();
            'absorb: loop {
                for md in TITLE_MODIFIERS {
                    if text[seg.start..title_start].ends_with(md) && !text[title_start..seg.end].starts_with(md) {
                        title_start -= md.len();
                        continue 'absorb;
                    }
                }
                break;
            }
            let prefix_end = title_start;
            let title_s = text[title_start..seg.end].to_string();
            let prefix = &text[seg.start..prefix_end];
            let org = self.title_body(text, seg, prefix_end, ms, iv);
            let mut start = title_start;
            // a segment with words before its title and body starts the chain
            // (市委书记X与市委副书记、市长Y): after a 、 it is taken, then the chain stops
            let after_list = k > 0 && matches!(text[seg.end..].chars().next(), Some('、') | Some('兼'));
            let mut last = false;
            let mut org_t = org.map(|(i, _)| Target::Mention(i));
            if let Some((_, os)) = org {
                if os > seg.start {
                    if k > 0 && !after_list {
                        break;
                    }
                    last = true;
                }
                start = os;
            } else if !prefix.is_empty() {
                // X市委常委: the place is written inside the title word
                let pe = iv.catch_up(ms, |_| true).starting_in(seg.start..prefix_end).into_iter().map(|i| (i, &ms[i])).find(|(_, m)| m.kind == Kind::Place && m.range.end > prefix_end);
                if let Some((i, m)) = pe {
                    org_t = Some(Target::Mention(i));
                    start = m.range.start;
                } else if let Some(r) = self.place_prefix(text, seg.start, prefix_end, &title_s) {
                    // 崇明区委副书记, 阳新县县长: a place the lexicon does not know
                    start = r.start;
                    last = r.start > seg.start || (k > 0 && !after_list);
                    org_t = Some(Target::Mention(push_place(ms, iv, text, r)));
                } else if let Some(bs) = self.body_before(text, seg.start, prefix_end, k > 0 && !after_list) {
                    org_t = Some(Target::Mention(push_body(ms, iv, text, bs..prefix_end)));
                    start = bs;
                    last = bs > seg.start;
                } else if k > 0 && !after_list {
                    break;
                } else {
                    last = true;
                }
            }
            if org_t.is_none() && (title_s.contains("党工委") || title_s.contains("管委会") || title_s.contains("工委") || self.lex.zone_refs.iter().any(|z| title_s.starts_with(z.as_str()))) {
                org_t = Some(Target::ArticleZone);
            }
            // a title that names its own body: 副市长 → 市政府, 市委常委 → 市委
            let implied = if org_t.is_none() { self.lex.title_bodies.get(title_s.as_str()).or_else(|| self.lex.title_bodies.get(title.as_str())) } else { None };
            implied_of.push(implied.map(|b| (title_start..seg.end, b.clone())));
            out.push((title_s, org_t, start..seg.end));
            if last {
                break;
            }
        }
        out.reverse();
        implied_of.truncate(out.len());
        implied_of.reverse();
        fill_bodies(&mut out, &implied_of, ms, iv);
        out
    }

    /// The body a title in segment `seg` belongs to: an entity ending where
    /// the title's prefix ends (or before a 的), widened over a 省/市/区/县
    /// written before a body the lexicon knows (省发展改革委): (mention, start).
    fn title_body(&self, text: &str, seg: &Range<usize>, prefix_end: usize, ms: &mut Vec<Mention>, iv: &mut Intervals) -> Option<(usize, usize)> {
        // the body the title belongs to: an entity ending where the title starts
        let ending = |iv: &mut Intervals, ms: &[Mention], end: usize| iv.catch_up(ms, |_| true).ending_at(end);
        let org = ending(iv, ms, prefix_end)
            .into_iter()
            .map(|i| (i, &ms[i]))
            .filter(|(_, m)| m.range.start >= seg.start && matches!(m.kind, Kind::Zone | Kind::Company | Kind::Organization | Kind::Place))
            .min_by_key(|(_, m)| m.range.start)
            .map(|(i, m)| (i, m.range.start))
            // a company's or body's post written with 的 (X有限公司的总裁李海)
            .or_else(|| {
                let de = text[..prefix_end].strip_suffix('的')?.len();
                ending(iv, ms, de)
                    .into_iter()
                    .map(|i| (i, &ms[i]))
                    .filter(|(_, m)| m.range.start >= seg.start && matches!(m.kind, Kind::Company | Kind::Organization) && m.rule != "org.title_body")
                    .min_by_key(|(_, m)| m.range.start)
                    .map(|(i, m)| (i, m.range.start))
            });
        // 省发展改革委: a body the lexicon knows, written after 省/市/区/县
        org.map(|(i, os)| {
            let extra = &text[seg.start.max(os.saturating_sub(9))..os];
            match ["自治区", "省", "市", "区", "县", "州"].iter().find(|x| extra.ends_with(**x)) {
                Some(x) if ms[i].kind == Kind::Organization && !text[..os - x.len()].ends_with(|c: char| is_han(c) && os - x.len() > seg.start) => {
                    (push_body(ms, iv, text, os - x.len()..prefix_end), os - x.len())
                }
                _ => (i, os),
            }
        })
    }

    /// A place the lexicon does not know, written as the whole segment before
    /// a title of its level: `崇明` before 区委副书记 and `阳新县` before 县长
    /// give the places 崇明区 and 阳新县, the body of the post.
    fn place_prefix(&self, text: &str, seg_start: usize, prefix_end: usize, title: &str) -> Option<Range<usize>> {
        let mut seg_start = seg_start;
        // the run of name characters back to a particle or a verb (出席的有阳新县委书记)
        if let Some((i, c)) = text[seg_start..prefix_end].char_indices().rev().find(|(_, c)| "的有是为和与及同在由对向将从".contains(*c) || !is_han(*c)) {
            seg_start += i + c.len_utf8();
        }
        if let Some(v) = self.verb_ac.find_iter(&text[seg_start..prefix_end]).last() {
            seg_start += v.end();
        }
        let prefix = &text[seg_start..prefix_end];
        let n = prefix.chars().count();
        if !(2..=5).contains(&n) || prefix.starts_with(['该', '本', '全', '各', '我', '原', '两', '副']) {
            return None;
        }
        if self.verb_ac.is_match(prefix) || self.is_generic_stem(prefix) {
            return None;
        }
        let bare = title.trim_start_matches("常务").trim_start_matches('副');
        let level = bare.chars().next().filter(|c| "区县市州旗".contains(*c))?;
        if prefix.ends_with(level) {
            // 阳新县县长, 崇明区副区长
            return Some(seg_start..prefix_end);
        }
        if n > 3 || "区县市州旗省".contains(prefix.chars().last()?) || !title.starts_with(level) {
            return None;
        }
        Some(seg_start..prefix_end + level.len_utf8())
    }

    /// The start of a body written right before a title (`text[..prefix_end]`
    /// ends with a body head): the whole segment when `whole`, else the run of
    /// name characters back to a particle or a verb.
    fn body_before(&self, text: &str, seg_start: usize, prefix_end: usize, whole: bool) -> Option<usize> {
        let prefix = &text[seg_start..prefix_end];
        let head = self.lex.body_heads.iter().filter(|h| prefix.ends_with(h.as_str())).max_by_key(|h| h.len())?;
        let mut start = prefix_end;
        for (n, (i, c)) in prefix.char_indices().rev().enumerate() {
            let ok = is_han(c) || c.is_ascii_alphanumeric() || matches!(c, '(' | ')');
            if !ok || n >= 20 || (!whole && "与和及同在由是任为的对向将从".contains(c)) {
                break;
            }
            start = seg_start + i;
        }
        if whole && start != seg_start {
            return None;
        }
        // a verb inside the run ends the junk before the body (出席的市商务局 → 市商务局)
        if !whole {
            start = self.cut_at_verb_n(text, start, prefix_end, head.chars().count() + 1, &[], 2);
        }
        let body = &text[start..prefix_end];
        (body.chars().count() > head.chars().count() && body.chars().count() >= 2).then_some(start)
    }
}

/// Modifiers written before a title that belong to it.
const TITLE_MODIFIERS: &[&str] = &["常务", "专职", "执行", "党组", "二级", "一级", "副"];

/// An organisation mention for a body written in the text (reused when one
/// already covers the range).
fn push_body(ms: &mut Vec<Mention>, iv: &mut Intervals, text: &str, r: Range<usize>) -> usize {
    if let Some(i) = iv.catch_up(ms, |_| true).ending_at(r.end).into_iter().find(|&i| ms[i].range == r && matches!(ms[i].kind, Kind::Organization | Kind::Company)) {
        return i;
    }
    let name = text[r.clone()].to_string();
    let kind = if name.ends_with("公司") || name.ends_with("集团") { Kind::Company } else { Kind::Organization };
    ms.push(simple(kind, r, name, "org.title_prefix", 0.75));
    ms.len() - 1
}

/// A place mention for a place written before a title (reused when one
/// already covers the range).
fn push_place(ms: &mut Vec<Mention>, iv: &mut Intervals, text: &str, r: Range<usize>) -> usize {
    if let Some(i) = iv.catch_up(ms, |_| true).ending_at(r.end).into_iter().find(|&i| ms[i].range == r && ms[i].kind == Kind::Place) {
        return i;
    }
    ms.push(simple(Kind::Place, r.clone(), text[r].to_string(), "place.title_prefix", 0.7));
    ms.len() - 1
}

/// An organisation mention for the body a title implies (副市长 → 市政府); its
/// span is the title that implies it.
fn push_implied_body(ms: &mut Vec<Mention>, iv: &mut Intervals, r: Range<usize>, body: &str) -> usize {
    if let Some(i) = iv.catch_up(ms, |_| true).ending_at(r.end).into_iter().find(|&i| ms[i].range == r && ms[i].rule == "org.title_body") {
        return i;
    }
    ms.push(simple(Kind::Organization, r, body.to_string(), "org.title_body", 0.7));
    ms.len() - 1
}

#[cfg(test)]
mod tests {
    #[test]
    fn table() {
        super::super::table::check_persons(include_str!("../../tests/cases/person.tsv"), "person.tsv");
    }
}
