//! Rules: the narrative (文字说明) against the tables and against itself.
//!
//! One mistake, one finding: a figure printed truncated instead of rounded is YS-N019,
//! not YS-N001; an amount in 元 where 万元 is meant (YS-N007) enters sums as 万元; a rate
//! that agrees with the table's value of a wrongly restated amount is not reported again;
//! an item's restatement of its headline number is reported at the headline only.
//!
//! Every figure the narrative states is a [`Claim`] with a key; its expected
//! value comes from the table views ([`crate::resolve`]). Findings are located
//! at the claim's text span and quote the cells and the other claims used.
//! Paragraph rules (units, table references, empty reasons, “无…” statements)
//! read the paragraph text and locate the phrase they find.

use yusuan_model::{Code, Figure, FigureUnit, Interval, MoneyUnit, Scheme};

use crate::finding::{Evidence, Location, Msg, TextRef};
use crate::input::{self, Claim, ClaimValue, Input, Paragraph};
use crate::resolve::{self, Money, RatioRange, Resolved, Value};
use crate::rule::{Need, Out, Rule, RuleInfo};

/// A narrative rule: its documentation and its check.
pub struct Narrative {
    pub info: RuleInfo,
    pub run: fn(&Input, &mut Out),
}

impl Rule for Narrative {
    fn info(&self) -> &RuleInfo {
        &self.info
    }
    fn check(&self, input: &Input, out: &mut Out) {
        (self.run)(input, out)
    }
}

/// The rules of this module.
pub fn rules() -> Vec<&'static dyn Rule> {
    RULES.iter().map(|r| r as &dyn Rule).collect()
}

macro_rules! narrative {
    ($id:literal, $sev:ident, $run:expr, $title:literal, $title_en:literal, what: $what:literal, why: $why:literal, example: $ex:literal, needs: [$($need:expr),* $(,)?]) => {
        Narrative {
            info: RuleInfo {
                id: $id,
                severity: crate::finding::Severity::$sev,
                category: crate::finding::Category::TextTable,
                title: $title,
                title_en: $title_en,
                what: $what,
                why: $why,
                example: $ex,
                needs: &[$($need),*],
            },
            run: $run,
        }
    };
}

pub static RULES: &[Narrative] = &[
    narrative!("YS-N001", Error, money_vs_table,
        "文字金额与表不符", "narrative amount differs from the tables",
        what: "文字说明中的每个金额（总预算、收入、基本支出、项目支出、各功能类、一般公共预算、人员经费、公用经费、机关运行经费、政府采购、政府购买服务、“三公”经费各项、项目金额、绩效涉及金额、政府性基金等）与公开表中表述同一数量的单元格一致（按印刷舍入区间比较：2877.8 代表 ±0.05 万元）。截去尾数的数字由 YS-N019 报告，单位写错的由 YS-N007 报告，属于另一功能类的金额由 YS-N008 报告；逐项说明中重述的同一数字只在首次出现处报告。",
        why: "文字说明的数字应由公开表得来；不一致时读者无从判断哪个是真的，往往是改表后忘改文字。",
        example: "文字说明“项目支出 2877.8 万元”，《支出预算总表》合计行项目支出 2,887.80。",
        needs: [Need::Claims]),
    narrative!("YS-N002", Error, share_vs_table,
        "占比与表不符", "share differs from the tables",
        what: "文字说明中的占比（收入来源占收入合计、基本支出/项目支出占支出合计、各功能类占支出合计）等于按公开表金额重算的比例（按舍入区间比较）。",
        why: "占比是两个公开数字之比，必须可以重算；算错的占比说明计算或抄写有误。",
        example: "基本支出 1,050.18、支出合计 3,927.98，占比应为 26.74%，文字却写“占 27.74%”。",
        needs: [Need::Claims]),
    narrative!("YS-N003", Error, rate_wrong,
        "增长率计算错误", "growth rate does not recompute",
        what: "文字说明中的增长（下降）率等于所述增减额除以上年数：增加时为 增加额 ÷ (本年数 − 增加额)，减少时为 减少额 ÷ (本年数 + 减少额)；只写上年数（上海“预算执行数”）时为 (本年数 − 上年数) ÷ 上年数。本年数和增减额取文字所述；文字所述本年数与公开表不符（YS-N001 已报告）时，增长率与表中数相符也算正确，不符时以表中数计算应有的增长率。上年数为 0（新设单位或科目）时不检查（按舍入区间比较）。",
        why: "增长率的基数是上年数；文字给出本年数和增减额，增长率必须与之相符。",
        example: "总预算 150 万元，比上年增加 50 万元，增长 40%（应为 50 ÷ 100 = 50%）。",
        needs: [Need::Claims]),
    narrative!("YS-N004", Error, rate_wrong_base,
        "增长率基数错误（以本年数为基数）", "growth rate computed on this year's base",
        what: "增长率恰好等于 增减额 ÷ 本年数：误以本年数而非上年数为基数计算增长率。",
        why: "同比增长率 = (本年 − 上年) ÷ 上年。以本年数为分母会低估增长、高估下降，是预算公开中常见的计算错误。",
        example: "总预算 3927.98 万元，比上年增加 1874.31 万元，增长 47.72%（1874.31 ÷ 3927.98）；应为 1874.31 ÷ 2053.67 = 91.27%。",
        needs: [Need::Claims]),
    narrative!("YS-N005", Error, change_vs_prior,
        "增减额与上年数不符", "change differs from last year's figure",
        what: "已知上年预算数（prior_year）时，文字说明中的增减额等于 |本年数 − 上年数|，所述上年数等于上年预算数；本年数取公开表（无表时取文字所述）。",
        why: "增减额由本年数和上年数相减得来；对不上说明本年数、上年数或增减额有一个是错的。",
        example: "上年预算 982.67 万元，本年基本支出 1,050.18 万元，文字却写“增加 76.51 万元”（应为 67.51）。",
        needs: [Need::Claims]),
    narrative!("YS-N006", Error, direction_wrong,
        "增减方向与数字不符", "direction word contradicts the figures",
        what: "“增加 / 减少 / 持平”与本年数减上年数的符号一致（已知上年数时）；不知上年数时，与所述增减额一致：增减额为 0 不能说增加或减少，增减额不为 0 不能说持平。",
        why: "方向词写反会让读者对变化作出相反的理解。",
        example: "公务接待费 0.98 万元，上年 1.16 万元，文字却写“比上年预算增加 0.18 万元”。",
        needs: [Need::Claims]),
    narrative!("YS-N007", Error, unit_wrong,
        "金额单位错误（元/万元）", "amount stated in 元 where 万元 is meant",
        what: "文字说明中以“元”为单位的金额，其数值恰与公开表中某个以万元计的金额相同：单位应为万元。仅检查带小数或不小于 1000 的数，且不检查“元/人”“元每…”等标准。",
        why: "把万元写成元，金额缩小一万倍；读者会据此得出完全错误的结论。",
        example: "“（一）基本支出 1050.18 元”，公开表基本支出 1,050.18 万元。",
        needs: [Need::Paragraphs]),
    narrative!("YS-N008", Error, label_vs_code,
        "文字所列科目名称与金额所属科目不符", "classification named next to an amount is not its class",
        what: "文字说明在金额前写出的科目名称（如“农林水支出 2728.8 万元”）与该金额所属功能分类类级科目（或基本支出经济分类类级科目）在科目目录或收支总表中的名称一致（允许简称，即名称的开头部分）；写作某类的金额恰是另一类的金额时报告它属于哪一类；科目路径中印出的类名（“医疗卫生与计划生育支出（210类）”）与公开表中该类（或其款）的名称一致。",
        why: "科目名称由财政部统一规定；把 213 农林水支出写成“其他支出”（229 或经济分类 399 的名称）会误导读者对资金用途的理解。",
        example: "“5、其他支出 2728.8 万元”，而 2,728.80 万元是 213 农林水支出。",
        needs: [Need::Claims]),
    narrative!("YS-N009", Error, func_list_sum,
        "按功能分类列举的各类之和不等于支出总额", "listed functional classes do not add up to the total",
        what: "文字说明“按照支出功能分类科目，主要用于”所列各类金额之和等于前文所述预算支出总额（按舍入区间比较）。",
        why: "功能分类各类是对全部支出的划分；列举之和对不上，说明漏列一类或某个数抄错。",
        example: "预算支出 3927.98 万元，所列 883.46 + 120.24 + 73.09 + 122.39 = 1199.18 万元，漏列农林水支出 2728.8 万元。",
        needs: [Need::Claims]),
    narrative!("YS-N010", Error, shares_sum,
        "基本支出与项目支出占比之和不为 100%", "basic and project shares do not add up to 100%",
        what: "文字说明中基本支出占比与项目支出占比（江苏：再加单位预留机动经费占比）之和为 100%（按各自的舍入区间）。",
        why: "支出只分基本支出和项目支出两部分，两者占比之和必为 100%。",
        example: "基本支出占 26.74%，项目支出占 72.26%（合计 99%）。",
        needs: [Need::Claims]),
    narrative!("YS-N011", Error, three_public_sum,
        "文字中“三公”经费合计不等于各项之和", "narrative three-public total is not the sum of its items",
        what: "文字说明中“三公”经费预算数等于所述因公出国（境）费、公务接待费、公务用车购置及运行维护费（或购置费加运行维护费）之和。",
        why: "“三公”经费的定义就是这三项之和；文字内部不一致说明某项写错。",
        example: "“三公”经费 10.98 万元：出国 0 万元、接待 0.98 万元、购置 0 万元、运行维护 11 万元。",
        needs: [Need::Claims]),
    narrative!("YS-N012", Error, procurement_sum,
        "文字中政府采购合计不等于各类之和", "narrative procurement total is not the sum of its categories",
        what: "文字说明中政府采购预算合计等于所列货物类、工程类、服务类金额之和。",
        why: "政府采购按货物、工程、服务三类划分；所列各类之和应为合计。",
        example: "政府采购预算支出合计 27 万元，包括：货物类 5 万元，服务类 27 万元。",
        needs: [Need::Claims]),
    narrative!("YS-N013", Error, table_reference,
        "引用的公开表与内容不符", "referenced public table does not fit the sentence",
        what: "文字说明“详见公开表 N”中，第 N 张公开表的内容与句子所述相符：按功能分类到项级 → 一般公共预算支出表/支出预算总表；“三公” → “三公”经费支出表；政府采购 → 政府采购预算表；基本支出 → 一般公共预算基本支出表 等。",
        why: "表号引错，读者会在错误的表中寻找数字；常见于模板调整表序后文字未跟随修改。",
        example: "“2022 年一般公共预算安排支出 3927.98 万元（按功能分类到项级详见公开表 5）”，而公开表 5 是财政拨款收支预算总表，功能分类到项级的是公开表 6。",
        needs: [Need::Paragraphs]),
    narrative!("YS-N014", Warning, empty_reason,
        "变动原因为空", "empty reason for a change",
        what: "文字说明中“原因是”“原因主要是：”后紧接句末标点，没有写出原因。",
        why: "预算公开要求说明主要变动原因；空着的原因说明模板占位未填写。",
        example: "“较 2021 年预算增加 67.51 万元，增长 6.87%，变动的主要原因是。”",
        needs: [Need::Paragraphs]),
    narrative!("YS-N015", Error, none_vs_table,
        "文字称“无”而表中有数（或相反）", "narrative says none while a table shows some (or the reverse)",
        what: "文字说明称无政府性基金、国有资本经营预算、政府采购或政府购买服务支出时，相应公开表中没有金额；文字说明列出此类金额时，相应公开表不是空表。",
        why: "空表说明与文字说明互相矛盾，读者无法判断是否存在此类支出。",
        example: "文字“我单位 2022 年无政府性基金预算安排的支出”，《政府性基金预算支出表》合计 50.00 万元。",
        needs: [Need::Paragraphs]),
    narrative!("YS-N016", Error, project_item_sum,
        "项目按功能科目的金额不等于所列项目之和", "a functional item's project money is not the sum of its listed projects",
        what: "文字说明“其中按功能科目分类，主要用于”中，每个功能科目的项目支出金额等于其后“主要是用于”所列各项目金额之和。",
        why: "所列项目就是该科目下的项目；对不上说明漏列项目或金额抄错。",
        example: "“一般行政管理事务经费 80 万元，主要是用于调查研究工作 13 万元、区政府总值班室工作 24 万元、专项工作 34 万元。”",
        needs: [Need::Claims]),
    narrative!("YS-N017", Error, basic_project_sum,
        "文字中基本支出与项目支出之和不等于支出合计", "narrative basic + project is not the total",
        what: "文字说明中预算支出（一般公共预算支出）等于所述基本支出加项目支出（江苏：再加单位预留机动经费）。单位写错的数字（YS-N007）按应有的单位计入，不重复报告。",
        why: "支出只分基本支出和项目支出；文字内部不一致说明某个数写错。",
        example: "预算支出 3927.98 万元，其中基本支出 1050.18 万元、项目支出 2887.8 万元。",
        needs: [Need::Claims]),
    narrative!("YS-N018", Error, personnel_public_sum,
        "文字中人员经费与公用经费之和不等于基本支出", "narrative personnel + public is not basic",
        what: "文字说明中一般公共预算基本支出等于所述人员经费加公用经费。单位写错的数字（YS-N007）按应有的单位计入，不重复报告。",
        why: "基本支出只分人员经费和公用经费；文字内部不一致说明某个数写错。",
        example: "基本支出 1050.18 万元，其中人员经费 928.74 万元、公用经费 112.44 万元。",
        needs: [Need::Claims]),
    narrative!("YS-N019", Warning, truncated,
        "数字截尾而未四舍五入", "figure truncated instead of rounded",
        what: "文字说明中的金额、占比或增长率不在公开表数值（或按所述数字重算的值）的印刷舍入区间内，却落在截尾区间 [v, v+10⁻ᵈ) 内：末位是截去尾数得到的，没有四舍五入。这类数字不再按 YS-N001、YS-N002、YS-N003 报错。",
        why: "截尾不是金额错误而是取舍错误：数字本身来自表，但末位与表按四舍五入应得的值差一，读者无法分辨是抄错还是取舍不同。",
        example: "“行政单位离退休（项）87.70 万元”，表中 877,080.00 元即 87.708 万元，四舍五入应为 87.71 万元。",
        needs: [Need::Claims]),
    narrative!("YS-N020", Error, same_year_comparison,
        "与预算年度本身比较", "compared with the budget year itself",
        what: "文字说明“比（与、较）YYYY年…”中的年度等于文件本身的预算（决算）年度：同比应与上一年度比较。",
        why: "与本年度自身比较没有意义，说明年份抄错（通常是套用模板时把上年改成了本年）；读者无法知道增减是相对哪一年。",
        example: "2026 年预算：“财政拨款收入9628.22万元，比2026年预算增加793.14万元”（应为比 2025 年预算）。",
        needs: [Need::Paragraphs]),
    narrative!("YS-N021", Warning, direction_placeholder,
        "增减方向未选定", "direction left open (增加（减少）)",
        what: "文字说明保留了模板的“增加（减少）”“增长（下降）”等两可写法，且其后不是 0：没有写明是增加还是减少。",
        why: "模板中的括注是填写提示，发布时应选定一个方向；保留两可写法使读者无法知道变动方向。",
        example: "“财政拨款收入支出增加（减少）的主要原因是业务量增加。”",
        needs: [Need::Paragraphs]),
    narrative!("YS-N022", Warning, punctuation,
        "标点重复或引号不成对", "doubled punctuation or unpaired quotes",
        what: "文字说明一段中出现连续两个相同的句读标点（“。。”“，，”“；；”“、、”），或左右引号（“ ”）个数不等。",
        why: "重复的标点和不成对的引号是编辑遗留，影响阅读，也可能说明此处删改过文字。",
        example: "“主要用于：信息化建设及运行维护等方面的支出。。2025年当年预算执行数为…”；“开展“人民调解协议书检查”、优秀调解案例”活动。”",
        needs: [Need::Paragraphs]),
    narrative!("YS-N023", Warning, usage_names_other_item,
        "用途说明写的是另一科目", "usage text names another item",
        what: "按功能科目逐项说明的段落中，“主要用于”后的用途恰是同一款下另一个项级科目的名称（可带款名），而不是本项：用途说明是从相邻科目复制来的。",
        why: "逐项说明应说明本科目的用途；照抄相邻科目的说明使读者无法了解这笔钱的真实用途。",
        example: "“城乡社区管理事务（款）城管执法（项）604.34万元，主要用于城乡社区管理事务一般行政管理事务。”",
        needs: [Need::Paragraphs, Need::Claims]),
    narrative!("YS-N024", Warning, unit_called_department,
        "单位预算写作部门预算", "a unit budget calls itself 部门预算",
        what: "单位预算（公开表标题为“预算单位…”“单位…”）的文字说明中把本预算写作“部门预算”（“2026年部门预算安排…”“本部门预算”；“部门预算改革”“部门预算经济分类”等概念除外）。",
        why: "部门预算是主管部门汇总本部门及所属单位的预算，单位预算只是其中一个单位；混用会让读者误以为数字是整个部门的。",
        example: "单位预算中：“2026年部门预算安排购置车辆0辆……部门预算安排购置单价100万元（含）以上设备0台（套）”。",
        needs: [Need::Paragraphs]),
];

