//! Severity overrides: a config file can turn a rule off or change its
//! severity, for everyone or per region / template. The report lists the
//! overrides that were in force.
//!
//! ```toml
//! [rules]
//! "YS-F001" = "off"        # off / error / warning / info
//!
//! [[scope]]
//! region = "上海"          # applies when the document's region contains this
//! template = "shanghai-9"  # … and/or its template id is this
//! rules = { "YS-N004" = "warning" }
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::finding::Severity;

/// What an override does to a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Off,
    Severity(Severity),
}

impl<'de> Deserialize<'de> for Setting {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Setting, D::Error> {
        let s = String::deserialize(d)?;
        match s.as_str() {
            "off" | "关闭" => Ok(Setting::Off),
            other => Severity::parse(other).map(Setting::Severity).ok_or_else(|| {
                serde::de::Error::custom(format!("“{other}” 不是有效设置：应为 off / error / warning / info"))
            }),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub rules: BTreeMap<String, Setting>,
}

/// The override config.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub rules: BTreeMap<String, Setting>,
    #[serde(default)]
    pub scope: Vec<Scope>,
}

/// An override in force for a check, for the report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AppliedOverride {
    pub rule: String,
    /// `off`, `error`, `warning`, `info`.
    pub setting: String,
    /// `global` or the scope that matched (`region=上海`).
    pub scope: String,
}

impl Config {
    /// Parses a config; unknown rule ids are errors so that typos do not pass silently.
    pub fn parse(text: &str, known: &[&str]) -> Result<Config, String> {
        let c: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        for id in c.rules.keys().chain(c.scope.iter().flat_map(|s| s.rules.keys())) {
            if !known.contains(&id.as_str()) {
                return Err(format!("未知的规则 unknown rule: {id}"));
            }
        }
        Ok(c)
    }

    /// The settings in force for a document of `region` and `template`; later scopes win.
    pub fn in_force(&self, region: Option<&str>, template: Option<&str>) -> Vec<(String, Setting, String)> {
        let mut out: BTreeMap<String, (Setting, String)> =
            self.rules.iter().map(|(k, v)| (k.clone(), (*v, "global".to_owned()))).collect();
        for s in &self.scope {
            let region_ok = s.region.as_deref().is_none_or(|r| region.is_some_and(|have| have.contains(r)));
            let template_ok = s.template.as_deref().is_none_or(|t| template == Some(t));
            if region_ok && template_ok {
                let what = [
                    s.region.as_ref().map(|r| format!("region={r}")),
                    s.template.as_ref().map(|t| format!("template={t}")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(",");
                for (k, v) in &s.rules {
                    out.insert(k.clone(), (*v, what.clone()));
                }
            }
        }
        out.into_iter().map(|(k, (v, s))| (k, v, s)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_override_globals() {
        let c = Config::parse(
            "[rules]\n\"YS-A\" = \"off\"\n[[scope]]\nregion = \"上海\"\nrules = { \"YS-A\" = \"warning\" }\n",
            &["YS-A"],
        )
        .unwrap();
        assert_eq!(c.in_force(Some("湖北省"), None)[0].1, Setting::Off);
        let sh = c.in_force(Some("上海市普陀区"), None);
        assert_eq!(sh[0].1, Setting::Severity(Severity::Warning));
        assert_eq!(sh[0].2, "region=上海");
        assert!(Config::parse("[rules]\n\"YS-Z\" = \"off\"\n", &["YS-A"]).is_err());
        assert!(Config::parse("[rules]\n\"YS-A\" = \"loud\"\n", &["YS-A"]).is_err());
    }
}
