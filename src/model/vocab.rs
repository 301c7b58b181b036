//! The vocabulary, declared once: namespaces, every class, relation and
//! datatype property with its IRI (local name), Chinese and English label,
//! IRI slug and palette colour. The extractors' [`Kind`] and [`Rel`], the
//! RDF mapping, the entity view, the property-graph exports, render and
//! the ontology file (`ontology/zonekg.ttl`, checked against this table by
//! a test) all read it: a new entity kind or relation is one entry here plus
//! its extractor.

pub const ZKG: &str = "https://w3id.org/zonekg/ontology#";
/// The base of every node IRI zonekg mints (articles, entities, posts, figures).
pub const ID: &str = "https://w3id.org/zonekg/id/";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";

/// The prefixes every Turtle-like output and every query knows.
pub const PREFIXES: &[(&str, &str)] = &[("zkg", ZKG), ("rdf", RDF), ("rdfs", RDFS), ("skos", SKOS), ("dcterms", DCTERMS), ("xsd", XSD), ("owl", OWL), ("prov", PROV)];

/// The families of node IRIs (`{ID}{segment}/…`) and the prefix each has in
/// Turtle and TriG (`zone:沈阳高新区`, `article:a1\#char\=0\,5`): the
/// union formats name millions of nodes, and a prefix is a third of an IRI.
pub const ID_FAMILIES: &[(&str, &str)] = &[
    ("zone", "zone"),
    ("site", "site"),
    ("person", "person"),
    ("organization", "org"),
    ("policy", "policy"),
    ("event", "event"),
    ("place", "place"),
    ("position", "position"),
    ("observation", "observation"),
    ("article", "article"),
    ("rule", "rule"),
];

/// The prefix name of an IRI family's segment (`org` → `organization`).
pub fn id_prefix(segment: &str) -> Option<&'static str> {
    ID_FAMILIES.iter().find(|(_, s)| *s == segment).map(|(p, _)| *p)
}

/// [`PREFIXES`] and the [`ID_FAMILIES`], as the Turtle-like outputs declare them.
pub fn turtle_prefixes() -> Vec<(&'static str, String)> {
    let mut v: Vec<(&str, String)> = PREFIXES.iter().map(|(p, ns)| (*p, ns.to_string())).collect();
    v.extend(ID_FAMILIES.iter().map(|(p, s)| (*p, format!("{ID}{s}/"))));
    v
}

/// Full IRIs of the terms the mapping writes, as constants.
pub mod iri {
    macro_rules! zkg {
        ($($name:ident = $local:literal),* $(,)?) => { $(pub const $name: &str = concat!("https://w3id.org/zonekg/ontology#", $local);)* };
    }
    zkg!(
        SENTENCE = "sentence",
        RULE = "rule",
        RULE_CLASS = "Rule",
        CONFIDENCE = "confidence",
        ARTICLE = "Article",
        SOURCE = "source",
        TEXT = "text",
        DATELINE = "dateline",
        MENTIONS = "mentions",
        POSITION = "Position",
        TITLE = "title",
        OBSERVATION = "Observation",
        INDICATOR = "indicator",
        VALUE = "value",
        UNIT = "unit",
        GROWTH = "growthRate",
        PERIOD = "period",
        QUALIFIER = "qualifier",
        SHARE = "share",
        REFERS_TO = "refersTo",
        RESOLUTION = "resolution",
        ORGANIZATION_CLASS = "Organization",
        ZONE_CLASS = "Zone",
    );
    pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    pub const RDF_SUBJECT: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject";
    pub const RDF_PREDICATE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate";
    pub const RDF_OBJECT: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#object";
    pub const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
    pub const SKOS_ALT: &str = "http://www.w3.org/2004/02/skos/core#altLabel";
    pub const DC_TITLE: &str = "http://purl.org/dc/terms/title";
    pub const DC_IDENTIFIER: &str = "http://purl.org/dc/terms/identifier";
    pub const DC_CREATOR: &str = "http://purl.org/dc/terms/creator";
    pub const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
    pub const XSD_DECIMAL: &str = "http://www.w3.org/2001/XMLSchema#decimal";
    pub const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
}

/// A class of the ontology.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    /// local name in the zkg namespace
    pub local: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// the zkg class it is a subclass of, if any
    pub parent: Option<&'static str>,
    /// the class it is drawn and counted as (its colour's class)
    pub core: &'static str,
    /// the path segment of its IRIs (entities) or of its mentions' IRIs
    pub slug: &'static str,
    /// an entity class (a node of the entity view), as against posts,
    /// figures and provenance
    pub entity: bool,
    /// palette colour (Tableau 10 and two more), for the classes drawn in their own colour
    pub colour: Option<(u8, u8, u8)>,
}

