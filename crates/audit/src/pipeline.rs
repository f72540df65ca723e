//! `yusuan audit`: read published disclosures (text, HTML, XLSX, PDF), recognise
//! their template and tables, read the figures of their narrative and the facts
//! of their performance-target forms (projects with their 测算依据 and
//! indicators, the department's targets), and run the same rules as
//! `yusuan check` over what they state. Findings on facts are located at the
//! document's lines (see “Facts from the forms” below).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use yusuan_check::{Claim, ClaimValue, Config, FactParts, Input, Lang, Location, Paragraph, Report, Severity, TextRef};
use yusuan_ingest::facts::{FormFacts, FormProject, TableProject};
use yusuan_ingest::narrative::{Narrative, StatedValue};
use yusuan_model::{
    Amount, Budget, Catalog, EconomicCode, ExpenseKind, Figure, FigureUnit, FunctionalCode, LineItem, MoneyUnit,
    Origin, PackageMeta,
};

/// One audited document.
pub struct DocAudit {
    pub path: PathBuf,
    pub template: Option<String>,
    /// Recognised tables: title as printed, template table id, role, rows, first line.
    pub tables: Vec<(String, String, String, usize, usize)>,
    /// Tables or blocks not matched: title (or "(无标题)") and line.
    pub unrecognised: Vec<(String, usize)>,
    /// Tables recognised whose body could not be read, with why.
    pub view_errors: Vec<String>,
    pub report: Option<Report>,
    /// Why the document could not be read at all.
    pub error: Option<String>,
    /// The table views read from the document (what the rules checked).
    pub views: Vec<yusuan_model::view::Table>,
    /// For a PDF: each line's page and box (`places[line - 1]`); empty otherwise.
    pub places: Vec<yusuan_ingest::LinePlace>,
    /// The files read as this document (`path` first; more for a publication in several PDFs).
    pub parts: Vec<PathBuf>,
    /// The document's lines as read (line `n` is `lines[n - 1]`), for documents read from PDF
    /// (to find a cell's field and a span's characters, [`DocAudit::pdf_place`]); empty otherwise.
    pub lines: Vec<String>,
    /// The forms read (performance-target forms; their cells are located by grid row).
    pub forms: Vec<yusuan_model::view::Form>,
    /// Per form of `forms`, the source line of each grid row (documents read from PDF).
    pub form_lines: Vec<Vec<usize>>,
    /// Per table view, row and column: the TAB field of the row's line that holds the cell
    /// (documents read from PDF; see [`crate::places`]).
    pub view_fields: Vec<Vec<Vec<Option<usize>>>>,
}

impl DocAudit {
    /// The page a line was printed on (documents read from PDF).
    pub fn page_of(&self, line: usize) -> Option<u32> {
        self.places.get(line.checked_sub(1)?).map(|p| p.page)
    }

    pub fn count(&self, s: Severity) -> usize {
        self.report.as_ref().map_or(0, |r| r.count(s))
    }
}

/// The files to audit: files as given, directories walked for .txt / .html / .htm / .xlsx / .pdf.
pub fn collect(paths: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(p: &Path, out: &mut Vec<PathBuf>) {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> =
                std::fs::read_dir(p).into_iter().flatten().flatten().map(|e| e.path()).collect();
            entries.sort();
            for e in entries {
                let ok = e.is_dir()
                    || e.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                        matches!(x.to_ascii_lowercase().as_str(), "txt" | "html" | "htm" | "xlsx" | "pdf")
                    });
                if ok {
                    walk(&e, out);
                }
            }
        } else {
            out.push(p.to_owned());
        }
    }
    let mut out = Vec::new();
    for p in paths {
        walk(p, &mut out);
    }
    out
}

/// The year of a document: the first `20xx 年` in a recognised table title or its first lines.
pub(crate) fn year_of(doc: &yusuan_ingest::TextDocument, titles: &[String]) -> Option<i32> {
    let find = |s: &str| -> Option<i32> {
        let chars: Vec<char> = s.chars().collect();
        (0..chars.len().saturating_sub(4)).find_map(|i| {
            let y: String = chars[i..i + 4].iter().collect();
            let after = chars[i + 4..].iter().find(|c| !c.is_whitespace());
            (y.starts_with("20") && y.bytes().all(|b| b.is_ascii_digit()) && after == Some(&'年'))
                .then(|| y.parse().ok())?
        })
    };
    titles.iter().find_map(|t| find(t)).or_else(|| doc.lines.iter().take(20).find_map(|l| find(l)))
}