// ---- Helpers -----------------------------------------------------------------

const YOY: &[&str] = &[".share", ".prior", ".change", ".rate", ".direction"];

fn is_yoy_or_share(key: &str) -> bool {
    YOY.iter().any(|s| key.ends_with(s))
}

/// The name of what a key measures, for messages.
fn key_name(key: &str) -> Option<String> {
    if let Some(base) = key.strip_suffix(".share") {
        return key_name(base).map(|n| format!("{n}占比"));
    }
    if let Some(source) = key.strip_prefix("income.") {
        return yusuan_model::FundingSource::parse(source).map(|s| s.title().to_owned());
    }
    let name = match key {
        "total" => "预算支出",
        "income" => "预算收入",
        "basic" | "general_budget.basic" => "基本支出",
        "project" | "general_budget.project" => "项目支出",
        "general_budget" => "一般公共预算支出",
        "general_budget.personnel" => "人员经费",
        "general_budget.public" => "公用经费",
        "running_costs" => "机关运行经费",
        "procurement" => "政府采购预算",
        "procurement.goods" => "货物类",
        "procurement.works" => "工程类",
        "procurement.services" => "服务类",
        "purchased_services" => "政府购买服务",
        "three_public" => "“三公”经费",
        "three_public.abroad" => "因公出国（境）费",
        "three_public.reception" => "公务接待费",
        "three_public.vehicles" => "公务用车购置及运行维护费",
        "three_public.vehicle_purchase" => "公务用车购置费",
        "three_public.vehicle_running" => "公务用车运行维护费",
        "performance.projects" => "纳入绩效管理的项目支出",
        "performance.department" => "整体绩效目标涉及金额",
        "gov_fund" => "政府性基金预算支出",
        "state_capital" => "国有资本经营预算支出",
        _ => return None,
    };
    Some(name.to_owned())
}

/// The words that name a claim: the name of its key, else its label (`其他支出`), else its key.
fn name_of(c: &Claim) -> String {
    key_name(&c.key).or_else(|| c.label.as_deref().map(restore_label)).unwrap_or_else(|| c.key.clone())
}

/// A label without the blanks around figures.
fn restore_label(label: &str) -> String {
    label.split_whitespace().collect()
}

fn first<'a>(input: &'a Input, key: &str) -> Option<&'a Claim> {
    input.claim(key)
}

fn money_of(c: &Claim) -> Option<(Figure, Money)> {
    match c.value {
        ClaimValue::Money(f) => Some((f, Money::of_figure(f)?)),
        _ => None,
    }
}

fn unit_of(f: Figure) -> &'static str {
    match f.unit {
        FigureUnit::Money(u) => u.label(),
        FigureUnit::Percent => "%",
        FigureUnit::Count => "",
    }
}

fn text_ref(c: &Claim) -> Option<&TextRef> {
    match &c.location {
        Location::Text { text, .. } => Some(text),
        _ => None,
    }
}

/// A span of a paragraph (character offsets).
fn para_location(p: &Paragraph, start: usize, end: usize) -> Location {
    p.span(start, end)
}

/// The claim printed at this paragraph span, when there is one.
fn claim_at<'a>(input: &'a Input, p: &Paragraph, start: usize, end: usize) -> Option<&'a Claim> {
    input.claims.iter().find(|c| {
        text_ref(c).is_some_and(|t| t.section == p.section && t.paragraph == p.index && t.start < end && start < t.end)
    })
}

fn signed(m: Money, a: yusuan_model::Amount) -> String {
    let s = a.format_grouped(m.unit, m.decimals);
    if a.fen() > 0 { format!("+{s}") } else { s }
}

/// The first claim of `key` (preferring the last one before claim index `before`).
fn claim_near<'a>(input: &'a Input, key: &str, before: usize) -> Option<&'a Claim> {
    input.claims[..before.min(input.claims.len())].iter().rev().find(|c| c.key == key).or_else(|| first(input, key))
}

/// Are two claims printed in the same paragraph?
fn same_paragraph(a: &Claim, b: &Claim) -> bool {
    match (text_ref(a), text_ref(b)) {
        (Some(x), Some(y)) => x.section == y.section && x.paragraph == y.paragraph,
        _ => false,
    }
}

/// The last claim of `key` before claim index `at`, in the same paragraph as that claim.
fn claim_in_paragraph<'a>(input: &'a Input, key: &str, at: usize) -> Option<&'a Claim> {
    let c = input.claims.get(at)?;
    input.claims[..at].iter().rev().find(|p| p.key == key && same_paragraph(p, c))
}

/// The money a claim states; in the table's unit when its unit is a slip (`1050.18 元` where
/// the tables say 1,050.18 万元): sums and rates that include it use what the writer meant,
/// and YS-N007 reports the unit once.
fn stated_money(input: &Input, c: &Claim) -> Option<Money> {
    let (f, m) = money_of(c)?;
    if let Some(t) = resolve::resolve_claim(input, c).and_then(|r| r.money())
        && unit_slip(f, &t)
    {
        return Money::of_figure(Figure { unit: FigureUnit::Money(t.unit), ..f });
    }
    Some(m)
}

/// Is the printed figure the table value with its last digits cut off instead of rounded
/// (`87.70` for 87.708)? See YS-N019.
fn is_truncated(f: Figure, m: &Money) -> bool {
    !m.meets(f) && resolve::truncation(f).is_some_and(|t| t.meets(m.interval))
}

