//! HTML pages through a real HTML5 parser (html5ever, the parser of Servo,
//! building `scraper`'s tree), so the page is read as a browser reads it: a
//! `>` inside a quoted attribute does not end a tag, entities are decoded,
//! unclosed `<p>` and `<li>` end where the browser ends them, comments and
//! `<script>` are not text.
//!
//! What a page gives (the README's "Your own corpus" lists it for users):
//! - text: what a reader sees in the content. Block elements (p, div, li,
//!   td, th, br, h1–h6, figcaption, blockquote, pre, …) end a line, so every
//!   cell and item is its own words. Never text: `<head>`, script, style,
//!   template, noscript (JSON-LD is a script), svg, iframe, form controls,
//!   `hidden` elements, and the site's chrome: nav, aside, footer, header
//!   outside an `<article>`/`<main>` (inside one it is the article's own
//!   headline and byline), ARIA banner/navigation/complementary/contentinfo/
//!   search roles, screen-reader-only text (`sr-only`, `screen-reader-text`,
//!   `visually-hidden`, `skip-link`), and in-page links (`href="#…"`: skip
//!   links, tables of contents, `¶` permalinks, footnote marks);
//! - title: `data-pagefind-meta="title"`, else the first `<h1>` of the
//!   content (taken out of the body text), else `og:title`, else `<title>`;
//! - date: `data-pagefind-meta="date:…"`, `article:published_time`,
//!   `og:published_time`, `<meta name="date">` (and Dublin Core, itemprop
//!   `datePublished`), then the first `<time datetime>`: the first that
//!   reads as a date;
//! - url: `<link rel="canonical">`, else `og:url`;
//! - Pagefind's attributes, so a site can switch without editing templates
//!   (also spelt `data-fahras-*`): `data-pagefind-body` (only such elements
//!   are the document), `data-pagefind-ignore` (not indexed; `="all"` also
//!   skips the metadata inside), `data-pagefind-meta="key"` (the element's
//!   text), `"key:value"` or `"key[attr]"` (an attribute's value), comma
//!   separated, and `data-pagefind-filter` in the same forms, collected into
//!   lists of strings (the filters of a later release).

use scraper::node::Element;
use scraper::{ElementRef, Html, Node};

use super::{from_fields, CorpusError, Options, Parsed, Value};

/// Elements whose content is never text.
const HIDDEN: &[&str] = &[
    "script", "style", "template", "noscript", "svg", "math", "iframe", "object", "canvas",
    "select", "button", "textarea", "datalist", "form",
];
/// Elements that end a line of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];
const CHROME_ROLES: &[&str] = &[
    "banner",
    "navigation",
    "complementary",
    "contentinfo",
    "search",
];
/// `<meta>` names and properties that hold the publication date, best first.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "date",
    "datepublished",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "pubdate",
    "publishdate",
];

/// What a page says, before [`from_fields`] applies the rules every format shares.
#[derive(Debug, Default)]
pub(super) struct Extracted {
    pub text: String,
    pub title: Option<String>,
    /// Date candidates in order of preference.
    pub dates: Vec<String>,
    pub url: Option<String>,
    /// `data-pagefind-meta` values (strings) and filters (lists), in page order.
    pub meta: Vec<(String, String)>,
    pub filters: Vec<(String, String)>,
}

pub(super) fn read(id: &str, content: &str, options: &Options) -> Result<Parsed, CorpusError> {
    let page = extract(content, true);
    let mut fields = vec![
        ("id".to_string(), Value::Text(id.to_string())),
        ("text".to_string(), Value::Text(page.text.clone())),
    ];
    fields.extend(page.into_fields());
    from_fields(fields, options, &|name| line_of_value(content, name))
}

/// The line of the first `name`-ish attribute value: a hint for messages
/// about a date (`date` → the line of the first date the page gives).
fn line_of_value(content: &str, name: &str) -> Option<usize> {
    if name != "date" {
        return None;
    }
    let lower = content.to_ascii_lowercase();
    let at = DATE_META
        .iter()
        .filter_map(|key| lower.find(&format!("\"{key}\"")))
        .chain(lower.find("datetime="))
        .min()?;
    Some(content[..at].matches('\n').count() + 1)
}