fn figure_of(v: &StatedValue) -> ClaimValue {
    match v {
        StatedValue::Money { mantissa, decimals, unit } => {
            ClaimValue::Money(Figure { mantissa: *mantissa, decimals: *decimals, unit: FigureUnit::Money(*unit) })
        }
        StatedValue::Percent { mantissa, decimals } => {
            ClaimValue::Percent(Figure { mantissa: *mantissa, decimals: *decimals, unit: FigureUnit::Percent })
        }
        StatedValue::Word(w) => ClaimValue::Word(w.clone()),
    }
}

/// The paragraphs and claims of a read narrative, as check input.
fn narrative_input(n: &Narrative) -> (Vec<Paragraph>, Vec<Claim>) {
    let paragraphs: Vec<Paragraph> = n
        .paragraphs
        .iter()
        .map(|p| Paragraph {
            section: p.section.clone(),
            heading: p.heading.clone(),
            index: p.index,
            text: p.text.clone(),
            line: Some(p.line),
        })
        .collect();
    let claims = n
        .figures
        .iter()
        .filter_map(|f| {
            let p = paragraphs.get(f.paragraph)?;
            let location = Location::Text {
                text: TextRef { section: p.section.clone(), paragraph: p.index, start: f.start, end: f.end },
                heading: p.heading.clone(),
                excerpt: f.text.clone(),
                line: p.line,
            };
            Some(Claim {
                key: f.key.clone(),
                text: f.text.clone(),
                value: figure_of(&f.value),
                label: f.label.clone(),
                location,
            })
        })
        .collect();
    let body = n.paragraphs.iter().zip(paragraphs).filter(|(np, _)| !np.in_tables_part).map(|(_, p)| p).collect();
    (body, claims)
}

/// Audits one file.
pub fn audit_file(path: &Path, catalog: &Catalog, config: &Config) -> DocAudit {
    audit_parts(&[path.to_owned()], catalog, config)
}

/// Audits the files of one publication as one document (a narrative PDF and a
/// tables PDF, see [`yusuan_ingest::read_paths`]); findings name the first file.
pub fn audit_parts(paths: &[PathBuf], catalog: &Catalog, config: &Config) -> DocAudit {
    let path = paths.first().map_or(Path::new(""), PathBuf::as_path);
    let mut audit = DocAudit {
        path: path.to_owned(),
        template: None,
        tables: Vec::new(),
        unrecognised: Vec::new(),
        view_errors: Vec::new(),
        report: None,
        error: None,
        views: Vec::new(),
        places: Vec::new(),
        parts: paths.to_vec(),
        lines: Vec::new(),
        forms: Vec::new(),
        form_lines: Vec::new(),
        view_fields: Vec::new(),
    };
    let doc = match yusuan_ingest::read_paths(paths) {
        Ok(d) => d,
        Err(e) => {
            audit.error = Some(e.to_string());
            return audit;
        }
    };
    audit.places.clone_from(&doc.places);
    if !doc.places.is_empty() {
        audit.lines.clone_from(&doc.lines);
    }
    let rec = yusuan_ingest::recognize::recognize(&doc);
    let views = yusuan_ingest::views::build_views(&doc, &rec);
    let narrative = yusuan_ingest::narrative::read_narrative(&doc, catalog);
    audit.template = rec.template.clone();
    audit.tables =
        rec.tables.iter().map(|t| (t.title.clone(), t.table.clone(), t.role.clone(), t.rows, t.line)).collect();
    audit.unrecognised =
        rec.unrecognised.iter().map(|u| (u.title.clone().unwrap_or_else(|| "(无标题)".into()), u.line)).collect();
    audit.view_errors =
        views.errors.iter().map(|e| format!("《{}》第 {} 行：{}", e.title, e.line, e.message)).collect();
    let titles: Vec<String> = audit.tables.iter().map(|t| t.0.clone()).collect();
    let (paragraphs, claims) = narrative_input(&narrative);
    let year = year_of(&doc, &titles);
    let facts = yusuan_ingest::facts::read_facts(&doc, &rec);
    let recovered = recover(&facts, &views.tables, rec.template.as_deref(), year);
    let dir = path.display().to_string();
    let mut input = Input::empty(catalog);
    input.year = year;
    input.template = rec.template.clone();
    audit.views = views.tables.clone();
    if !doc.places.is_empty() {
        audit.forms = views.forms.clone();
        audit.form_lines = views.forms.iter().map(|f| crate::places::form_lines(&doc, f)).collect();
        audit.view_fields = crate::places::view_fields(&audit);
    }
    input.tables = views.tables;
    input.forms = views.forms;
    input.claims = claims;
    input.paragraphs = paragraphs;
    input.package_dir = Some(dir.clone());
    let mut report = yusuan_check::run(&input, config);
    if let Some(r) = &recovered {
        // The rules that read facts run again with the facts of the forms; the
        // others keep reading what the document prints (see `fact_rules`).
        input.budget = Some(&r.budget);
        input.facts = r.parts;
        input.files = r.files.iter().map(|(k, v)| (k.clone(), v.text.clone())).collect();
        let rules = fact_rules();
        let mut facts = yusuan_check::run_rules(&rules, &input, config);
        relocate(&mut facts, &dir, r);
        let ran: Vec<&str> = rules.iter().map(|r| r.info().id).filter(|id| !facts.skipped.contains(id)).collect();
        report.skipped.retain(|id| !ran.contains(id));
        report.findings.extend(facts.findings);
        report.findings.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.rule.cmp(b.rule)));
    }
    audit.report = Some(report);
    audit
}