const fn class(local: &'static str, zh: &'static str, en: &'static str, slug: &'static str, colour: (u8, u8, u8)) -> Class {
    Class { local, zh, en, parent: None, core: local, slug, entity: true, colour: Some(colour) }
}

const fn subclass(local: &'static str, zh: &'static str, en: &'static str, parent: &'static str) -> Class {
    Class { local, zh, en, parent: Some(parent), core: parent, slug: "", entity: true, colour: None }
}

/// Every zkg class. The first ten are the extractors' [`Kind`]s in their
/// order; the classes with a colour, in order, are the palette.
pub const CLASSES: &[Class] = &[
    class("Zone", "园区", "Development zone", "zone", (0xE1, 0x57, 0x59)),
    class("Park", "分园", "Park", "park", (0xF2, 0x8E, 0x2B)),
    class("Person", "人物", "Person", "person", (0x4E, 0x79, 0xA7)),
    class("Organization", "机构", "Organization", "org", (0x76, 0xB7, 0xB2)),
    // a subclass of Organization in the ontology, drawn in its own colour
    Class { parent: Some("Organization"), ..class("Company", "企业", "Company", "company", (0x59, 0xA1, 0x4F)) },
    class("Project", "项目", "Project", "project", (0xED, 0xC9, 0x48)),
    class("Policy", "政策", "Policy", "policy", (0xB0, 0x7A, 0xA1)),
    class("Program", "工作机制", "Programme", "program", (0xFF, 0x9D, 0xA7)),
    class("Event", "活动", "Event", "event", (0x9C, 0x75, 0x5F)),
    class("Place", "地点", "Place", "place", (0xBA, 0xB0, 0xAC)),
    Class { entity: false, ..class("Position", "职务", "Position", "position", (0x8C, 0xD1, 0x7D)) },
    Class { entity: false, ..class("Observation", "统计指标", "Observation", "observation", (0xD4, 0xA6, 0xC8)) },
    subclass("HighTechZone", "高新区", "High-tech zone", "Zone"),
    subclass("EconomicDevelopmentZone", "经开区", "Economic-technological development zone", "Zone"),
    subclass("FreeTradeZone", "自贸区", "Free trade zone", "Zone"),
    subclass("NewArea", "新区", "New area", "Zone"),
    subclass("GovernmentBody", "党政机关", "Government or party body", "Organization"),
    subclass("PublicInstitution", "事业单位", "Public institution", "Organization"),
    subclass("SocialOrganization", "社会组织", "Social organization", "Organization"),
    Class { local: "Article", zh: "新闻报道", en: "News article", parent: None, core: "Article", slug: "article", entity: false, colour: None },
    Class { local: "Mention", zh: "提及", en: "Mention", parent: None, core: "Mention", slug: "mention", entity: false, colour: None },
    Class { local: "Sentence", zh: "句子", en: "Sentence", parent: None, core: "Sentence", slug: "", entity: false, colour: None },
    Class { local: "Rule", zh: "抽取规则", en: "Extraction rule", parent: None, core: "Rule", slug: "rule", entity: false, colour: None },
];

/// The class with this local name.
pub fn class_of(local: &str) -> Option<&'static Class> {
    CLASSES.iter().find(|c| c.local == local)
}

/// The core class a node is drawn as (subclasses fold into their core
/// class; "Entity" for what the vocabulary does not know).
pub fn core_class(local: &str) -> &'static str {
    class_of(local).filter(|c| c.colour.is_some() || c.parent.is_some()).map(|c| c.core).unwrap_or("Entity")
}

/// The palette: the classes drawn in their own colour, in legend order.
pub fn palette() -> impl Iterator<Item = &'static Class> {
    CLASSES.iter().filter(|c| c.colour.is_some())
}

/// The colour of a class (grey for what the palette does not know).
pub fn colour(local: &str) -> (u8, u8, u8) {
    class_of(core_class(local)).and_then(|c| c.colour).unwrap_or((0x79, 0x70, 0x6E))
}

/// An object property of the ontology.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relation {
    pub local: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// drawn as an edge of the entity view (its Neo4j type is the local name in upper snake case)
    pub edge: bool,
}