/// Checks `total = Σ parts` among stated figures; reports at the total claim.
fn narrative_sum(input: &Input, out: &mut Out, total: &Claim, parts: &[&Claim], what: Msg) {
    let Some((tf, _)) = money_of(total) else { return };
    let Some(tm) = stated_money(input, total) else { return };
    let mut sum: Option<Money> = None;
    for p in parts {
        let Some(m) = stated_money(input, p) else { return };
        sum = Some(match sum {
            None => m,
            Some(s) => s.plus(m),
        });
    }
    let Some(sum) = sum else { return };
    if tm.interval.meets(sum.interval) {
        return;
    }
    let listed: Vec<String> = parts.iter().map(|p| format!("{} {}", name_of(p), p.text)).collect();
    let unit = tm.unit.label();
    let shown = sum.amount.format_plain(tm.unit);
    let zh = format!(
        "{}：文字所述 {} {} {}，而所列 {} 之和为 {shown} {unit}",
        what.zh,
        name_of(total),
        total.text,
        unit_of(tf),
        listed.join(" + "),
    );
    let en = format!(
        "{}: the narrative states {} {} but the listed parts ({}) add up to {shown} {unit}",
        what.en,
        total.text,
        unit_of(tf),
        listed.join(" + "),
    );
    out.report(total.location.clone(), Msg::new(zh, en))
        .expected(shown)
        .actual(total.text.clone())
        .difference(signed(Money { unit: tm.unit, ..sum }, tm.amount - sum.amount))
        .evidences(
            std::iter::once(resolve::claim_evidence(total)).chain(parts.iter().map(|p| resolve::claim_evidence(p))),
        );
}

// ---- N001 money vs table -------------------------------------------------------

/// Is the claim's number the table value in the table's unit, printed with another unit (元 for 万元)?
fn unit_slip(f: Figure, m: &Money) -> bool {
    matches!(f.unit, FigureUnit::Money(u) if u != m.unit)
        && Figure { unit: FigureUnit::Money(m.unit), ..f }.interval().meets(m.interval)
        && !m.meets(f)
}

fn table_titles(r: &Resolved) -> String {
    let mut titles: Vec<&str> = Vec::new();
    for e in &r.evidence {
        if let Location::Cell { table_title, .. } | Location::Table { table_title, .. } = &e.location
            && !titles.contains(&table_title.as_str())
        {
            titles.push(table_title);
        }
    }
    titles.iter().map(|t| format!("《{t}》")).collect::<Vec<_>>().join("、")
}

/// An item's restatement (`item.<code>`) printing the same number as its headline
/// (`func.<code>`) earlier in the paragraph: one figure, reported once at the headline.
fn restates_headline(input: &Input, c: &Claim) -> bool {
    let Some(code) = c.key.strip_prefix("item.") else { return false };
    let headline = format!("func.{code}");
    let Some(at) = input.claims.iter().position(|x| std::ptr::eq(x, c)) else { return false };
    claim_in_paragraph(input, &headline, at).is_some_and(|h| h.value == c.value)
}

/// The functional classes the document's tables print (codes of 3 digits starting with 2).
fn class_codes(input: &Input) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    let mut add = |c: &str| {
        if c.len() == 3 && c.starts_with('2') && c.bytes().all(|b| b.is_ascii_digit()) && !codes.iter().any(|x| x == c)
        {
            codes.push(c.to_owned());
        }
    };
    for t in &input.tables {
        for r in &t.rows {
            if let Some(c) = &r.code {
                add(c);
            }
        }
    }
    if let Some(t) = input.table("summary")
        && let Some((ic, _)) = resolve::panel(t, "functional_item")
    {
        for r in 0..t.rows.len() {
            let label = resolve::text_at(t, r, ic).trim();
            let digits: String = label.chars().take_while(|c| c.is_ascii_digit()).collect();
            add(&digits);
        }
    }
    codes
}

/// A class figure whose amount is not its class's but exactly one other class's
/// (`5、其他支出 2728.8 万元`: 2,728.80 is 213 农林水支出): the class code it belongs to and
/// that class's resolved value. YS-N008 reports it; YS-N001 does not.
fn mislabelled(input: &Input, c: &Claim) -> Option<(String, Resolved)> {
    let (prefix, code) = match c.key.strip_prefix("general_budget.func.") {
        Some(code) => ("general_budget.func.", code),
        None => ("func.", c.key.strip_prefix("func.")?),
    };
    let (f, _) = money_of(c)?;
    if code.len() != 3 || f.mantissa == 0 {
        return None;
    }
    let own = resolve::resolve_claim(input, c)?.money()?;
    if own.meets(f) {
        return None;
    }
    let found: Vec<(String, Resolved)> = class_codes(input)
        .into_iter()
        .filter(|k| k != code)
        .filter_map(|k| {
            let r = resolve::resolve(input, &format!("{prefix}{k}"), None)?;
            let m = r.money()?;
            (!m.amount.is_zero() && m.meets(f)).then_some((k, r))
        })
        .collect();
    match <[_; 1]>::try_from(found) {
        Ok([one]) => Some(one),
        Err(_) => None,
    }
}

fn money_vs_table(input: &Input, out: &mut Out) {
    for c in input.claims.iter().filter(|c| !is_yoy_or_share(&c.key)) {
        let Some((f, stated)) = money_of(c) else { continue };
        let Some(r) = resolve::resolve_claim(input, c) else { continue };
        let Some(m) = r.money() else { continue };
        if m.meets(f) || unit_slip(f, &m) || (r.empty && f.mantissa != 0) || is_truncated(f, &m) {
            continue;
        }
        if restates_headline(input, c) || mislabelled(input, c).is_some() {
            continue;
        }
        let (name, unit, tables) = (name_of(c), unit_of(f), table_titles(&r));
        // An item restated with another number than its headline: say so.
        let headline = c.key.strip_prefix("item.").and_then(|code| {
            let at = input.claims.iter().position(|x| std::ptr::eq(x, c))?;
            claim_in_paragraph(input, &format!("func.{code}"), at).filter(|h| h.value != c.value)
        });
        let (also_zh, also_en) = match headline {
            Some(h) => {
                (format!("（本段前文写作 {} {unit}）", h.text), format!(" (the paragraph first says {})", h.text))
            }
            None => (String::new(), String::new()),
        };
        let zh = format!("文字说明“{name}”为 {} {unit}，{tables}为 {}{also_zh}", c.text, m.show_unit());
        let en = format!(
            "the narrative states {} {unit} for “{}”, the tables state {}{also_en}",
            c.text,
            c.key,
            m.show_unit()
        );
        // Expected and difference in the unit of the narrative (万元 where the tables print 元).
        let shown = Money { unit: stated.unit, decimals: f.decimals.max(2), ..m };
        out.report(c.location.clone(), Msg::new(zh, en))
            .expected(shown.show())
            .actual(c.text.clone())
            .difference(signed(shown, stated.amount - m.amount))
            .evidences(r.evidence);
    }
}

// ---- N002 shares -----------------------------------------------------------------

/// A share claim with its recomputed value, when it does not meet it.
fn share_off(input: &Input, c: &Claim) -> Option<(Figure, resolve::Share, Resolved)> {
    let ClaimValue::Percent(f) = c.value else { return None };
    let r = resolve::resolve_claim(input, c)?;
    let Value::Share(s) = r.value else { return None };
    (s.range.is_some() && !s.meets(f)).then_some((f, s, r))
}

fn share_truncated(f: Figure, s: &resolve::Share) -> bool {
    s.range.zip(resolve::truncation(f)).is_some_and(|(range, t)| range.meets_interval(t))
}

fn share_vs_table(input: &Input, out: &mut Out) {
    for c in input.claims.iter().filter(|c| c.key.ends_with(".share")) {
        let Some((f, s, r)) = share_off(input, c) else { continue };
        if share_truncated(f, &s) {
            continue;
        }
        let name = name_of(c);
        let zh = format!(
            "文字说明“{name}”为 {}，按公开表重算为 {} ÷ {} = {}",
            c.text,
            s.num.show_unit(),
            s.den.show_unit(),
            s.show()
        );
        let en = format!(
            "the narrative states a share of {} for “{}”; the tables give {} / {} = {}",
            c.text,
            c.key,
            s.num.show_unit(),
            s.den.show_unit(),
            s.show()
        );
        out.report(c.location.clone(), Msg::new(zh, en))
            .expected(s.show())
            .actual(c.text.clone())
            .evidences(r.evidence);
    }
}

// ---- N003 / N004 growth rates --------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RateOutcome {
    Right,
    /// The printed rate is the right one with its last digits cut off (YS-N019).
    Truncated,
    /// The printed rate is change / this.
    WrongBase,
    Wrong,
}

struct RateCheck {
    outcome: RateOutcome,
    /// The rate on last year's base, as printed with 2 decimals.
    expected: String,
    /// The same with 3 decimals (for truncation messages).
    expected_fine: String,
    /// change / this.
    on_this: String,
    /// How the expected rate comes: zh, en.
    formula: (String, String),
    /// How the printed rate comes on this year's base (change ÷ this): zh, en.
    formula_this: (String, String),
    increase: bool,
    /// The direction word printed, when it contradicts the figures.
    wrong_word: Option<String>,
    evidence: Vec<Evidence>,
}

/// A value of this year for a rate: the figure as stated, or the table's.
struct This {
    money: Money,
    text: String,
    evidence: Vec<Evidence>,
    /// From the table because the stated figure disagrees with it.
    table: bool,
}

/// This year's value of `base` for its rate: as stated (the nearest claim of `base`, or of the
/// item's headline `func.<code>`), and also the table's when the stated figure disagrees with
/// the table (a rate that agrees with the table is not wrong because a restated amount is).
fn this_years(input: &Input, base: &str, before: usize, unit: MoneyUnit, decimals: u8) -> Vec<This> {
    let mut keys = vec![base.to_owned()];
    if let Some(code) = base.strip_prefix("item.") {
        keys.push(format!("func.{code}"));
    }
    let usable = |c: &&Claim| keys.contains(&c.key) && money_of(c).is_some();
    let stated = input.claims[..before.min(input.claims.len())]
        .iter()
        .rev()
        .find(usable)
        .or_else(|| input.claims.iter().find(usable));
    // The table value of what the stated figure names (`收入支出总计` is the 总计 row).
    let label = stated.and_then(|c| c.label.as_deref());
    let table = resolve::resolve(input, base, label).and_then(|r| Some((r.money()?, r.evidence)));
    let mut out = Vec::new();
    if let Some(c) = stated
        && let Some((f, _)) = money_of(c)
        && let Some(m) = stated_money(input, c)
    {
        let agrees = table.as_ref().is_none_or(|(t, _)| t.meets(f) || unit_slip(f, t) || is_truncated(f, t));
        out.push(This { money: m, text: c.text.clone(), evidence: vec![resolve::claim_evidence(c)], table: false });
        if agrees {
            return out;
        }
    }
    if let Some((t, evidence)) = table {
        let text = t.amount.format(unit, decimals);
        out.push(This { money: t, text, evidence, table: true });
    }
    out
}

fn ratio_text(num: i128, den: i128) -> String {
    ratio_decimals(num, den, 2)
}

fn ratio_decimals(num: i128, den: i128, decimals: u8) -> String {
    if den == 0 { "—".into() } else { format!("{}%", yusuan_model::Ratio { num, den }.percent(decimals).format()) }
}

/// The sign a direction claim states.
fn word_sign(c: &Claim) -> Option<i8> {
    match &c.value {
        ClaimValue::Word(w) => resolve::direction_sign(w),
        _ => None,
    }
}