/// The rules that need facts (projects, performance targets, line items …). On a
/// published document they run a second time, over the facts of its forms; every
/// other rule runs once without facts, since with facts some rules (format,
/// narrative) would read the facts instead of the text the document prints.
fn fact_rules() -> Vec<&'static dyn yusuan_check::Rule> {
    use yusuan_check::Need;
    yusuan_check::rules::all()
        .iter()
        .copied()
        .filter(|r| {
            r.info().needs.iter().any(|n| {
                matches!(
                    n,
                    Need::LineItems
                        | Need::Projects
                        | Need::Staffing
                        | Need::Contact
                        | Need::DepartmentPerformance
                        | Need::Income
                )
            })
        })
        .collect()
}

// ---- Facts from the forms ------------------------------------------------------------
//
// The 测算依据 and performance rules read facts (projects, the department's
// performance targets). A published document states them on its forms; they are
// read back ([`yusuan_ingest::facts`]) into a [`Budget`] that holds only them,
// and, when the document has a projects table that lists every form's project,
// one line item per project row (so that a project's amount is the table's).
//
// The rules locate facts by searching the package files for keys
// (`id = "p1"`, `content = "…"`, `[[annual]]` …). Here those files are shadows:
// one line per fact with the key the rules search for, each shadow line knowing
// the document line it stands for. After the run every location in a shadow file
// is moved to the document ([`relocate`]).

/// A shadow package file: its text and, per line, the document line it stands for.
#[derive(Debug, Default)]
struct Shadow {
    text: String,
    lines: Vec<usize>,
}

impl Shadow {
    fn push(&mut self, key: &str, line: usize) {
        self.text.push_str(&key.replace(['\n', '\r'], " "));
        self.text.push('\n');
        self.lines.push(line);
    }
}

/// Facts recovered from a document, as check input.
struct Recovered {
    budget: Budget,
    parts: FactParts,
    /// `projects.toml`, `performance.toml`, `line_items.csv` shadows.
    files: BTreeMap<String, Shadow>,
}