const fn rel(local: &'static str, zh: &'static str, en: &'static str, edge: bool) -> Relation {
    Relation { local, zh, en, edge }
}

/// Every zkg object property. The first five are the extractors' [`Rel`]s in their order.
pub const RELATIONS: &[Relation] = &[
    rel("partOf", "隶属", "part of", true),
    rel("locatedIn", "位于", "located in", true),
    rel("investor", "投资方", "investor", true),
    rel("issuedBy", "发布方", "issued by", true),
    rel("organizedBy", "主办方", "organized by", true),
    rel("holder", "任职者", "holder", true),
    rel("organization", "任职机构", "organization", true),
    rel("observedFor", "统计对象", "observed for", true),
    rel("mentions", "提及", "mentions", false),
    rel("refersTo", "指向", "refers to", false),
    rel("sentence", "所在句子", "sentence", false),
    rel("rule", "规则", "rule", false),
];

/// The relation with this local name.
pub fn relation_of(local: &str) -> Option<&'static Relation> {
    RELATIONS.iter().find(|r| r.local == local)
}

/// A datatype property of the ontology.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Property {
    pub local: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// the XSD datatype of its values (local name)
    pub range: &'static str,
}

const fn prop(local: &'static str, zh: &'static str, en: &'static str, range: &'static str) -> Property {
    Property { local, zh, en, range }
}

/// Every zkg datatype property.
pub const PROPERTIES: &[Property] = &[
    prop("title", "职务名称", "title", "string"),
    prop("indicator", "指标", "indicator", "string"),
    prop("value", "数值", "value", "decimal"),
    prop("unit", "单位", "unit", "string"),
    prop("growthRate", "增长率", "growth rate", "decimal"),
    prop("period", "统计期", "period", "string"),
    prop("qualifier", "修饰", "qualifier", "string"),
    prop("share", "占比", "share", "decimal"),
    prop("source", "来源文件", "source", "string"),
    prop("text", "正文", "text", "string"),
    prop("dateline", "电头日期", "dateline", "string"),
    prop("anchorOf", "原文", "anchor text", "string"),
    prop("confidence", "置信度", "confidence", "decimal"),
    prop("resolution", "消解依据", "resolution", "string"),
];

/// The kinds of entity the extractors find: the first ten [`CLASSES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Zone,
    Park,
    Person,
    Organization,
    Company,
    Project,
    Policy,
    Program,
    Event,
    Place,
}

impl Kind {
    pub const ALL: [Kind; 10] = [Kind::Zone, Kind::Park, Kind::Person, Kind::Organization, Kind::Company, Kind::Project, Kind::Policy, Kind::Program, Kind::Event, Kind::Place];
    pub fn class(self) -> &'static Class {
        &CLASSES[self as usize]
    }
    /// Local name of the ontology class.
    pub fn class_name(self) -> &'static str {
        self.class().local
    }
    /// Path segment of the kind's IRIs.
    pub fn slug(self) -> &'static str {
        self.class().slug
    }
    /// Chinese name of the class.
    pub fn zh(self) -> &'static str {
        self.class().zh
    }
}

/// Relations the extractors find between mentions: the first five [`RELATIONS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rel {
    PartOf,
    LocatedIn,
    Investor,
    IssuedBy,
    OrganizedBy,
}

impl Rel {
    pub const ALL: [Rel; 5] = [Rel::PartOf, Rel::LocatedIn, Rel::Investor, Rel::IssuedBy, Rel::OrganizedBy];
    pub fn relation(self) -> &'static Relation {
        &RELATIONS[self as usize]
    }
    pub fn local(self) -> &'static str {
        self.relation().local
    }
    pub fn zh(self) -> &'static str {
        self.relation().zh
    }
}

/// The class of a zone, as the ontology names its subclass of `zkg:Zone`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ZoneClass {
    HighTech,
    EconomicDevelopment,
    FreeTrade,
    NewArea,
    /// a zone of no more specific class
    Other,
}

impl ZoneClass {
    const ALL: [ZoneClass; 5] = [ZoneClass::HighTech, ZoneClass::EconomicDevelopment, ZoneClass::FreeTrade, ZoneClass::NewArea, ZoneClass::Other];
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.class_name() == s)
    }
    /// Its entry in [`CLASSES`].
    pub fn class(self) -> &'static Class {
        &CLASSES[[12, 13, 14, 15, 0][self as usize]]
    }
    /// Local name of the ontology class.
    pub fn class_name(self) -> &'static str {
        self.class().local
    }
}