fn check_rate(input: &Input, index: usize, c: &Claim) -> Option<RateCheck> {
    let ClaimValue::Percent(f) = c.value else { return None };
    let base = c.key.strip_suffix(".rate")?;
    // The change as stated, or (Shanghai narratives) this year against the prior figure stated.
    let change_claim = claim_near(input, &format!("{base}.change"), index);
    let prior_claim = if change_claim.is_none() { claim_near(input, &format!("{base}.prior"), index) } else { None };
    let other = change_claim.or(prior_claim)?;
    let (other_f, other_m) = money_of(other)?;
    let unit = match other_f.unit {
        FigureUnit::Money(u) => u,
        _ => return None,
    };
    let decimals = other_f.decimals.clamp(2, 2);
    let direction = claim_near(input, &format!("{base}.direction"), index);
    let stated_sign = direction.and_then(word_sign);
    let candidates = this_years(input, base, index, unit, decimals);
    let (mut truncated, mut wrong_base, mut wrong) = (None, None, None);
    for this in &candidates {
        let t_text = if this.table { format!("{}（表中数）", this.text) } else { this.text.clone() };
        let mut evidence = this.evidence.clone();
        evidence.push(resolve::claim_evidence(other));
        evidence.extend(direction.map(resolve::claim_evidence));
        let (change, increase, formula, formula_this, wrong_word) = if change_claim.is_some() {
            let sign = match stated_sign {
                Some(0) => return None,
                Some(s) => s,
                None if c.label.as_deref().is_some_and(|l| l.contains("下降") || l.contains("减少")) => -1,
                None => 1,
            };
            let ch = &other.text;
            let formula = if sign > 0 {
                (
                    format!("增加 {ch} ÷ (本年 {t_text} − 增加 {ch})"),
                    format!("change {ch} / (this year {} − {ch})", this.text),
                )
            } else {
                (
                    format!("减少 {ch} ÷ (本年 {t_text} + 减少 {ch})"),
                    format!("change {ch} / (this year {} + {ch})", this.text),
                )
            };
            let formula_this = (format!("{ch} ÷ {}", this.text), format!("{ch} / {}", this.text));
            (other_m, sign > 0, formula, formula_this, None)
        } else {
            let diff = this.money.minus(other_m);
            let sign = match diff.mid().signum() {
                0 => continue,
                s => s as i8,
            };
            let d = diff.abs();
            let d_text = if this.table { d.amount.format(unit, decimals) } else { d.amount.format_plain(unit) };
            let (p, word) = (&other.text, if sign > 0 { "增加" } else { "减少" });
            let formula = (
                format!("本年 {t_text} 比上年 {p} {word} {d_text}，{d_text} ÷ 上年 {p}"),
                format!("this year {} against last year {p}: {d_text} / {p}", this.text),
            );
            let formula_this = (format!("{d_text} ÷ {}", this.text), format!("{d_text} / {}", this.text));
            let wrong_word = direction
                .filter(|_| stated_sign.is_some_and(|s| s != sign))
                .map(|d| d.text.chars().filter(|c| !c.is_whitespace()).collect::<String>());
            (d, sign > 0, formula, formula_this, wrong_word)
        };
        let this_iv = this.money.interval;
        // Growth from nothing (a new unit or item: last year 0) has no rate to check.
        let last_lo = if increase { this_iv.lo - change.interval.hi } else { this_iv.lo + change.interval.lo };
        if last_lo <= 0 {
            return None;
        }
        let right = RatioRange::growth(this_iv, change.interval, increase)?;
        let on_this = RatioRange::quotient(change.interval, this_iv);
        let (t, ch) = (this.money.mid(), change.mid());
        let den = if increase { t - ch } else { t + ch };
        let check = RateCheck {
            outcome: RateOutcome::Right,
            expected: ratio_text(ch, den),
            expected_fine: ratio_decimals(ch, den, 3),
            on_this: ratio_text(ch, t),
            formula,
            formula_this,
            increase,
            wrong_word,
            evidence,
        };
        if right.meets_percent(f) {
            if check.wrong_word.is_none() {
                return Some(check);
            }
            // The rate is right, the word is not: YS-N006 reports the word.
            return Some(RateCheck { outcome: RateOutcome::Right, ..check });
        }
        // Change ÷ this year, rounded, before a truncation of the right rate: `6%` for 67.51 ÷ 1050.18.
        if on_this.is_some_and(|r| r.meets_percent(f)) {
            wrong_base.get_or_insert(RateCheck { outcome: RateOutcome::WrongBase, ..check });
        } else if resolve::truncation(f).is_some_and(|iv| right.meets_interval(iv)) {
            truncated.get_or_insert(RateCheck { outcome: RateOutcome::Truncated, ..check });
        } else {
            // The last candidate (the table's, when the stated figure is wrong) gives the expected rate.
            wrong = Some(RateCheck { outcome: RateOutcome::Wrong, ..check });
        }
    }
    wrong_base.or(truncated).or(wrong)
}

fn rate_wrong(input: &Input, out: &mut Out) {
    for (i, c) in input.claims.iter().enumerate().filter(|(_, c)| c.key.ends_with(".rate")) {
        let Some(rc) = check_rate(input, i, c) else { continue };
        if rc.outcome != RateOutcome::Wrong {
            continue;
        }
        let kind = if rc.increase { "增长率" } else { "下降率" };
        let (fz, fe) = &rc.formula;
        let (word_zh, word_en) = match &rc.wrong_word {
            Some(w) => {
                let right = if rc.increase { "增加" } else { "减少" };
                (format!("；方向也应为“{right}”而非“{w}”"), format!("; the direction is “{right}”, not “{w}”"))
            }
            None => (String::new(), String::new()),
        };
        let zh = format!("{kind}“{}”与所述数字不符：{fz} = {}{word_zh}", c.text, rc.expected);
        let en = format!("the rate {} does not recompute: {fe} = {}{word_en}", c.text, rc.expected);
        out.report(c.location.clone(), Msg::new(zh, en))
            .expected(rc.expected)
            .actual(c.text.clone())
            .evidences(rc.evidence);
    }
}

fn rate_wrong_base(input: &Input, out: &mut Out) {
    for (i, c) in input.claims.iter().enumerate().filter(|(_, c)| c.key.ends_with(".rate")) {
        let Some(rc) = check_rate(input, i, c) else { continue };
        if rc.outcome != RateOutcome::WrongBase {
            continue;
        }
        let ((tz, te), (fz, fe)) = (&rc.formula_this, &rc.formula);
        let zh = format!(
            "增长率“{}”是以本年数为基数算出的：{tz} = {}；同比增长率应以上年数为基数：{fz} = {}",
            c.text, rc.on_this, rc.expected
        );
        let en = format!(
            "the rate {} is computed on this year's base: {te} = {}; on last year's base it is {fe} = {}",
            c.text, rc.on_this, rc.expected
        );
        out.report(c.location.clone(), Msg::new(zh, en))
            .expected(rc.expected)
            .actual(c.text.clone())
            .evidences(rc.evidence);
    }
}

// ---- N005 change vs prior --------------------------------------------------------

fn change_vs_prior(input: &Input, out: &mut Out) {
    if input.budget.is_none() {
        return;
    }
    for (i, c) in input.claims.iter().enumerate() {
        let Some((f, stated)) = money_of(c) else { continue };
        if let Some(base) = c.key.strip_suffix(".prior") {
            let Some((p, ev)) = resolve::prior(input, base) else { continue };
            let m = Money::exact(p, stated.unit, f.decimals);
            if m.meets(f) {
                continue;
            }
            let shown = p.format_plain(stated.unit);
            let zh = format!("文字所述上年数 {} {} 与上年预算 {shown} {} 不符", c.text, unit_of(f), unit_of(f));
            let en = format!("the narrative states last year's figure as {}, last year's budget is {shown}", c.text);
            out.report(c.location.clone(), Msg::new(zh, en))
                .expected(shown)
                .actual(c.text.clone())
                .evidence(ev.location, ev.quote);
            continue;
        }
        let Some(base) = c.key.strip_suffix(".change") else { continue };
        let Some((p, prior_ev)) = resolve::prior(input, base) else { continue };
        let (this, this_ev) = match resolve::resolve(input, base, None).and_then(|r| Some((r.money()?, r.evidence))) {
            Some(x) => x,
            None => match claim_near(input, base, i)
                .and_then(|t| Some((money_of(t)?.1, vec![resolve::claim_evidence(t)])))
            {
                Some(x) => x,
                None => continue,
            },
        };
        let expected = this.minus(Money::exact(p, this.unit, this.decimals)).abs();
        if expected.meets(f) {
            continue;
        }
        let unit = unit_of(f);
        let (this_s, prior_s) = (this.amount.format_plain(this.unit), p.format_plain(this.unit));
        let exp_s = expected.amount.format_plain(expected.unit);
        let zh = format!(
            "增减额 {} {unit} 与本年数 {this_s} 和上年预算 {prior_s} 之差 {exp_s} {} 不符",
            c.text,
            this.unit.label()
        );
        let en = format!("the change {} is not this year {this_s} minus last year {prior_s} = {exp_s}", c.text);
        out.report(c.location.clone(), Msg::new(zh, en))
            .expected(exp_s)
            .actual(c.text.clone())
            .difference(signed(expected, stated.amount - expected.amount))
            .evidences(this_ev)
            .evidence(prior_ev.location, prior_ev.quote);
    }
}

// ---- N006 direction ----------------------------------------------------------------

fn direction_wrong(input: &Input, out: &mut Out) {
    for (i, c) in input.claims.iter().enumerate() {
        let Some(base) = c.key.strip_suffix(".direction") else { continue };
        let ClaimValue::Word(w) = &c.value else { continue };
        let Some(sign) = resolve::direction_sign(w) else { continue };
        if let Some((p, prior_ev)) = resolve::prior(input, base) {
            let this = resolve::resolve(input, base, None).and_then(|r| Some((r.money()?, r.evidence))).or_else(|| {
                claim_near(input, base, i).and_then(|t| Some((money_of(t)?.1, vec![resolve::claim_evidence(t)])))
            });
            let Some((this, mut evidence)) = this else { continue };
            let diff = this.amount - p;
            let want = diff.fen().signum() as i8;
            if want == sign {
                continue;
            }
            let unit = this.unit;
            let (this_s, prior_s) = (this.amount.format_plain(unit), p.format_plain(unit));
            let word = resolve::direction_word(want);
            let zh = format!(
                "方向词“{w}”与数字不符：本年 {this_s} {}，上年 {prior_s} {}，应为“{word}”",
                unit.label(),
                unit.label()
            );
            let en = format!("“{w}” contradicts the figures: this year {this_s}, last year {prior_s}; it is “{word}”");
            evidence.push(prior_ev);
            out.report(c.location.clone(), Msg::new(zh, en)).expected(word).actual(w.clone()).evidences(evidence);
            continue;
        }
        // Shanghai items: this year against the prior figure stated in the paragraph.
        if let Some(prior) = claim_near(input, &format!("{base}.prior"), i)
            && claim_near(input, &format!("{base}.change"), i).is_none()
        {
            let Some((pf, pm)) = money_of(prior) else { continue };
            let FigureUnit::Money(unit) = pf.unit else { continue };
            let candidates = this_years(input, base, i, unit, 2);
            let signs: Vec<i8> = candidates.iter().map(|t| t.money.minus(pm).mid().signum() as i8).collect();
            if signs.is_empty() || signs.contains(&sign) {
                continue;
            }
            // A wrong rate in the paragraph is reported with its direction (YS-N003 / YS-N004).
            let rate_key = format!("{base}.rate");
            let rate_reported = input.claims.iter().enumerate().any(|(k, r)| {
                r.key == rate_key
                    && same_paragraph(r, c)
                    && check_rate(input, k, r)
                        .is_some_and(|rc| matches!(rc.outcome, RateOutcome::Wrong | RateOutcome::WrongBase))
            });
            if rate_reported {
                continue;
            }
            let this = candidates.last().expect("not empty");
            let word = resolve::direction_word(*signs.last().expect("not empty"));
            let zh = format!("方向词“{w}”与数字不符：本年 {}，上年 {}，应为“{word}”", this.text, prior.text);
            let en = format!(
                "“{w}” contradicts the figures: this year {}, last year {}; it is “{word}”",
                this.text, prior.text
            );
            let mut evidence = this.evidence.clone();
            evidence.push(resolve::claim_evidence(prior));
            out.report(c.location.clone(), Msg::new(zh, en)).expected(word).actual(w.clone()).evidences(evidence);
            continue;
        }
        let Some(change) = claim_near(input, &format!("{base}.change"), i) else { continue };
        let ClaimValue::Money(f) = change.value else { continue };
        let zero = f.mantissa == 0;
        if zero == (sign == 0) {
            continue;
        }
        let (zh, en) = if zero {
            (
                format!("方向词“{w}”与增减额 {} 不符：增减额为 0 应为“持平”", change.text),
                format!("“{w}” with a change of {}: a zero change is “持平”", change.text),
            )
        } else {
            (
                format!("方向词“{w}”与增减额 {} 不符：有增减就不是持平", change.text),
                format!("“{w}” with a change of {}: a nonzero change is an increase or a decrease", change.text),
            )
        };
        out.report(c.location.clone(), Msg::new(zh, en))
            .actual(w.clone())
            .evidence(change.location.clone(), change.text.clone());
    }
}