/// The line items of the projects table for the form projects, when every form
/// project is in the table and every row has a functional code.
fn table_line_items(
    forms: &[FormProject],
    tables: &[yusuan_model::Table],
    template: Option<&str>,
) -> Option<(Vec<LineItem>, Vec<usize>, Vec<String>)> {
    let t = tables.iter().find(|t| t.role == "projects")?;
    let listed: Vec<TableProject> = yusuan_ingest::facts::table_projects(t, template.unwrap_or_default());
    let matched = yusuan_ingest::facts::match_projects(forms, &listed);
    if matched.iter().any(Option::is_none) {
        return None;
    }
    let mut items = Vec::new();
    let mut lines = Vec::new();
    let mut names = Vec::new();
    for (f, m) in forms.iter().zip(&matched) {
        let tp = &listed[(*m)?];
        names.push(tp.name.clone());
        for row in &tp.rows {
            let functional = FunctionalCode::parse(row.code.as_deref()?).ok()?;
            let parts: Vec<(yusuan_model::FundingSource, Amount)> =
                if row.sources.is_empty() || row.sources.iter().map(|(_, a)| *a).sum::<Amount>() != row.amount {
                    vec![(yusuan_model::FundingSource::GeneralBudget, row.amount)]
                } else {
                    row.sources.clone()
                };
            for (source, amount) in parts {
                lines.push(row.line.unwrap_or(f.line));
                items.push(LineItem {
                    unit: tp.unit.clone(),
                    functional,
                    economic: EconomicCode::parse("302").ok()?,
                    kind: ExpenseKind::Project,
                    project: Some(f.project.id.clone()),
                    source,
                    amount,
                    note: Some("项目支出预算表".into()),
                    origin: Origin { file: "line_items.csv".into(), line: lines.len() as u32 + 1 },
                });
            }
        }
    }
    Some((items, lines, names))
}

/// The facts of the document's forms, with the shadows that locate them; `None`
/// when the document has no performance-target form.
fn recover(
    facts: &FormFacts,
    tables: &[yusuan_model::Table],
    template: Option<&str>,
    year: Option<i32>,
) -> Option<Recovered> {
    if facts.projects.is_empty() && facts.department.is_none() {
        return None;
    }
    let table = table_line_items(&facts.projects, tables, template);
    let mut projects: Vec<yusuan_model::Project> = facts.projects.iter().map(|f| f.project.clone()).collect();
    if let Some((_, _, names)) = &table {
        // The table's name is the project's; the form's is kept when it differs.
        for (p, name) in projects.iter_mut().zip(names) {
            if *name != p.name {
                p.form_name = Some(std::mem::replace(&mut p.name, name.clone()));
            }
        }
    }
    // 项目主要支出方向和用途 from the department form's project rows.
    let rows = facts.department.as_ref().map_or(&[][..], |d| &d.projects[..]);
    let key = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let uses_line: Vec<usize> = projects
        .iter_mut()
        .map(|p| {
            let names = [Some(key(&p.name)), p.form_name.as_deref().map(key)];
            match rows.iter().find(|r| names.iter().flatten().any(|n| *n == key(&r.name))) {
                Some(r) => {
                    p.uses = r.uses.clone();
                    r.line
                }
                None => 0,
            }
        })
        .collect();
    let unit = facts.projects.first().map_or(MoneyUnit::WanYuan, |p| p.unit);
    let mut files = BTreeMap::new();

    // projects.toml
    let mut sh = Shadow::default();
    for ((f, p), uses) in facts.projects.iter().zip(&projects).zip(&uses_line) {
        let l = &f.lines;
        let at = |line: usize| if line == 0 { f.line } else { line };
        sh.push(&format!("id = \"{}\"", p.id), f.line);
        sh.push(&format!("name = \"{}\"", p.name), at(l.name));
        if let Some(n) = &p.form_name {
            sh.push(&format!("form_name = \"{n}\""), at(l.name));
        }
        sh.push("owner = ", at(l.owner));
        sh.push("executor = ", at(l.executor));
        sh.push("manager = ", at(l.manager));
        sh.push("phone = ", at(l.phone));
        sh.push("category = ", at(l.category));
        sh.push("frequency = ", at(l.frequency));
        sh.push("total_budget = \"", at(l.total_budget));
        sh.push("stated_current = \"", at(l.stated_current));
        sh.push("basis = [", at(l.basis));
        sh.push("plan = ", at(l.plan));
        sh.push("prior_evaluation = ", at(l.prior_evaluation));
        sh.push("history = ", at(l.history));
        if !p.uses.is_empty() {
            sh.push("uses = \"", at(*uses));
        }
        for (d, line) in p.details.iter().zip(&l.details) {
            sh.push(&format!("content = \"{}\" basis = \"{}\"", d.content, d.basis), *line);
        }
        for (a, line) in p.asset_plan.iter().zip(&l.asset_plan) {
            sh.push(&format!("item = \"{}\"", a.item), *line);
        }
        sh.push("[project.stated_funding]", at(l.funding));
        sh.push("total = \"", at(l.funding));
        if let Some(perf) = &p.performance {
            sh.push("[project.performance]", at(l.goal.max(l.indicators.first().copied().unwrap_or(0))));
            sh.push("goal = ", at(l.goal));
            for (i, line) in perf.indicators.iter().zip(&l.indicators) {
                sh.push(&format!("name = \"{}\"", i.name), *line);
            }
        }
    }
    files.insert("projects.toml".to_owned(), sh);

    // performance.toml
    let performance = facts.department.as_ref().map(|d| d.performance.clone()).unwrap_or_default();
    if let Some(d) = &facts.department {
        let l = &d.lines;
        let at = |line: usize| if line == 0 { d.line } else { line };
        let mut sh = Shadow::default();
        sh.push("# 部门整体绩效目标", d.line);
        sh.push("filler = ", at(l.filler));
        sh.push("phone = ", at(l.phone));
        sh.push("functions = ", at(l.functions));
        sh.push("tasks = ", at(l.tasks));
        sh.push("prior_income = ", at(l.prior_income));
        sh.push("prior_expenditure = ", at(l.prior_expenditure));
        for (header, goals, lines) in [
            ("[[long_term]]", &d.performance.long_term, &l.long_term),
            ("[[annual]]", &d.performance.annual, &l.annual),
        ] {
            for (g, gl) in goals.iter().zip(lines) {
                sh.push(header, at(gl.text));
                sh.push(&format!("text = \"{}\"", g.text), at(gl.text));
                for (i, line) in g.indicators.iter().zip(&gl.indicators) {
                    sh.push(&format!("name = \"{}\"", i.name), *line);
                }
            }
        }
        files.insert("performance.toml".to_owned(), sh);
    }

    // line_items.csv
    let mut line_items = Vec::new();
    if let Some((items, lines, _)) = table {
        let mut sh = Shadow::default();
        sh.push("unit,functional,economic,kind,project,source,amount,note", lines.first().copied().unwrap_or(0));
        for (item, line) in items.iter().zip(&lines) {
            sh.push(&format!("{},{},{},{}", item.unit, item.functional, item.kind, item.amount), *line);
        }
        files.insert("line_items.csv".to_owned(), sh);
        line_items = items;
    }
    let parts = FactParts {
        line_items: !line_items.is_empty(),
        projects: !projects.is_empty(),
        performance: facts.department.is_some(),
        ..FactParts::default()
    };
    let budget = Budget {
        meta: PackageMeta {
            format: 1,
            year: year.unwrap_or_default(),
            template: template.unwrap_or_default().to_owned(),
            unit,
            catalogs: Vec::new(),
        },
        department: Default::default(),
        staffing: Default::default(),
        contact: Default::default(),
        income: Vec::new(),
        line_items,
        projects,
        procurement: Vec::new(),
        purchased_services: Vec::new(),
        assets: Default::default(),
        prior_year: yusuan_model::PriorYear { year: year.map_or(0, |y| y - 1), ..Default::default() },
        narrative: Default::default(),
        glossary: Vec::new(),
        performance,
    };
    Some(Recovered { budget, parts, files })
}