impl Extracted {
    /// The page as named values: the chosen title, date and url, then meta
    /// strings and filter lists. A meta `date`/`title`/`url` wins over the
    /// page's own.
    pub(super) fn into_fields(self) -> Vec<(String, Value)> {
        let mut out: Vec<(String, Value)> = Vec::new();
        let mut title = self.title;
        let mut dates = self.dates;
        let mut url = self.url;
        let mut meta: Vec<(String, Value)> = Vec::new();
        for (key, value) in self.meta {
            match key.as_str() {
                "title" => title = Some(value),
                "date" => dates.insert(0, value),
                "url" => url = Some(value),
                "id" | "text" | "draft" => {}
                _ => {
                    meta.retain(|(k, _)| *k != key);
                    meta.push((key, Value::Text(value)));
                }
            }
        }
        for (key, value) in self.filters {
            if matches!(
                key.as_str(),
                "id" | "text" | "title" | "url" | "date" | "draft"
            ) {
                continue;
            }
            match meta.iter_mut().find(|(k, _)| *k == key) {
                Some((_, Value::List(list))) => {
                    if !list.contains(&Value::Text(value.clone())) {
                        list.push(Value::Text(value));
                    }
                }
                Some(slot) => slot.1 = Value::List(vec![Value::Text(value)]),
                None => meta.push((key, Value::List(vec![Value::Text(value)]))),
            }
        }
        if let Some(title) = title {
            out.push(("title".into(), Value::Text(title)));
        }
        // The first candidate that reads as a date; else the first, so the
        // error (or the lenient warning) names what the page said.
        let date = dates
            .iter()
            .find(|d| super::normalize_date(d).is_some())
            .or(dates.first());
        if let Some(date) = date {
            out.push(("date".into(), Value::Text(date.clone())));
        }
        if let Some(url) = url {
            out.push(("url".into(), Value::Text(url)));
        }
        out.extend(meta);
        out
    }
}

fn attr<'a>(el: &'a Element, name: &str) -> Option<&'a str> {
    el.attr(&format!("data-pagefind-{name}"))
        .or_else(|| el.attr(&format!("data-fahras-{name}")))
}

fn has_attr(el: &Element, name: &str) -> bool {
    attr(el, name).is_some()
}

/// One `data-pagefind-meta`/`-filter` attribute: `key`, `key:value`,
/// `key[attr]`, comma separated. A bare key takes the element's text.
fn key_values(spec: &str, el: &ElementRef) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in spec.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (key, value) = if let Some((key, value)) = part.split_once(':') {
            (key.trim(), value.trim().to_string())
        } else if let Some((key, attribute)) =
            part.strip_suffix(']').and_then(|p| p.split_once('['))
        {
            match el.value().attr(attribute.trim()) {
                Some(v) => (key.trim(), v.trim().to_string()),
                None => continue,
            }
        } else {
            (part, collapse(&el.text().collect::<String>()))
        };
        if !key.is_empty() && !value.is_empty() {
            out.push((key.to_string(), value));
        }
    }
    out
}

/// Whitespace runs (HTML's: space, tab, newlines) as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text with line breaks at block boundaries and collapsed spaces.
#[derive(Default)]
struct TextOut {
    out: String,
    /// A space is owed before the next word.
    space: bool,
}

impl TextOut {
    fn push(&mut self, text: &str, preformatted: bool) {
        if preformatted {
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    self.line_break();
                }
                self.push(line, false);
            }
            return;
        }
        let starts_with_space = text.starts_with(|c: char| c.is_whitespace());
        let ends_with_space = text.ends_with(|c: char| c.is_whitespace());
        let mut words = text.split_whitespace().peekable();
        if words.peek().is_none() {
            self.space |= starts_with_space;
            return;
        }
        if (self.space || starts_with_space) && !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push(' ');
        }
        let mut first = true;
        for word in words {
            if !first {
                self.out.push(' ');
            }
            self.out.push_str(word);
            first = false;
        }
        self.space = ends_with_space;
    }

    fn line_break(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.space = false;
    }

    fn finish(self) -> String {
        self.out.trim_end().to_string()
    }
}