// ---- N007 元 / 万元 ---------------------------------------------------------------

/// Numbers followed by 元 (not 万元 / 亿元) in a paragraph: (start, end of 元, number text).
fn yuan_numbers(text: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.')) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == ',') {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect::<String>().trim_end_matches(['.', ',']).to_owned();
        let mut j = i;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let standard = matches!(chars.get(j + 1), Some('/' | '每' | '、'));
        let per = start > 0 && chars[..start].iter().rev().take(3).any(|c| *c == '每');
        if chars.get(j) == Some(&'元') && !standard && !per {
            found.push((start, j + 1, number));
        }
    }
    found
}

fn unit_wrong(input: &Input, out: &mut Out) {
    let mut reported: Vec<Location> = Vec::new();
    // Claims read with 元 whose number is a table value in 万元.
    for c in &input.claims {
        let Some((f, _)) = money_of(c) else { continue };
        let Some(m) = resolve::resolve_claim(input, c).and_then(|r| r.money()) else { continue };
        if !unit_slip(f, &m) {
            continue;
        }
        report_unit(
            out,
            c.location.clone(),
            &c.text,
            unit_of(f),
            &m,
            resolve::resolve_claim(input, c).map(|r| r.evidence),
        );
        reported.push(c.location.clone());
    }
    for p in &input.paragraphs {
        for (start, end, number) in yuan_numbers(&p.text) {
            let Some(d) = yusuan_model::Decimal::parse(&number) else { continue };
            let Ok(mantissa) = i64::try_from(d.mantissa) else { continue };
            let whole = d.mantissa / 10_i128.pow(d.scale);
            if mantissa == 0 || (d.scale == 0 && whole < 1000) {
                continue;
            }
            let as_wan = Figure { mantissa, decimals: d.scale as u8, unit: FigureUnit::Money(MoneyUnit::WanYuan) };
            let claim = claim_at(input, p, start, end);
            let location = claim.map_or_else(|| para_location(p, start, end), |c| c.location.clone());
            if reported.contains(&location) {
                continue;
            }
            // The figure's own table value when it is a claim, else any printed amount in 万元.
            if let Some(r) = claim.and_then(|c| resolve::resolve_claim(input, c))
                && let Some(m) = r.money()
                && m.unit == MoneyUnit::WanYuan
                && m.meets(as_wan)
            {
                report_unit(out, location.clone(), &number, "元", &m, Some(r.evidence));
                reported.push(location);
                continue;
            }
            let Some((t, r, col, a)) = input.tables.iter().filter(|t| t.unit == MoneyUnit::WanYuan).find_map(|t| {
                (0..t.rows.len()).find_map(|r| {
                    (0..t.columns.len()).find_map(|col| {
                        let a = t.rows[r].cells.get(col).and_then(|c| c.as_amount())?;
                        (!a.is_zero() && as_wan.interval().meets(input::interval(t, a))).then_some((t, r, col, a))
                    })
                })
            }) else {
                continue;
            };
            let m = Money::exact(a.round_to(t.unit, t.decimals), t.unit, t.decimals);
            let ev = Evidence { location: input::cell_location(t, r, col), quote: input::show(t, a) };
            report_unit(out, location.clone(), &number, "元", &m, Some(vec![ev]));
            reported.push(location);
        }
    }
}

fn report_unit(out: &mut Out, at: Location, number: &str, unit: &str, m: &Money, evidence: Option<Vec<Evidence>>) {
    let zh = format!(
        "单位错误：文字写作 {number} {unit}，公开表中为 {}；单位应为{}（差一万倍）",
        m.show_unit(),
        m.unit.label()
    );
    let en = format!("unit error: the narrative states {number} {unit}, the tables state {}", m.show_unit());
    out.report(at, Msg::new(zh, en))
        .expected(format!("{number} {}", m.unit.label()))
        .actual(format!("{number} {unit}"))
        .evidences(evidence.unwrap_or_default());
}

// ---- N008 labels ---------------------------------------------------------------------

/// Does a printed label name the class `name` (exactly, or as its leading part)?
fn label_names(label: &str, name: &str) -> bool {
    let squeeze = |s: &str| s.split_whitespace().collect::<String>().replace(['（', '）', '(', ')'], "");
    let (l, n) = (squeeze(label), squeeze(name));
    !l.is_empty() && (l == n || l.ends_with(&n) || (l.chars().count() >= 2 && n.starts_with(&l)))
}

fn label_vs_code(input: &Input, out: &mut Out) {
    printed_class_names(input, out);
    for c in input.claims.iter().filter(|c| !is_yoy_or_share(&c.key)) {
        // An amount named as one class that is another class's (`其他支出 2728.8` for 213).
        if let Some((k, r)) = mislabelled(input, c)
            && let Some(m) = r.money()
        {
            let label = c.label.as_deref().map(restore_label).unwrap_or_default();
            let kname = resolve::class_names(input, &k).into_iter().next().unwrap_or_default();
            let code = c.key.rsplit('.').next().unwrap_or_default();
            let zh = format!(
                "文字说明把 {} 万元写作“{label}”（{code}），但{}中 {} 是科目 {k} {kname}",
                c.text,
                table_titles(&r),
                m.show_unit()
            );
            let en = format!(
                "the narrative names {} “{label}” ({code}), but the tables give it to class {k} {kname}",
                c.text
            );
            out.report(c.location.clone(), Msg::new(zh, en))
                .expected(kname)
                .actual(label.clone())
                .evidence(c.location.clone(), format!("{label} {}", c.text))
                .evidences(r.evidence);
            continue;
        }
        let key = c.key.strip_prefix("general_budget.").filter(|k| k.starts_with("func.")).unwrap_or(&c.key);
        let (code, scheme, item) = if let Some(code) = key.strip_prefix("func.") {
            (code, Scheme::Functional, "functional_item")
        } else if let Some(code) = key.strip_prefix("general_budget.basic.econ.") {
            (code, Scheme::Economic, "economic_item")
        } else {
            continue;
        };
        let Some(label) = c.label.as_deref().map(restore_label) else { continue };
        let mut names: Vec<String> = Vec::new();
        let mut evidence = Vec::new();
        if let Some(n) = Code::parse(code, scheme).and_then(|k| input.catalog.name(scheme, k)) {
            names.push(n.to_owned());
        }
        if let Some(t) = input.table("summary")
            && let Some((r, name)) = resolve::summary_class_row(t, item, code)
            && let Some((ic, _)) = resolve::panel(t, item)
        {
            evidence.push(Evidence {
                location: input::cell_location(t, r, ic),
                quote: resolve::text_at(t, r, ic).to_owned(),
            });
            if !name.is_empty() {
                names.push(name);
            }
        }
        if names.is_empty() || names.iter().any(|n| label_names(&label, n)) {
            continue;
        }
        let name = &names[0];
        let zh = format!("文字说明把 {} 万元写作“{label}”，但它属于科目 {code} {name}", c.text);
        let en = format!("the narrative names {} “{label}”, but it is class {code} {name}", c.text);
        out.report(c.location.clone(), Msg::new(zh, en))
            .expected(name.clone())
            .actual(label.clone())
            .evidence(c.location.clone(), format!("{label} {}", c.text))
            .evidences(evidence);
    }
}

/// Class names printed in classification paths (`医疗卫生与计划生育支出（210类）…`) against the
/// names the document's tables (and the catalog) give that class — or its 款, which some
/// narratives print as （类） (`行政事业单位离退休（类）`).
fn printed_class_names(input: &Input, out: &mut Out) {
    let mut reported: Vec<(String, String)> = Vec::new();
    for p in &input.paragraphs {
        let chars: Vec<char> = p.text.chars().collect();
        let norm: Vec<char> = chars
            .iter()
            .map(|c| match c {
                '(' => '（',
                ')' => '）',
                c => *c,
            })
            .collect();
        let mut i = 0;
        while i < norm.len() {
            if norm[i] != '（' {
                i += 1;
                continue;
            }
            let digits: String = norm[i + 1..].iter().take_while(|c| c.is_ascii_digit()).collect();
            let k = i + 1 + digits.chars().count();
            if norm.get(k) != Some(&'类') || norm.get(k + 1) != Some(&'）') {
                i += 1;
                continue;
            }
            // The name: back to a separator, without an enumerator (`11、`, `1．`) or quotes.
            let start = norm[..i]
                .iter()
                .rposition(|c| matches!(c, '，' | '。' | '；' | '：' | '、' | '“' | '”' | '"' | '）' | ' '))
                .map_or(0, |s| s + 1);
            let mut s = start;
            while s < i && (norm[s].is_ascii_digit() || matches!(norm[s], '.' | '．')) {
                s += 1;
            }
            let name: String = chars[s..i].iter().collect();
            let end = k + 2;
            i = end;
            if name.chars().count() < 2 {
                continue;
            }
            // The class: printed, else the one of the item figure that follows in the paragraph.
            let code = if digits.len() == 3 {
                digits
            } else {
                let Some(code) = input
                    .claims
                    .iter()
                    .filter(|c| {
                        text_ref(c).is_some_and(|t| t.section == p.section && t.paragraph == p.index && t.start >= end)
                    })
                    .find_map(|c| c.key.strip_prefix("func.").or_else(|| c.key.strip_prefix("item.")))
                    .filter(|code| code.len() >= 3 && code.bytes().all(|b| b.is_ascii_digit()))
                else {
                    continue;
                };
                code[..3].to_owned()
            };
            let mut names = resolve::class_names(input, &code);
            if names.is_empty() {
                continue;
            }
            let class_name = names[0].clone();
            // A 款 printed as a class.
            for t in &input.tables {
                let Some(nc) = t.column_index("name") else { continue };
                for (r, row) in t.rows.iter().enumerate() {
                    if row.code.as_deref().is_some_and(|c| c.len() == 5 && c.starts_with(code.as_str())) {
                        names.push(resolve::text_at(t, r, nc).to_owned());
                    }
                }
            }
            for e in input.catalog.at_level(Scheme::Functional, yusuan_model::Level::Section) {
                if e.code.as_str().starts_with(code.as_str()) {
                    names.push(e.name.clone());
                }
            }
            let bare = name.trim_end_matches("支出");
            if names.iter().any(|n| label_names(&name, n) || label_names(bare, n)) {
                continue;
            }
            if reported.contains(&(code.clone(), name.clone())) {
                continue;
            }
            reported.push((code.clone(), name.clone()));
            let at = para_location(p, s, end);
            let zh = format!("文字说明写作“{name}”（{code} 类），而公开表中 {code} 类为“{class_name}”");
            let en = format!("the narrative names class {code} “{name}”, the tables name it “{class_name}”");
            out.report(at, Msg::new(zh, en)).expected(class_name).actual(name);
        }
    }
}