/// Moves every location in a shadow file to its document line. Findings located
/// in the shadow `line_items.csv` are dropped: those line items restate the
/// projects table, whose own rules report on it.
fn relocate(report: &mut Report, doc: &str, r: &Recovered) {
    let shadow = |file: &str| -> Option<&Shadow> {
        let name = file.strip_prefix(doc)?.strip_prefix('/')?;
        r.files.get(name)
    };
    let in_items = |l: &Location| matches!(l, Location::File { file, .. } if file.strip_prefix(doc).is_some_and(|f| f == "/line_items.csv"));
    report.findings.retain(|f| !in_items(&f.location));
    let fix = |l: &mut Location| {
        if let Location::File { file, line, column } = l
            && let Some(sh) = shadow(file)
        {
            *line = line.checked_sub(1).and_then(|i| sh.lines.get(i)).copied().unwrap_or(0);
            *column = 0;
            *file = doc.to_owned();
        }
    };
    for f in &mut report.findings {
        fix(&mut f.location);
        for e in &mut f.evidence {
            fix(&mut e.location);
        }
    }
}

/// Audits files on `jobs` threads, calling `progress` after each; results in input order.
/// Groups the files of one publication: `X_part1.pdf`, `X_part2.pdf` … in one
/// folder (a narrative and a tables PDF published apart) become one document,
/// in part order; every other file is a document of its own.
pub fn publications(files: Vec<PathBuf>) -> Vec<Vec<PathBuf>> {
    /// `(folder, stem before "_part", extension, part number)` of a part file.
    fn part_of(p: &Path) -> Option<(PathBuf, String, String, u32)> {
        let stem = p.file_stem()?.to_str()?;
        let (base, n) = stem.rsplit_once("_part")?;
        let n: u32 = n.parse().ok()?;
        let ext = p.extension()?.to_str()?.to_ascii_lowercase();
        Some((p.parent().map(Path::to_owned).unwrap_or_default(), base.to_owned(), ext, n))
    }
    let mut out: Vec<Vec<PathBuf>> = Vec::new();
    let mut groups: std::collections::BTreeMap<(PathBuf, String, String), usize> = Default::default();
    for f in files {
        match part_of(&f) {
            Some((dir, base, ext, _)) => match groups.get(&(dir.clone(), base.clone(), ext.clone())) {
                Some(&i) => out[i].push(f),
                None => {
                    groups.insert((dir, base, ext), out.len());
                    out.push(vec![f]);
                }
            },
            None => out.push(vec![f]),
        }
    }
    for g in &mut out {
        g.sort_by_key(|p| part_of(p).map_or(0, |x| x.3));
    }
    out
}