/// Read a page (or a fragment, such as rendered Markdown). With
/// `take_title`, the first `<h1>` of the content is the title and leaves the
/// body text.
pub(super) fn extract(content: &str, take_title: bool) -> Extracted {
    let html = Html::parse_document(content);
    let mut page = Extracted::default();
    let has_body_marker = html.tree.nodes().any(|n| match n.value() {
        Node::Element(el) => has_attr(el, "body"),
        _ => false,
    });

    // Depth counters, one per reason to leave text out; a `Close` edge undoes
    // what its `Open` did, recorded on a stack (the tree may be deep: no recursion).
    let mut hidden = 0usize; // nothing inside is read, not even metadata
    let mut ignored = 0usize; // no text, metadata still read
    let mut in_body = 0usize; // inside a data-pagefind-body element
    let mut in_article = 0usize;
    let mut in_pre = 0usize;
    let mut in_title_h1 = false;
    let mut title_h1: Option<String> = None;
    let mut h1_text = TextOut::default();
    let mut title_tag = String::new();
    let mut og_title = None;
    let mut meta_dates: Vec<(usize, String)> = Vec::new();
    let mut time_dates: Vec<String> = Vec::new();
    let mut chrome_dates: Vec<String> = Vec::new();
    let mut canonical = None;
    let mut og_url = None;
    let mut text = TextOut::default();
    // What each open element changed: (hidden, ignored, body, article, pre, title h1).
    let mut stack: Vec<[bool; 6]> = Vec::new();

    for edge in html.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                Node::Text(t) => {
                    let in_title = node
                        .parent()
                        .and_then(|p| p.value().as_element().map(|e| e.name() == "title"))
                        .unwrap_or(false);
                    if in_title && title_tag.is_empty() {
                        title_tag = collapse(t);
                    }
                    let visible = hidden == 0 && ignored == 0 && (!has_body_marker || in_body > 0);
                    if visible {
                        if in_title_h1 {
                            h1_text.push(t, false);
                        } else {
                            text.push(t, in_pre > 0);
                        }
                    }
                }
                Node::Element(el) => {
                    let name = el.name();
                    let element = ElementRef::wrap(node).expect("an element node");
                    let mut changed = [false; 6];
                    if hidden == 0 {
                        read_metadata(
                            el,
                            &element,
                            &mut page,
                            &mut meta_dates,
                            &mut og_title,
                            &mut canonical,
                            &mut og_url,
                        );
                    }
                    let role = el.attr("role").unwrap_or("");
                    let ignore = attr(el, "ignore");
                    let is_hidden = HIDDEN.contains(&name)
                        || el.attr("hidden").is_some()
                        || ignore.is_some_and(|v| v.trim() == "all");
                    // `<head>` has no text but holds the metadata.
                    let is_chrome = matches!(name, "nav" | "aside" | "head")
                        || name == "footer"
                        || (name == "header" && in_article == 0)
                        || CHROME_ROLES.contains(&role)
                        || is_page_furniture(el);
                    if is_hidden {
                        hidden += 1;
                        changed[0] = true;
                    } else if ignore.is_some() || is_chrome {
                        ignored += 1;
                        changed[1] = true;
                    }
                    if has_attr(el, "body") {
                        in_body += 1;
                        changed[2] = true;
                    }
                    if matches!(name, "article" | "main") || role == "main" {
                        in_article += 1;
                        changed[3] = true;
                    }
                    if matches!(name, "pre" | "textarea" | "listing") {
                        in_pre += 1;
                        changed[4] = true;
                    }
                    let visible = hidden == 0 && ignored == 0 && (!has_body_marker || in_body > 0);
                    // A `<time>` of the content first; one in the chrome (a
                    // footer's "last updated") only when the content has none.
                    if name == "time" && hidden == 0 {
                        if let Some(d) = el.attr("datetime") {
                            let list = if visible {
                                &mut time_dates
                            } else {
                                &mut chrome_dates
                            };
                            list.push(d.trim().to_string());
                        }
                    }
                    if take_title && visible && name == "h1" && title_h1.is_none() && !in_title_h1 {
                        in_title_h1 = true;
                        changed[5] = true;
                    }
                    if BLOCKS.contains(&name) {
                        text.line_break();
                    }
                    stack.push(changed);
                }
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => {
                let Node::Element(el) = node.value() else {
                    continue;
                };
                let changed = stack.pop().unwrap_or_default();
                hidden -= usize::from(changed[0]);
                ignored -= usize::from(changed[1]);
                in_body -= usize::from(changed[2]);
                in_article -= usize::from(changed[3]);
                in_pre -= usize::from(changed[4]);
                if changed[5] {
                    in_title_h1 = false;
                    title_h1 = Some(collapse(&std::mem::take(&mut h1_text).finish()));
                }
                if BLOCKS.contains(&el.name()) {
                    text.line_break();
                }
            }
        }
    }

    page.text = text.finish();
    page.title = title_h1
        .filter(|t| !t.is_empty())
        .or(og_title)
        .or_else(|| Some(title_tag).filter(|t| !t.is_empty()));
    meta_dates.sort_by_key(|(rank, _)| *rank);
    page.dates = meta_dates.into_iter().map(|(_, d)| d).collect();
    page.dates.extend(time_dates);
    page.dates.extend(chrome_dates);
    page.url = canonical.or(og_url);
    page
}