// ---- N009–N012, N016–N018 stated sums ------------------------------------------------------

fn func_list_sum(input: &Input, out: &mut Out) {
    // Lists of all money (`func.<class>`, against the stated total) and of 一般公共预算 money
    // (`general_budget.func.<class>`, against the stated 一般公共预算 figure).
    for (prefix, total_key) in [("func.", "total"), ("general_budget.func.", "general_budget")] {
        // Class figures only: a lone item-level `func.2040601` of an item paragraph is not part of the list.
        let is_func = |c: &Claim| {
            c.key.strip_prefix(prefix).is_some_and(|code| code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()))
        };
        let Some(first_func) = input.claims.iter().position(is_func) else { continue };
        // The list: the run of class figures (and their shares) from the first one.
        let parts: Vec<&Claim> = input.claims[first_func..]
            .iter()
            .take_while(|c| is_func(c) || (c.key.starts_with(prefix) && is_yoy_or_share(&c.key)))
            .filter(|c| is_func(c))
            .collect();
        let Some(total) = claim_near(input, total_key, first_func) else { continue };
        narrative_sum(
            input,
            out,
            total,
            &parts,
            Msg::new(
                "按支出功能分类所列各类金额之和不等于预算支出",
                "the listed functional classes do not add up to the total",
            ),
        );
    }
}

fn shares_sum(input: &Input, out: &mut Out) {
    let (Some(b), Some(p)) = (first(input, "basic.share"), first(input, "project.share")) else { return };
    let mut shares = vec![b, p];
    // Jiangsu: spending is 基本支出 + 项目支出 + 单位预留机动经费.
    match first(input, "reserve.share") {
        Some(r) => shares.push(r),
        None if first(input, "reserve").is_some() => return,
        None => {}
    }
    let mut sum = Interval::point(0);
    for c in &shares {
        let ClaimValue::Percent(f) = &c.value else { return };
        sum = sum.plus(f.interval());
    }
    if sum.meets(Interval::point(100_000_000)) {
        return;
    }
    let texts: Vec<&str> = shares.iter().map(|c| c.text.as_str()).collect();
    let zh = if shares.len() == 3 {
        format!(
            "基本支出占比 {}、项目支出占比 {} 与单位预留机动经费占比 {} 之和不为 100%",
            texts[0], texts[1], texts[2]
        )
    } else {
        format!("基本支出占比 {} 与项目支出占比 {} 之和不为 100%", texts[0], texts[1])
    };
    let en = format!("the shares {} do not add up to 100%", texts.join(" + "));
    out.report(p.location.clone(), Msg::new(zh, en))
        .expected("100%")
        .evidences(shares.iter().map(|c| resolve::claim_evidence(c)));
}

/// `total = Σ parts` among the first claims of these keys, when all are stated.
fn stated_sum(input: &Input, out: &mut Out, total: &str, parts: &[&str], what: Msg) -> bool {
    let Some(t) = first(input, total) else { return false };
    let ps: Option<Vec<&Claim>> = parts.iter().map(|k| first(input, k)).collect();
    let Some(ps) = ps else { return false };
    narrative_sum(input, out, t, &ps, what);
    true
}

fn three_public_sum(input: &Input, out: &mut Out) {
    let what = || {
        Msg::new(
            "“三公”经费应等于因公出国（境）费、公务接待费、公务用车购置及运行维护费之和",
            "the three-public total must equal abroad + reception + vehicles",
        )
    };
    let tp = "three_public";
    if !stated_sum(input, out, tp, &["three_public.abroad", "three_public.reception", "three_public.vehicles"], what())
    {
        stated_sum(
            input,
            out,
            tp,
            &[
                "three_public.abroad",
                "three_public.reception",
                "three_public.vehicle_purchase",
                "three_public.vehicle_running",
            ],
            what(),
        );
    }
}

fn procurement_sum(input: &Input, out: &mut Out) {
    let Some(total) = first(input, "procurement") else { return };
    let parts: Vec<&Claim> = input
        .claims
        .iter()
        .filter(|c| {
            c.key.strip_prefix("procurement.").is_some_and(|k| yusuan_model::ProcurementCategory::parse(k).is_some())
        })
        .collect();
    if parts.is_empty() {
        return;
    }
    narrative_sum(
        input,
        out,
        total,
        &parts,
        Msg::new("政府采购合计应等于所列各类之和", "the procurement total must equal the sum of its categories"),
    );
}

/// `project.<id>` keys (not `project.func.*`, not the figures of 项目支出 itself).
fn is_project_key(key: &str) -> bool {
    key.strip_prefix("project.")
        .is_some_and(|rest| !rest.starts_with("func.") && !YOY.iter().any(|s| format!(".{rest}") == *s))
}

fn project_item_sum(input: &Input, out: &mut Out) {
    let claims = &input.claims;
    for (i, c) in claims.iter().enumerate() {
        if !c.key.starts_with("project.func.") || is_yoy_or_share(&c.key) {
            continue;
        }
        let parts: Vec<&Claim> = claims[i + 1..].iter().take_while(|p| is_project_key(&p.key)).collect();
        if parts.is_empty() {
            continue;
        }
        narrative_sum(
            input,
            out,
            c,
            &parts,
            Msg::new(
                "功能科目的项目支出应等于所列各项目金额之和",
                "a functional item's project money must equal its listed projects",
            ),
        );
    }
}

fn basic_project_sum(input: &Input, out: &mut Out) {
    if let Some(b) = input.claims.iter().position(|c| c.key == "basic")
        && let Some(total) = claim_near(input, "total", b)
        && let Some(project) = input.claims[b..].iter().find(|c| c.key == "project").or_else(|| first(input, "project"))
    {
        let mut parts = vec![&input.claims[b], project];
        // Jiangsu: 单位预留机动经费 is the third part of spending.
        if let Some(r) = input.claims[b..].iter().find(|c| c.key == "reserve").or_else(|| first(input, "reserve")) {
            parts.push(r);
        }
        let what = if parts.len() == 3 {
            Msg::new(
                "预算支出应等于基本支出、项目支出与单位预留机动经费之和",
                "the total must equal basic + project + reserve",
            )
        } else {
            Msg::new("预算支出应等于基本支出加项目支出", "the total must equal basic + project")
        };
        narrative_sum(input, out, total, &parts, what);
    }
    let mut parts = vec!["general_budget.basic", "general_budget.project"];
    if first(input, "general_budget.reserve").is_some() {
        parts.push("general_budget.reserve");
    }
    stated_sum(
        input,
        out,
        "general_budget",
        &parts,
        Msg::new("一般公共预算支出应等于基本支出加项目支出", "general-budget spending must equal basic + project"),
    );
}

fn personnel_public_sum(input: &Input, out: &mut Out) {
    stated_sum(
        input,
        out,
        "general_budget.basic",
        &["general_budget.personnel", "general_budget.public"],
        Msg::new("基本支出应等于人员经费加公用经费", "basic spending must equal personnel + public"),
    );
}

// ---- N013 table references ----------------------------------------------------------------

/// Keywords of a sentence and the table roles that fit them, most specific first.
const REFERENCE_ROLES: &[(&str, &[&str])] = &[
    ("三公", &["three_public"]),
    ("政府采购", &["procurement"]),
    ("购买服务", &["purchased_services"]),
    ("政府性基金", &["gov_fund", "appropriation_summary"]),
    ("绩效", &["department_performance", "project_performance"]),
    ("财政拨款收支", &["appropriation_summary"]),
    ("基本支出", &["general_budget_basic_by_economic", "general_budget_by_function", "expenditure_by_function"]),
    ("经济分类", &["general_budget_basic_by_economic", "summary", "appropriation_summary"]),
    ("功能分类", &["general_budget_by_function", "expenditure_by_function", "income_by_function"]),
    ("项目支出", &["projects", "expenditure_by_function", "general_budget_by_function"]),
    ("收支总", &["summary", "appropriation_summary"]),
    ("收入", &["income_by_function", "summary", "appropriation_summary"]),
];

/// Words of table titles that a sentence may share, to pick the table it means.
const TITLE_WORDS: &[&str] =
    &["一般公共预算", "财政拨款", "基本支出", "项目支出", "收入", "支出", "政府性基金", "收支"];

const CN_DIGITS: &[char] = &['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Reads `12`, `１２`, `十二`, `五` at the start of `chars`: (number, length).
fn read_number(chars: &[char]) -> Option<(u32, usize)> {
    let ascii: String =
        chars
            .iter()
            .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
            .map(|c| {
                if c.is_ascii_digit() {
                    *c
                } else {
                    char::from_u32(*c as u32 - '０' as u32 + '0' as u32).unwrap_or('0')
                }
            })
            .collect();
    if !ascii.is_empty() {
        return Some((ascii.parse().ok()?, ascii.chars().count()));
    }
    let digit = |c: &char| CN_DIGITS.iter().position(|d| d == c).map(|v| v as u32);
    match (chars.first(), chars.get(1), chars.get(2)) {
        (Some('十'), b, _) => Some(b.and_then(digit).map_or((10, 1), |v| (10 + v, 2))),
        (Some(a), Some('十'), c) => {
            let tens = digit(a)? * 10;
            Some(c.and_then(digit).map_or((tens, 2), |v| (tens + v, 3)))
        }
        (Some(a), _, _) => digit(a).filter(|v| *v > 0).map(|v| (v, 1)),
        _ => None,
    }
}

fn table_reference(input: &Input, out: &mut Out) {
    if input.tables.is_empty() {
        return;
    }
    for p in &input.paragraphs {
        let chars: Vec<char> = p.text.chars().collect();
        let mut i = 0;
        while i + 3 <= chars.len() {
            if chars[i..i + 3] != ['公', '开', '表'] {
                i += 1;
                continue;
            }
            let mut j = i + 3;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            let Some((n, len)) = read_number(&chars[j..]) else {
                i += 3;
                continue;
            };
            let end = j + len;
            // The sentence up to the reference.
            let start = chars[..i].iter().rposition(|c| matches!(c, '。' | '；' | '！' | '？')).map_or(0, |k| k + 1);
            let sentence: String = chars[start..end].iter().collect();
            let reference = i;
            i = end;
            let Some((keyword, roles)) = REFERENCE_ROLES.iter().find(|(k, _)| sentence.contains(k)) else { continue };
            let Some(t) = input.tables.iter().find(|t| t.number == n) else { continue };
            if roles.contains(&t.role.as_str()) {
                continue;
            }
            // The fitting tables whose titles share most words with the sentence.
            let score = |t: &yusuan_model::Table| {
                TITLE_WORDS.iter().filter(|w| sentence.contains(*w) && t.title.contains(*w)).count()
            };
            let candidates: Vec<&yusuan_model::Table> =
                input.tables.iter().filter(|t| roles.contains(&t.role.as_str())).collect();
            let best = candidates.iter().map(|t| score(t)).max().unwrap_or(0);
            let best: Vec<&yusuan_model::Table> = candidates.into_iter().filter(|t| score(t) == best).collect();
            let fitting: Vec<String> = best.iter().map(|t| format!("公开表 {}《{}》", t.number, t.title)).collect();
            let suggest = if fitting.is_empty() { String::new() } else { format!("，应为{}", fitting.join("或")) };
            let suggest_en =
                if fitting.is_empty() { String::new() } else { format!("; it should be {}", fitting.join(" or ")) };
            let zh = format!("句中所述（“{keyword}”）与所引公开表 {n}《{}》不符{suggest}", t.title);
            let en = format!("the sentence is about “{keyword}” but public table {n} is “{}”{suggest_en}", t.title);
            let at = para_location(p, reference, end);
            let b = out
                .report(at, Msg::new(zh, en))
                .actual(format!("公开表 {n}"))
                .evidence(input::table_location(t), t.title.clone());
            if let Some(fit) = best.first() {
                b.expected(format!("公开表 {}", fit.number)).evidence(input::table_location(fit), fit.title.clone());
            }
        }
    }
}

// ---- N014 empty reasons ------------------------------------------------------------------------

fn empty_reason(input: &Input, out: &mut Out) {
    for p in &input.paragraphs {
        let chars: Vec<char> = p.text.chars().collect();
        let text: String = chars.iter().collect();
        let mut from = 0;
        while let Some(k) = text[from..].find("原因").map(|b| from + b) {
            from = k + "原因".len();
            let mut rest = &text[from..];
            let mut colon = false;
            loop {
                let before = rest.len();
                rest = rest.trim_start();
                for w in ["主要", "是", "为", "在于", "如下", "：", ":"] {
                    if let Some(r) = rest.strip_prefix(w) {
                        colon |= w == "：" || w == ":";
                        rest = r;
                    }
                }
                if rest.len() == before {
                    break;
                }
            }
            // “原因如下：” at the end of a paragraph introduces a list: not empty; nor is
            // “增加原因，一是…”, whose reason follows the comma.
            let after_comma = rest.strip_prefix(['，', ',']).map(str::trim_start);
            let empty = (rest.is_empty() && !colon)
                || rest.starts_with(['。', '；', ';', '.', '）', ')'])
                || after_comma.is_some_and(|a| a.is_empty() || a.starts_with(['。', '；', ';', '.']));
            if !empty {
                continue;
            }
            let start = text[..k].chars().count();
            let end = chars.len() - rest.chars().count() + usize::from(!rest.is_empty());
            let at = para_location(p, start, end);
            let excerpt = match &at {
                Location::Text { excerpt, .. } => excerpt.clone(),
                _ => String::new(),
            };
            let zh = format!("“{excerpt}”：原因为空，未说明变动原因");
            let en = format!("“{excerpt}”: the reason is left empty");
            out.report(at, Msg::new(zh, en));
        }
    }
}

// ---- N015 “无” vs tables ------------------------------------------------------------------------

struct Topic {
    /// The claim key and the words of the narrative.
    key: &'static str,
    words: &'static [&'static str],
    zh: &'static str,
}