/// Audits publications (each one or more files, see [`publications`]) on `jobs` threads, in order.
pub fn audit_all(
    files: &[Vec<PathBuf>],
    catalog: &Catalog,
    config: &Config,
    jobs: usize,
    progress: &(dyn Fn() + Sync),
) -> Vec<DocAudit> {
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, DocAudit)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..jobs.max(1).min(files.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(f) = files.get(i) else { break };
                        mine.push((i, audit_parts(f, catalog, config)));
                        progress();
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("an audit thread panicked")).collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, a)| a).collect()
}

/// The JSON interface: one object per document.
pub fn json(audits: &[DocAudit], lang: Lang) -> String {
    let docs: Vec<serde_json::Value> = audits
        .iter()
        .map(|a| {
            serde_json::json!({
                "path": a.path.display().to_string(),
                "template": a.template,
                "tables": a.tables.iter().map(|(title, id, role, rows, line)| serde_json::json!({
                    "title": title, "id": id, "role": role, "rows": rows, "line": line,
                })).collect::<Vec<_>>(),
                "unrecognised": a.unrecognised.iter().map(|(title, line)| serde_json::json!({"title": title, "line": line})).collect::<Vec<_>>(),
                "view_errors": a.view_errors,
                "error": a.error,
                "pages": a.pages(),
                "findings": a.report.as_ref().map_or(Vec::new(), |r| r.findings.iter().map(|f| finding_json(a, f, lang)).collect()),
                "summary": {
                    "errors": a.count(Severity::Error),
                    "warnings": a.count(Severity::Warning),
                    "infos": a.count(Severity::Info),
                },
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "documents": docs })).expect("serializes") + "\n"
}

/// A finding in the JSON interface, each location (the finding's and its
/// evidence's) with its place on the PDF (`"pdf": {"file", "page", "boxes"}`) when read from one.
fn finding_json(a: &DocAudit, f: &yusuan_check::Finding, lang: Lang) -> serde_json::Value {
    let mut v = yusuan_check::report::finding_json(f, lang);
    if a.places.is_empty() {
        return v;
    }
    if let (Some(place), Some(loc)) = (a.pdf_place(&f.location), v.get_mut("location").and_then(|l| l.as_object_mut()))
    {
        loc.insert("pdf".into(), place.json());
    }
    if let Some(evidence) = v.get_mut("evidence").and_then(|e| e.as_array_mut()) {
        for (e, ev) in f.evidence.iter().zip(evidence) {
            if let (Some(place), Some(loc)) =
                (a.pdf_place(&e.location), ev.get_mut("location").and_then(|l| l.as_object_mut()))
            {
                loc.insert("pdf".into(), place.json());
            }
        }
    }
    v
}

impl DocAudit {
    /// The number of pages with text (documents read from PDF; 0 otherwise).
    pub fn pages(&self) -> usize {
        self.places.iter().map(|p| p.page as usize).max().unwrap_or(0)
    }

    /// `第 3 页` for a location on the PDF (the file's name too for a publication in several PDFs).
    pub fn page_label(&self, location: &Location, lang: Lang) -> Option<String> {
        self.pdf_place(location).map(|p| p.describe(self.parts.len() > 1, lang))
    }
}

/// Summary rows: document, template, pages, tables recognised / unrecognised, errors, warnings, infos.
pub fn summary_rows(audits: &[DocAudit]) -> Vec<Vec<String>> {
    audits
        .iter()
        .map(|a| {
            vec![
                a.path.file_name().map_or_else(|| a.path.display().to_string(), |n| n.to_string_lossy().into_owned()),
                a.template
                    .clone()
                    .unwrap_or_else(|| if a.error.is_some() { "无法读取".into() } else { "未识别".into() }),
                match a.pages() {
                    0 => String::new(),
                    n => n.to_string(),
                },
                a.tables.len().to_string(),
                a.unrecognised.len().to_string(),
                a.count(Severity::Error).to_string(),
                a.count(Severity::Warning).to_string(),
                a.count(Severity::Info).to_string(),
            ]
        })
        .collect()
}

pub const SUMMARY_HEADERS: [&str; 8] = ["文档", "模板", "页数", "识别表数", "未识别", "错误", "警告", "提示"];

/// The text report: per document its tables and findings, then the summary table.
pub fn text(audits: &[DocAudit], lang: Lang, color: bool) -> String {
    let mut out = String::new();
    // Each document is read again once (all its parts, for a publication in several PDFs).
    let read: std::cell::RefCell<BTreeMap<String, Option<yusuan_ingest::TextDocument>>> = Default::default();
    let source = |file: &str, line: usize| -> Option<String> {
        let mut read = read.borrow_mut();
        let doc = read.entry(file.to_owned()).or_insert_with(|| {
            let parts = audits
                .iter()
                .find(|a| a.path.display().to_string() == file)
                .map_or_else(|| vec![PathBuf::from(file)], |a| a.parts.clone());
            yusuan_ingest::read_paths(&parts).ok()
        });
        doc.as_ref()?.line(line).map(str::to_owned)
    };
    for a in audits {
        out.push_str(&format!("══ {} ══\n", a.path.display()));
        if let Some(e) = &a.error {
            out.push_str(&format!("无法读取 cannot read: {e}\n\n"));
            continue;
        }
        out.push_str(&format!(
            "模板 template: {}；识别 {} 张表，未识别 {} 个\n",
            a.template.as_deref().unwrap_or("未识别"),
            a.tables.len(),
            a.unrecognised.len()
        ));
        for (title, line) in &a.unrecognised {
            out.push_str(&format!("  未识别 unrecognised: {title}（第 {line} 行）\n"));
        }
        for e in &a.view_errors {
            out.push_str(&format!("  无法读取表体 unreadable table: {e}\n"));
        }
        out.push('\n');
        if let Some(r) = &a.report {
            let style = yusuan_check::report::TextStyle { color, source: Some(&source) };
            let report = yusuan_check::report::text_styled(r, lang, &style);
            out.push_str(&with_pages(a, r, &report, lang));
        }
        out.push('\n');
    }
    out.push_str(&format_table(&SUMMARY_HEADERS, &summary_rows(audits)));
    out
}

/// The text report of a document read from PDF with each location's page
/// (`… （第 168 行） · 第 7 页`): the locations are found in the report in order.
fn with_pages(a: &DocAudit, r: &Report, report: &str, lang: Lang) -> String {
    if a.places.is_empty() {
        return report.to_owned();
    }
    let mut out = String::with_capacity(report.len() + 32 * r.findings.len());
    let mut rest = report;
    for f in &r.findings {
        let locations =
            std::iter::once((&f.location, "\n")).chain(f.evidence.iter().take(12).map(|e| (&e.location, "：")));
        for (loc, end) in locations {
            let Some(page) = a.page_label(loc, lang) else { continue };
            let needle = format!("{}{end}", loc.describe(lang));
            let Some(at) = rest.find(&needle) else { continue };
            let cut = at + needle.len() - end.len();
            out.push_str(&rest[..cut]);
            out.push_str(" · ");
            out.push_str(&page);
            rest = &rest[cut..];
        }
    }
    out.push_str(rest);
    out
}

/// A plain aligned table (CJK characters count two columns).
fn format_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let width = |s: &str| s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
    let mut w: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(width(c));
        }
    }
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c}{}", " ".repeat(w[i] - width(c))))
            .collect::<Vec<_>>()
            .join("  ")
            + "\n"
    };
    let mut out = line(headers.to_vec());
    out.push_str(&(w.iter().map(|n| "─".repeat(*n)).collect::<Vec<_>>().join("  ") + "\n"));
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

