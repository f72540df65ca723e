//! Findings: what a rule reports, where, and with which values.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Info, Lang::Zh) => "提示",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Info, Lang::En) => "info",
        }
    }
    pub fn id(self) -> &'static str {
        self.label(Lang::En)
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" | "错误" => Some(Severity::Error),
            "warning" | "警告" => Some(Severity::Warning),
            "info" | "提示" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// What kind of consistency a rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A table's internal identities.
    Identity,
    /// Tables against each other.
    CrossTable,
    /// Narrative text against the tables.
    TextTable,
    /// Classification codes and names.
    Classification,
    /// 测算依据 arithmetic and detail lines.
    Basis,
    /// Performance targets.
    Performance,
    /// Required content present.
    Completeness,
    /// Format of fields and texts.
    Format,
    /// A department's budget against its units' own budgets (部门 = Σ 单位).
    Consolidation,
}

impl Category {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Category::Identity, Lang::Zh) => "表内勾稽",
            (Category::CrossTable, Lang::Zh) => "表间勾稽",
            (Category::TextTable, Lang::Zh) => "文表一致",
            (Category::Classification, Lang::Zh) => "科目分类",
            (Category::Basis, Lang::Zh) => "测算依据",
            (Category::Performance, Lang::Zh) => "绩效目标",
            (Category::Completeness, Lang::Zh) => "完整性",
            (Category::Format, Lang::Zh) => "格式规范",
            (Category::Consolidation, Lang::Zh) => "部门汇总",
            (Category::Identity, Lang::En) => "identity",
            (Category::CrossTable, Lang::En) => "cross-table",
            (Category::TextTable, Lang::En) => "text-table",
            (Category::Classification, Lang::En) => "classification",
            (Category::Basis, Lang::En) => "arithmetic-of-basis",
            (Category::Performance, Lang::En) => "performance",
            (Category::Completeness, Lang::En) => "completeness",
            (Category::Format, Lang::En) => "format",
            (Category::Consolidation, Lang::En) => "consolidation",
        }
    }
}

/// Language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// A message in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Msg {
    pub zh: String,
    pub en: String,
}

impl Msg {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg { zh: zh.into(), en: en.into() }
    }
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A cell of a table or form view, by position, with its labels for display.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct CellRef {
    /// Table or form id (`t03`, `t13-p-diaoyan`).
    pub table: String,
    /// Row index in the view's body rows (forms: grid row).
    pub row: usize,
    /// Leaf column index (forms: cell index in the row).
    pub col: usize,
}

/// A place in a narrative paragraph: section, paragraph, and character span.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct TextRef {
    /// Section id (`s2-1`).
    pub section: String,
    /// Paragraph index in the section (lists count each item).
    pub paragraph: usize,
    /// Character offsets [start, end) in the paragraph text.
    pub start: usize,
    pub end: usize,
}

/// Where a finding is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// A line (and column) of a source file: package files, or a published document.
    File { file: String, line: usize, column: usize },
    /// A table cell: table title, row label, column label, and the source line when read from a document.
    Cell {
        cell: CellRef,
        table_title: String,
        row_label: String,
        column_label: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        line: Option<usize>,
    },
    /// A span of narrative text.
    Text {
        text: TextRef,
        heading: String,
        excerpt: String,
        /// The source line of the paragraph, when read from a published document.
        #[serde(skip_serializing_if = "Option::is_none")]
        line: Option<usize>,
    },
    /// A whole table or form.
    Table { table: String, table_title: String },
    /// The whole document or package.
    Document,
}

impl Location {
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Location::File { file, line, column }, _) => match (line, column) {
                (0, _) => file.clone(),
                (l, 0) => format!("{file}:{l}"),
                (l, c) => format!("{file}:{l}:{c}"),
            },
            (Location::Cell { table_title, row_label, column_label, line, .. }, Lang::Zh) => {
                let at = line.map_or(String::new(), |l| format!("（第 {l} 行）"));
                format!("《{table_title}》“{row_label}”行“{column_label}”列{at}")
            }
            (Location::Cell { table_title, row_label, column_label, line, .. }, Lang::En) => {
                let at = line.map_or(String::new(), |l| format!(" (line {l})"));
                format!("{table_title}, row “{row_label}”, column “{column_label}”{at}")
            }
            (Location::Text { heading, text, line: Some(l), .. }, Lang::Zh) => {
                format!("第 {l} 行（“{heading}”）第 {}–{} 字", text.start + 1, text.end)
            }
            (Location::Text { heading, text, line: Some(l), .. }, Lang::En) => {
                format!("line {l} (“{heading}”), chars {}–{}", text.start + 1, text.end)
            }
            (Location::Text { heading, text, line: None, .. }, Lang::Zh) => {
                format!("文字说明“{heading}”第 {} 段第 {}–{} 字", text.paragraph + 1, text.start + 1, text.end)
            }
            (Location::Text { heading, text, line: None, .. }, Lang::En) => {
                format!(
                    "narrative “{heading}”, paragraph {}, chars {}–{}",
                    text.paragraph + 1,
                    text.start + 1,
                    text.end
                )
            }
            (Location::Table { table_title, .. }, Lang::Zh) => format!("《{table_title}》"),
            (Location::Table { table_title, .. }, Lang::En) => table_title.clone(),
            (Location::Document, Lang::Zh) => "全文".into(),
            (Location::Document, Lang::En) => "document".into(),
        }
    }

    pub fn cell(&self) -> Option<&CellRef> {
        match self {
            Location::Cell { cell, .. } => Some(cell),
            _ => None,
        }
    }
}

/// A quoted cell or sentence that a finding rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub location: Location,
    /// The value or text as printed.
    pub quote: String,
}

/// One finding of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: Msg,
    pub location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

impl Finding {
    /// Every cell this finding names (its location and its evidence).
    pub fn cells(&self) -> impl Iterator<Item = &CellRef> {
        self.location.cell().into_iter().chain(self.evidence.iter().filter_map(|e| e.location.cell()))
    }

    /// Every text span this finding names.
    pub fn texts(&self) -> impl Iterator<Item = &TextRef> {
        std::iter::once(&self.location).chain(self.evidence.iter().map(|e| &e.location)).filter_map(|l| match l {
            Location::Text { text, .. } => Some(text),
            _ => None,
        })
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}] {}: {}", self.severity.id(), self.rule, self.location.describe(Lang::Zh), self.message.zh)
    }
}