const TOPICS: &[Topic] = &[
    Topic { key: "gov_fund", words: &["政府性基金"], zh: "政府性基金预算支出" },
    Topic { key: "state_capital", words: &["国有资本经营"], zh: "国有资本经营预算支出" },
    Topic { key: "procurement", words: &["政府采购"], zh: "政府采购预算" },
    Topic { key: "purchased_services", words: &["政府购买服务", "购买服务"], zh: "政府购买服务预算" },
    // A final account's 三公 budget (年初预算) stated while the 三公 table prints no row.
    Topic { key: "three_public.budget", words: &[], zh: "“三公”经费年初预算" },
];

/// The first nonzero printed cell of a topic, if any table shows some.
fn topic_cell(input: &Input, key: &str) -> Option<Evidence> {
    let nonzero = |role: &str, col: &str| -> Option<Evidence> {
        let t = input.table(role)?;
        let c = t.column_index(col)?;
        let r = (0..t.rows.len()).find(|&r| input::amount(t, r, c).is_some_and(|a| !a.is_zero()))?;
        let a = input::amount(t, r, c)?;
        Some(Evidence { location: input::cell_location(t, r, c), quote: input::show(t, a) })
    };
    let income_row = |words: &str| -> Option<Evidence> {
        let t = input.table("summary")?;
        let (ic, ac) = resolve::panel(t, "income_item")?;
        let r = (0..t.rows.len()).find(|&r| resolve::text_at(t, r, ic).contains(words))?;
        let a = input::amount(t, r, ac).filter(|a| !a.is_zero())?;
        Some(Evidence { location: input::cell_location(t, r, ac), quote: input::show(t, a) })
    };
    match key {
        "gov_fund" => nonzero("gov_fund", "total").or_else(|| income_row("政府性基金")),
        "state_capital" => nonzero("projects", "state_capital").or_else(|| income_row("国有资本经营")),
        "procurement" => nonzero("procurement", "subtotal"),
        "purchased_services" => nonzero("purchased_services", "subtotal"),
        _ => None,
    }
}

const NEGATIONS: &[&str] = &["无", "没有", "不涉及", "未安排", "未编制", "不存在"];

/// Spans of “无…<word>” in a paragraph: the negation and the word in one clause, at most 8 characters apart.
fn negated(text: &str, word: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let w: Vec<char> = word.chars().collect();
    let mut found = Vec::new();
    for i in 0..chars.len().saturating_sub(w.len() - 1) {
        if chars[i..i + w.len()] != w[..] {
            continue;
        }
        let from = i.saturating_sub(8);
        let window: String = chars[from..i].iter().collect();
        let clause = window.rsplit(['，', '。', '；', '、', '：', ',', ';']).next().unwrap_or("");
        let Some(pos) = NEGATIONS.iter().filter_map(|n| clause.rfind(n)).max() else { continue };
        if ["无论", "无需", "无须"].iter().any(|w| clause[pos..].starts_with(w)) {
            continue;
        }
        let start = i - clause[pos..].chars().count();
        found.push((start, i + w.len()));
    }
    found
}

fn none_vs_table(input: &Input, out: &mut Out) {
    for topic in TOPICS {
        // “无…” while a table shows some.
        if let Some(ev) = topic_cell(input, topic.key) {
            'paragraphs: for p in &input.paragraphs {
                for word in topic.words {
                    if let Some(&(start, end)) = negated(&p.text, word).first() {
                        let at = para_location(p, start, end);
                        let zh = format!("文字说明称无{}，但{}", topic.zh, describe_cell(&ev));
                        let en =
                            format!("the narrative says there is no {}, but a table shows {}", topic.key, ev.quote);
                        out.report(at, Msg::new(zh, en))
                            .expected(ev.quote.clone())
                            .actual("无")
                            .evidence(ev.location.clone(), ev.quote.clone());
                        break 'paragraphs;
                    }
                }
            }
        }
        // An amount stated while the table is printed empty.
        for c in input.claims.iter().filter(|c| c.key == topic.key) {
            let Some((f, _)) = money_of(c) else { continue };
            let Some(r) = resolve::resolve_claim(input, c) else { continue };
            if !r.empty || f.mantissa == 0 {
                continue;
            }
            let statement = r.evidence.first().map_or(String::new(), |e| e.quote.clone());
            let said = if statement.is_empty() { String::new() } else { format!("（{statement}）") };
            let zh = format!("文字说明列出{} {} {}，但相应公开表为空表{said}", topic.zh, c.text, unit_of(f));
            let en = format!("the narrative states {} {} but the table is empty ({statement})", topic.key, c.text);
            out.report(c.location.clone(), Msg::new(zh, en)).expected("0").actual(c.text.clone()).evidences(r.evidence);
        }
    }
}

fn describe_cell(ev: &Evidence) -> String {
    match &ev.location {
        Location::Cell { table_title, row_label, column_label, .. } => {
            format!("《{table_title}》“{row_label}”行“{column_label}”列为 {}", ev.quote)
        }
        l => format!("{}为 {}", l.describe(crate::finding::Lang::Zh), ev.quote),
    }
}

// ---- N019 truncated figures ------------------------------------------------------------

fn truncated(input: &Input, out: &mut Out) {
    for (i, c) in input.claims.iter().enumerate() {
        if c.key.ends_with(".rate") {
            let Some(rc) = check_rate(input, i, c) else { continue };
            if rc.outcome != RateOutcome::Truncated {
                continue;
            }
            let (fz, fe) = &rc.formula;
            let zh = format!(
                "增长率“{}”是截去尾数得到的：{fz} = {}，四舍五入应为 {}",
                c.text, rc.expected_fine, rc.expected
            );
            let en = format!("the rate {} is truncated: {fe} = {}, rounded {}", c.text, rc.expected_fine, rc.expected);
            out.report(c.location.clone(), Msg::new(zh, en))
                .expected(rc.expected)
                .actual(c.text.clone())
                .evidences(rc.evidence);
            continue;
        }
        if c.key.ends_with(".share") {
            let Some((f, s, r)) = share_off(input, c) else { continue };
            if !share_truncated(f, &s) {
                continue;
            }
            let fine = s.ratio().map_or("—".into(), |r| format!("{}%", r.percent(3).format()));
            let rounded = s.ratio().map_or("—".into(), |r| format!("{}%", r.percent(f.decimals).format()));
            let zh = format!(
                "文字说明“{}”为 {}，按公开表重算为 {} ÷ {} = {fine}，四舍五入应为 {rounded}：末位是截去尾数得到的",
                name_of(c),
                c.text,
                s.num.show_unit(),
                s.den.show_unit()
            );
            let en =
                format!("the share {} of “{}” is truncated: the tables give {fine}, rounded {rounded}", c.text, c.key);
            out.report(c.location.clone(), Msg::new(zh, en))
                .expected(rounded)
                .actual(c.text.clone())
                .evidences(r.evidence);
            continue;
        }
        if is_yoy_or_share(&c.key) {
            continue;
        }
        let Some((f, _)) = money_of(c) else { continue };
        let Some(r) = resolve::resolve_claim(input, c) else { continue };
        let Some(m) = r.money() else { continue };
        if !is_truncated(f, &m) || unit_slip(f, &m) || (r.empty && f.mantissa != 0) || restates_headline(input, c) {
            continue;
        }
        let FigureUnit::Money(unit) = f.unit else { continue };
        let rounded = m.amount.format(unit, f.decimals);
        let (name, tables) = (name_of(c), table_titles(&r));
        let zh = format!(
            "文字说明“{name}”为 {} {}，{tables}为 {}，四舍五入应为 {rounded} {}：末位是截去尾数得到的",
            c.text,
            unit.label(),
            m.show_unit(),
            unit.label()
        );
        let en = format!(
            "the narrative states {} {} for “{}”: the tables' {} truncated instead of rounded ({rounded})",
            c.text,
            unit.label(),
            c.key,
            m.show_unit()
        );
        out.report(c.location.clone(), Msg::new(zh, en)).expected(rounded).actual(c.text.clone()).evidences(r.evidence);
    }
}

// ---- N020 comparison with the budget year itself ------------------------------------------------

/// Spans of `比2026年` / `与 2026 年` / `较2026年` comparing with `year`.
fn same_year_spans(text: &str, year: i32) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let y: Vec<char> = year.to_string().chars().collect();
    let mut found = Vec::new();
    for i in 0..chars.len() {
        if !matches!(chars[i], '比' | '与' | '较') {
            continue;
        }
        let mut j = i + 1;
        while chars.get(j) == Some(&' ') {
            j += 1;
        }
        if chars.get(j..j + 4) != Some(&y[..]) || chars.get(j + 4).is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        let mut k = j + 4;
        while chars.get(k) == Some(&' ') {
            k += 1;
        }
        if chars.get(k) == Some(&'年') {
            found.push((i, k + 1));
        }
    }
    found
}