/// Finding rows for CSV / XLSX: the document, then the columns of `yusuan check`
/// with the page after the location (see [`finding_headers`]).
pub fn finding_rows(audits: &[DocAudit], lang: Lang) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for a in audits {
        let Some(r) = &a.report else { continue };
        let name = a.path.display().to_string();
        for (f, row) in r.findings.iter().zip(yusuan_check::report::rows(r, lang)) {
            let page = a.page_label(&f.location, lang).unwrap_or_default();
            let mut row: Vec<String> = std::iter::once(name.clone()).chain(row).collect();
            row.insert(PAGE_COLUMN, page);
            rows.push(row);
        }
    }
    rows
}

/// Where the page column stands in a finding row (after the location).
const PAGE_COLUMN: usize = 6;

/// The headers of [`finding_rows`].
pub fn finding_headers(lang: Lang) -> Vec<&'static str> {
    let mut h: Vec<&str> = std::iter::once("文档").chain(yusuan_check::report::headers(lang)).collect();
    h.insert(
        PAGE_COLUMN,
        match lang {
            Lang::Zh => "页码",
            Lang::En => "page",
        },
    );
    h
}

/// The CSV summary (UTF-8 with BOM): one row per document ([`SUMMARY_HEADERS`]).
pub fn summary_csv(audits: &[DocAudit]) -> String {
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::new());
    w.write_record(SUMMARY_HEADERS).expect("in-memory write");
    for row in summary_rows(audits) {
        w.write_record(&row).expect("in-memory write");
    }
    let bytes = w.into_inner().expect("in-memory flush");
    format!("\u{feff}{}", String::from_utf8(bytes).expect("utf-8 in, utf-8 out"))
}