/// Text a reader does not read as content: text for screen readers only, and
/// in-page links (`href="#…"`): skip links, tables of contents, permalink
/// marks (`¶` beside a heading), footnote and citation marks (`[1]`).
fn is_page_furniture(el: &Element) -> bool {
    el.classes().any(|c| SCREEN_READER_ONLY.contains(&c))
        || (el.name() == "a" && el.attr("href").is_some_and(|h| h.starts_with('#')))
}

/// Class names sites give text that only screen readers read.
const SCREEN_READER_ONLY: &[&str] = &[
    "screen-reader-text",
    "sr-only",
    "visually-hidden",
    "skip-link",
];

fn read_metadata(
    el: &Element,
    element: &ElementRef,
    page: &mut Extracted,
    meta_dates: &mut Vec<(usize, String)>,
    og_title: &mut Option<String>,
    canonical: &mut Option<String>,
    og_url: &mut Option<String>,
) {
    if let Some(spec) = attr(el, "meta") {
        page.meta.extend(key_values(spec, element));
    }
    if let Some(spec) = attr(el, "filter") {
        page.filters.extend(key_values(spec, element));
    }
    match el.name() {
        "meta" => {
            let key = el
                .attr("property")
                .or_else(|| el.attr("name"))
                .or_else(|| el.attr("itemprop"))
                .unwrap_or("")
                .to_ascii_lowercase();
            let Some(value) = el.attr("content").map(str::trim).filter(|v| !v.is_empty()) else {
                return;
            };
            if let Some(rank) = DATE_META.iter().position(|k| *k == key) {
                meta_dates.push((rank, value.to_string()));
            } else if key == "og:title" && og_title.is_none() {
                *og_title = Some(collapse(value));
            } else if key == "og:url" && og_url.is_none() {
                *og_url = Some(value.to_string());
            }
        }
        "link" => {
            let canonical_rel = el.attr("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
            });
            if canonical_rel && canonical.is_none() {
                *canonical = el.attr("href").map(|h| h.trim().to_string());
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> Extracted {
        extract(html, true)
    }

    #[test]
    fn a_quoted_greater_than_does_not_end_a_tag() {
        let p = page(
            r#"<head><meta name="description" content="أ > ب"><title>t</title></head>
               <body><h1 data-note="a > b">افتتاح المعرض</h1><p title="x>y">نص</p></body>"#,
        );
        assert_eq!(p.title.as_deref(), Some("افتتاح المعرض"));
        assert_eq!(p.text, "نص");
    }

    #[test]
    fn cells_items_and_blocks_are_separate_words() {
        let p = page(
            "<table><tr><th>اليوم</th><th>الفعالية</th></tr><tr><td>السبت</td><td>افتتاح</td></tr></table>\
             <ul><li>أول<li>ثان</ul><p>سطر<br>تال</p><p><b>كل</b>مة <i>مائلة</i></p>",
        );
        assert_eq!(
            p.text,
            "اليوم\nالفعالية\nالسبت\nافتتاح\nأول\nثان\nسطر\nتال\nكلمة مائلة"
        );
    }

    #[test]
    fn hidden_content_and_chrome_are_not_text() {
        let p = page(
            r#"<html><head><script type="application/ld+json">{"secret":1}</script><style>p{}</style></head>
            <body><header>رأس الموقع</header><nav>روابط</nav><!-- تعليق -->
            <article><header><h1>العنوان</h1><time datetime="2024-03-15">١٥ مارس</time></header>
            <p>المتن<script>var secret = 1;</script><noscript>فعّل</noscript></p>
            <template><p>قالب</p></template><p hidden>مخفي</p><div data-pagefind-ignore>تجاهل</div>
            <footer>كاتب المقال</footer></article><aside>جانبي</aside><footer>حقوق</footer></body></html>"#,
        );
        assert_eq!(p.title.as_deref(), Some("العنوان"));
        assert_eq!(p.text, "١٥ مارس\nالمتن", "every footer is chrome");
        assert_eq!(p.dates, ["2024-03-15"]);
    }

    #[test]
    fn pagefind_body_meta_and_filters() {
        let p = page(
            r#"<body><p>خارج</p><main data-pagefind-body><h1>عنوان</h1>
            <span data-pagefind-meta="author">أحمد</span>
            <img src="/a.png" data-pagefind-meta="image[src]">
            <span data-pagefind-filter="tag">كتب</span><span data-fahras-filter="tag:شعر, section:ثقافة"></span>
            <div data-pagefind-ignore="all"><span data-pagefind-filter="tag">خفي</span></div>
            <p>داخل</p></main></body>"#,
        );
        assert_eq!(p.text, "أحمد كتب\nداخل", "a filter's text is still text");
        assert_eq!(
            p.meta,
            [
                ("author".to_string(), "أحمد".to_string()),
                ("image".into(), "/a.png".into())
            ]
        );
        assert_eq!(
            p.filters,
            [
                ("tag".to_string(), "كتب".to_string()),
                ("tag".into(), "شعر".into()),
                ("section".into(), "ثقافة".into())
            ]
        );
    }

    #[test]
    fn a_meta_date_that_is_not_a_date_never_becomes_the_date() {
        let o = Options::default();
        let html = r#"<meta property="article:published_time" content="<script…">
            <article><time datetime="2024-03-15">أمس</time><p>نص</p></article>"#;
        let doc = &read("a", html, &o).unwrap().documents[0];
        assert_eq!(doc.date.as_deref(), Some("2024-03-15"));
        let only_bad = "<meta name=\"date\" content=\"<script…\">\n<p>نص</p>";
        let err = read("a", only_bad, &o).unwrap_err();
        assert_eq!(err.line, Some(1), "{err}");
        assert!(
            err.message.contains("the date `<script…` cannot be read"),
            "{err}"
        );
        let lenient = read("a", only_bad, &Options { lenient: true }).unwrap();
        assert_eq!(lenient.documents[0].date, None);
        assert_eq!(lenient.warnings.len(), 1);
    }

    #[test]
    fn deep_nesting_is_no_crash() {
        let deep = "<div>".repeat(3_000) + "عمق" + &"</div>".repeat(3_000);
        assert_eq!(page(&deep).text, "عمق");
        for broken in [
            "<",
            "<p",
            "&",
            "&#xZZ;",
            "<!--",
            "<a href='x",
            "&#99999999;",
            "",
        ] {
            let _ = page(broken);
        }
    }
}