fn same_year_comparison(input: &Input, out: &mut Out) {
    let Some(year) = input.year else { return };
    // A final account compares its outcome with the same year's budget: that is its point.
    if input.template.as_deref().is_some_and(|t| t.contains("juesuan")) {
        return;
    }
    for p in &input.paragraphs {
        for (start, end) in same_year_spans(&p.text, year) {
            let at = para_location(p, start, end);
            let excerpt = match &at {
                Location::Text { excerpt, .. } => excerpt.clone(),
                _ => String::new(),
            };
            let zh = format!("“{excerpt}”：与 {year} 年本身比较；{year} 年预算应与 {} 年比较", year - 1);
            let en = format!("“{excerpt}”: compares {year} with itself; it should compare with {}", year - 1);
            out.report(at, Msg::new(zh, en)).expected(format!("{} 年", year - 1)).actual(format!("{year} 年"));
        }
    }
}

// ---- N021 direction placeholders ------------------------------------------------------------------

const PLACEHOLDERS: &[&str] = &[
    "增加（减少）",
    "增长（减少）",
    "增加（下降）",
    "增长（下降）",
    "减少（增加）",
    "下降（增长）",
    "上升（下降）",
    "增（减）",
];

/// Spans of `增加（减少）` not followed by a zero.
fn placeholder_spans(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect();
    let mut found = Vec::new();
    for w in PLACEHOLDERS {
        let w: Vec<char> = w.chars().collect();
        for i in 0..chars.len().saturating_sub(w.len() - 1) {
            if chars[i..i + w.len()] != w[..] {
                continue;
            }
            let mut j = i + w.len();
            while matches!(chars.get(j), Some(' ' | '了' | '为')) {
                j += 1;
            }
            let number: String = chars[j..].iter().take_while(|c| c.is_ascii_digit() || **c == '.').collect();
            let zero = !number.is_empty() && number.chars().all(|c| c == '0' || c == '.');
            if !zero && !found.iter().any(|(s, e)| *s < i + w.len() && i < *e) {
                found.push((i, i + w.len()));
            }
        }
    }
    found.sort();
    found
}

fn direction_placeholder(input: &Input, out: &mut Out) {
    for p in &input.paragraphs {
        for (start, end) in placeholder_spans(&p.text) {
            let at = para_location(p, start, end);
            let excerpt = match &at {
                Location::Text { excerpt, .. } => excerpt.clone(),
                _ => String::new(),
            };
            let zh = format!("“{excerpt}”：模板的两可写法未改，没有写明是增加还是减少");
            let en = format!("“{excerpt}”: the template's alternative is left in; the direction is not stated");
            out.report(at, Msg::new(zh, en)).actual(excerpt);
        }
    }
}

// ---- N022 punctuation ------------------------------------------------------------------------------

fn punctuation(input: &Input, out: &mut Out) {
    for p in &input.paragraphs {
        let chars: Vec<char> = p.text.chars().collect();
        for i in 1..chars.len() {
            if chars[i] == chars[i - 1]
                && matches!(chars[i], '。' | '，' | '；' | '、' | '：')
                && (i < 2 || chars[i - 2] != chars[i])
            {
                let at = para_location(p, i.saturating_sub(6), (i + 1).min(chars.len()));
                let zh = format!("标点“{}{}”重复", chars[i], chars[i]);
                let en = format!("doubled punctuation “{}{}”", chars[i], chars[i]);
                out.report(at, Msg::new(zh, en)).actual(format!("{}{}", chars[i], chars[i]));
            }
        }
        let (open, close) = (chars.iter().filter(|c| **c == '“').count(), chars.iter().filter(|c| **c == '”').count());
        if open != close {
            // The first quote that has no partner.
            let mut depth = 0_i32;
            let mut at = None;
            for (i, c) in chars.iter().enumerate() {
                match c {
                    '“' => depth += 1,
                    '”' if depth == 0 => {
                        at = Some(i);
                        break;
                    }
                    '”' => depth -= 1,
                    _ => {}
                }
            }
            let i = at.or_else(|| chars.iter().rposition(|c| *c == '“')).unwrap_or(0);
            let loc = para_location(p, i.saturating_sub(12), (i + 1).min(chars.len()));
            let zh = format!("引号不成对：左引号 {open} 个，右引号 {close} 个");
            let en = format!("unpaired quotes: {open} opening, {close} closing");
            out.report(loc, Msg::new(zh, en));
        }
    }
}

// ---- N023 usage text naming another item -------------------------------------------------------------

/// Names of the 项 (7-digit codes) the tables print under a 款, by code.
fn items_under(input: &Input, kuan: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for t in &input.tables {
        let Some(nc) = t.column_index("name") else { continue };
        for (r, row) in t.rows.iter().enumerate() {
            if let Some(code) = row.code.as_deref()
                && code.len() == 7
                && code.starts_with(kuan)
            {
                let name: String = resolve::text_at(t, r, nc).split_whitespace().collect();
                if !name.is_empty() && !out.iter().any(|(c, _)| c == code) {
                    out.push((code.to_owned(), name));
                }
            }
        }
    }
    out
}

fn usage_names_other_item(input: &Input, out: &mut Out) {
    for p in &input.paragraphs {
        // The item of the paragraph: its headline figure.
        let Some(code) = input
            .claims
            .iter()
            .filter(|c| text_ref(c).is_some_and(|t| t.section == p.section && t.paragraph == p.index))
            .find_map(|c| c.key.strip_prefix("func."))
            .filter(|code| code.len() == 7)
        else {
            continue;
        };
        let Some(byte) = p.text.find("主要用于") else { continue };
        let from = p.text[..byte].chars().count() + "主要用于".chars().count();
        let chars: Vec<char> = p.text.chars().collect();
        let mut start = from;
        while start < chars.len() && matches!(chars[start], '：' | ':' | ' ') {
            start += 1;
        }
        let end = (start..chars.len()).find(|&i| matches!(chars[i], '。' | '；' | '，' | '、')).unwrap_or(chars.len());
        let usage: String = chars[start..end].iter().filter(|c| !c.is_whitespace()).collect();
        let items = items_under(input, &code[..5]);
        let own: Vec<String> = items.iter().filter(|(c, _)| c == code).map(|(_, n)| n.clone()).collect();
        if usage.is_empty() || own.is_empty() || own.iter().any(|n| usage.contains(n.as_str())) {
            continue;
        }
        let kuan_names = resolve::class_names(input, &code[..5]);
        let rest = kuan_names.iter().find_map(|k| usage.strip_prefix(k.as_str())).unwrap_or(&usage);
        let Some((other, other_name)) = items.iter().find(|(c, n)| c != code && n == rest) else { continue };
        let at = para_location(p, start, end);
        let zh = format!("用途说明“主要用于{usage}”写的是 {other} {other_name}，而本段是 {code} {}", own[0]);
        let en = format!("the usage text names item {other} {other_name}, but the paragraph is item {code} {}", own[0]);
        out.report(at, Msg::new(zh, en)).expected(own[0].clone()).actual(other_name.clone());
    }
}

// ---- N024 a unit budget called 部门预算 ---------------------------------------------------------------

fn unit_called_department(input: &Input, out: &mut Out) {
    let unit = input.tables.iter().any(|t| t.title.contains("预算单位") || t.title.contains("单位预算"));
    let department = input.tables.iter().any(|t| t.title.replace("部门预算经济分类", "").contains("部门"));
    if !unit || department {
        return;
    }
    for p in &input.paragraphs {
        let chars: Vec<char> = p.text.chars().collect();
        let word: Vec<char> = "部门预算".chars().collect();
        let spans: Vec<usize> = (0..chars.len().saturating_sub(3))
            .filter(|&i| chars[i..i + 4] == word[..])
            // The budget itself (`2026年部门预算安排…`, `本部门预算`), not the concept (`部门预算改革`).
            .filter(|&i| chars[i + 4..].starts_with(&['安', '排']) || (i > 0 && matches!(chars[i - 1], '年' | '本')))
            .collect();
        let Some(&first) = spans.first() else { continue };
        let at = para_location(p, first, first + 4);
        let zh = if spans.len() > 1 {
            format!("单位预算的文字说明写作“部门预算”（本段 {} 处），应为“单位预算”", spans.len())
        } else {
            "单位预算的文字说明写作“部门预算”，应为“单位预算”".to_owned()
        };
        let en = format!("a unit budget's narrative says 部门预算 ({} times here)", spans.len());
        out.report(at, Msg::new(zh, en)).expected("单位预算").actual("部门预算");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_yuan_skip_wan_and_standards() {
        let found = yuan_numbers("基本支出 1050.18 元，项目 2877.8 万元，标准 40元/人，每人 60 元，合计 1,200元。");
        let numbers: Vec<&str> = found.iter().map(|(_, _, n)| n.as_str()).collect();
        assert_eq!(numbers, ["1050.18", "1,200"]);
        let (start, end, _) = found[0];
        assert_eq!((start, end), (5, 14));
    }

    #[test]
    fn table_numbers_read_in_digits_and_chinese() {
        let read = |s: &str| read_number(&s.chars().collect::<Vec<_>>()).map(|(n, _)| n);
        assert_eq!(read("6）"), Some(6));
        assert_eq!(read("１２"), Some(12));
        assert_eq!(read("五。"), Some(5));
        assert_eq!(read("十三"), Some(13));
        assert_eq!(read("十"), Some(10));
        assert_eq!(read("二十一"), Some(21));
        assert_eq!(read("的"), None);
    }

    #[test]
    fn comparisons_with_the_budget_year_itself() {
        let t =
            "财政拨款收入9628.22万元，比2026年预算增加793.14万元；与 2026 年预算持平；比2025年预算执行数减少1.07%。";
        assert_eq!(same_year_spans(t, 2026), [(16, 22), (35, 43)]);
        let at = |(s, e): (usize, usize)| t.chars().skip(s).take(e - s).collect::<String>();
        assert_eq!(same_year_spans(t, 2026).into_iter().map(at).collect::<Vec<_>>(), ["比2026年", "与 2026 年"]);
        assert!(same_year_spans(t, 2025).len() == 1);
        assert!(same_year_spans("2026年预算安排20260万元", 2026).is_empty());
    }

    #[test]
    fn placeholders_left_open_but_not_before_zero() {
        assert_eq!(placeholder_spans("财政拨款收入支出增加（减少）的主要原因是业务量增加。"), [(8, 14)]);
        assert!(placeholder_spans("与上年相比增加（减少）0万元，增长（减少）0%。").is_empty());
        assert_eq!(placeholder_spans("减少 0.15 万元，下降（增长）27.78%").len(), 1);
        assert_eq!(placeholder_spans("增加(减少)5万元").len(), 1);
    }

    #[test]
    fn truncated_figures_meet_the_table_only_from_below() {
        let wan = |t: &str| input::parse_figure(t, MoneyUnit::WanYuan).expect("figure");
        let table =
            Money::of_figure(input::parse_figure("877080.00", MoneyUnit::Yuan).expect("figure")).expect("money");
        assert!(is_truncated(wan("87.70"), &table), "87.708 cut to 87.70");
        assert!(!is_truncated(wan("87.71"), &table), "rounded: not truncated");
        assert!(!is_truncated(wan("87.69"), &table));
        assert!(!is_truncated(wan("887.36"), &table));
    }

    #[test]
    fn negations_are_found_in_the_clause_only() {
        assert_eq!(negated("我单位 2022 年无政府性基金预算安排的支出。", "政府性基金"), [(10, 16)]);
        assert!(negated("无，政府性基金预算 50 万元", "政府性基金").is_empty());
        assert!(negated("无论政府采购与否", "政府采购").is_empty());
        assert_eq!(negated("2022 年无政府采购预算。", "政府采购").len(), 1);
    }
}