/// The CSV report (UTF-8 with BOM): one row per finding, the document first.
pub fn csv(audits: &[DocAudit], lang: Lang) -> String {
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::new());
    let headers = finding_headers(lang);
    w.write_record(&headers).expect("in-memory write");
    for row in finding_rows(audits, lang) {
        w.write_record(&row).expect("in-memory write");
    }
    let bytes = w.into_inner().expect("in-memory flush");
    format!("\u{feff}{}", String::from_utf8(bytes).expect("utf-8 in, utf-8 out"))
}

/// The XLSX report: a summary sheet (one row per document) and the findings.
pub fn xlsx(audits: &[DocAudit], lang: Lang) -> Result<Vec<u8>, String> {
    let widths = [30, 10, 8, 10, 60, 40, 12, 14, 14, 12, 60];
    let headers: Vec<(&str, u16)> = finding_headers(lang).into_iter().zip(widths).collect();
    let findings = finding_rows(audits, lang);
    let summary_headers: Vec<(&str, u16)> =
        SUMMARY_HEADERS.iter().map(|h| (*h, if *h == "文档" { 50 } else { 10 })).collect();
    let summary = summary_rows(audits);
    yusuan_render::xlsx::workbook(&[
        yusuan_render::xlsx::Sheet { name: "汇总", headers: &summary_headers, rows: &summary },
        yusuan_render::xlsx::Sheet { name: "问题清单", headers: &headers, rows: &findings },
    ])
    .map_err(|e| format!("xlsx: {e}"))
}

#[cfg(test)]
mod publication_tests {
    use super::*;

    #[test]
    fn parts_of_one_publication_are_grouped_in_order() {
        let files: Vec<PathBuf> =
            ["a/x_part2.pdf", "a/x_part1.pdf", "a/y.pdf", "b/x_part1.pdf", "a/x_part1.txt", "a/z_partA.pdf"]
                .iter()
                .map(PathBuf::from)
                .collect();
        let groups = publications(files);
        let names: Vec<Vec<&str>> = groups.iter().map(|g| g.iter().map(|p| p.to_str().unwrap()).collect()).collect();
        assert_eq!(
            names,
            vec![
                vec!["a/x_part1.pdf", "a/x_part2.pdf"],
                vec!["a/y.pdf"],
                vec!["b/x_part1.pdf"],
                vec!["a/x_part1.txt"],
                vec!["a/z_partA.pdf"]
            ]
        );
    }
}
